// Shared by the fixture maker and the export check: images as Teachable Machine feeds them.
const fs = require('fs');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');
const { cropTensor } = require('@teachablemachine/image/dist/utils/tf');

// A 224x224 RGB PNG (the test's reference images are already that size, composited onto white)
// through Teachable Machine's own capture(): centre crop, then pixel / 127 - 1.
// Other sizes are first resized to 224 by nearest neighbour, transparency composited onto white.
function captured(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const size = 224;
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (Math.floor((y * png.height) / size) * png.width + Math.floor((x * png.width) / size)) * 4;
      const a = png.data[i + 3] / 255;
      for (let c = 0; c < 3; c++) rgba[(y * size + x) * 4 + c] = Math.round(png.data[i + c] * a + 255 * (1 - a));
      rgba[(y * size + x) * 4 + 3] = 255;
    }
  }
  return capture(rgba, size);
}

// Teachable Machine's capture() (dist/utils/tf.js) after tf.browser.fromPixels, which TF.js 1.3.1
// refuses outside a browser: the same crop (its own cropTensor), batch axis and pixel / 127 - 1.
function capture(rgba, size) {
  return tf.tidy(() => {
    const rgb = new Int32Array(size * size * 3);
    for (let i = 0; i < size * size; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c];
    const pixels = tf.tensor3d(rgb, [size, size, 3], 'int32');
    const cropped = cropTensor(pixels, false);
    return cropped.expandDims(0).toFloat().div(tf.scalar(127)).sub(tf.scalar(1));
  });
}

// An in-memory IOHandler that keeps what model.save() writes.
function memorySaver() {
  const box = {};
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    box.artifacts = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
  return { handler, box };
}

// model.json as a browser download of a TF.js model writes it, with the weights in weights.bin
// (the name Teachable Machine's export uses).
function modelJson(artifacts) {
  return {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format || 'layers-model',
    generatedBy: artifacts.generatedBy || `TensorFlow.js tfjs-layers v${tf.version_layers || tf.version.tfjs}`,
    convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
}

module.exports = { captured, memorySaver, modelJson };
