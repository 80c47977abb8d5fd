// Loads a model folder that Graft exported to TF.js (model.json, weights.bin) with TF.js itself and
// prints, as JSON, the probabilities it gives each image. The export takes Teachable Machine's
// inputs (pixel / 127 - 1); the images are composited onto white and must already be the model's
// size. Graft's KerasFileTfjsExportTest compares them with Graft's own.
//
//   npm ci && node check-tfjs-export.js <exported folder> <image.png>...
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');

function input(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Float32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    const a = png.data[i * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) {
      rgb[i * 3 + c] = (png.data[i * 4 + c] * a + 255 * (1 - a)) / 127 - 1;
    }
  }
  return tf.tensor4d(rgb, [1, png.height, png.width, 3]);
}

async function main() {
  const [dir, ...images] = process.argv.slice(2);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const data = fs.readFileSync(path.join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) }));
  const out = { cases: [] };
  for (const file of images) {
    out.cases.push({ image: path.basename(file), probabilities: Array.from(await model.predict(input(file)).data()) });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
