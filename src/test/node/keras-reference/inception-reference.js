// Runs nsfwjs 4.4.0's InceptionV3 (Keras, TF.js layers, 299 px) with TF.js itself on a few images
// and writes what it computes, for Graft's InceptionV3ReferenceTest. The model is read from the
// package's own wrapped dist/models/inception_v3/*.min.js files; inputs are RGB / 255, as nsfwjs
// feeds it.
//
//   npm ci && node inception-reference.js <out dir> <image.png>...
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { square } = require('./images');

async function main() {
  const [outDir, ...images] = process.argv.slice(2);
  const dir = path.join(__dirname, 'node_modules/nsfwjs/dist/models/inception_v3');
  const json = require(path.join(dir, 'model.min.js'));
  const shards = json.weightsManifest[0].paths.map((p) => Buffer.from(require(path.join(dir, `${p}.min.js`)), 'base64'));
  const data = Buffer.concat(shards);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) }));
  const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('flatten_1').output });
  const mixed5 = tf.model({ inputs: model.inputs, outputs: model.getLayer('mixed5').output });
  const out = { model: 'nsfwjs 4.4.0 inception_v3 (TF.js layers)', inputSize: 299, cases: [] };
  for (const file of images) {
    const name = path.basename(file, '.png');
    const rgb = square(file, 299, path.join(outDir, `${name}-299.png`));
    const x = tf.tensor4d(rgb.map((v) => v / 255), [1, 299, 299, 3]);
    const probabilities = Array.from(await model.predict(x).data());
    const pooled = Array.from(await features.predict(x).data());
    const m5 = Array.from(await mixed5.predict(x).mean([1, 2]).data());
    out.cases.push({ image: `${name}-299.png`, probabilities, features: pooled, mixed5Pooled: m5 });
    console.log(name, probabilities.map((p) => p.toFixed(5)).join(' '));
  }
  fs.writeFileSync(path.join(outDir, 'inception-reference.json'), JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
