// Runs the ORIGINAL TF.js (Keras layers) MobileNetV2 of nsfwjs 4.4.0 on a few fixed inputs and
// writes what it computes, so that Graft's converted DJL network can be checked against it.
//
//   npm install && node make-reference.js <dir with model.json + group1-shard1of1> <out dir> img.png…
//
// Each input image is composited onto white (alpha), resized to 224x224 by nearest neighbour and
// written as <out>/<name>-224.png: the test feeds exactly those bytes to Graft, so the comparison
// does not depend on two resize implementations agreeing. Pixels are scaled to [0, 1], as nsfwjs
// feeds the model.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');

async function main() {
  const [modelDir, outDir, ...images] = process.argv.slice(2);
  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  const weightData = fs.readFileSync(path.join(modelDir, 'group1-shard1of1'));
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs,
    weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.length),
  }));
  const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('out_relu').output });
  const out = { model: 'nsfwjs 4.4.0 mobilenet_v2 (TF.js layers)', inputSize: 224, cases: [] };
  for (const file of images) {
    const src = PNG.sync.read(fs.readFileSync(file));
    const dst = new PNG({ width: 224, height: 224, colorType: 2 });
    const rgb = new Float32Array(224 * 224 * 3);
    for (let y = 0; y < 224; y++) {
      for (let x = 0; x < 224; x++) {
        const sx = Math.floor((x * src.width) / 224);
        const sy = Math.floor((y * src.height) / 224);
        const i = (sy * src.width + sx) * 4;
        const a = src.data[i + 3] / 255;
        const o = (y * 224 + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = Math.round(src.data[i + c] * a + 255 * (1 - a));
          dst.data[o + c] = v;
          rgb[(y * 224 + x) * 3 + c] = v / 255;
        }
        dst.data[o + 3] = 255;
      }
    }
    const name = path.basename(file, '.png');
    fs.writeFileSync(path.join(outDir, `${name}-224.png`), PNG.sync.write(dst, { colorType: 2 }));
    const input = tf.tensor4d(rgb, [1, 224, 224, 3]);
    const probs = Array.from(await model.predict(input).data());
    const fmap = features.predict(input);
    const pooled = Array.from(await fmap.mean([1, 2]).data());
    out.cases.push({ image: `${name}-224.png`, probabilities: probs, pooledFeatures: pooled });
    console.log(name, probs.map((p) => p.toFixed(5)).join(' '));
  }
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
