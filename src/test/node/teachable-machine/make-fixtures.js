// Makes Teachable Machine image-model fixtures for Graft's importer test, with Teachable Machine's
// own code path: @teachablemachine/image's createTeachable() loads a Keras MobileNet (v1 or v2, one
// alpha), truncates it at conv_pw_13_relu + Flatten (v1) or out_relu + GlobalAveragePooling2D (v2),
// collects examples, trains its Dense(100, relu) + Dense(classes, softmax, no bias) head, and the
// joint model is saved as Teachable Machine exports it (model.json, weights.bin, metadata.json).
//
//   npm ci && node make-fixtures.js <out dir> <image dir with 224 px PNGs> <training PNG>...
//
// Google's base weights cannot be fetched here, so every weight of the exported model is then
// replaced by reproducible local weights (weights.js, seed in fixture.json); the Java test makes
// the same weights.bin from the seed, so only model.json, metadata.json and the reference outputs
// are committed. Reference outputs: the saved model loaded back with tf.loadLayersModel, fed each
// reference image through Teachable Machine's capture().
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const tmImage = require('@teachablemachine/image');
const { mobilenetV1, mobilenetV2 } = require('./keras-mobilenets');
const { makeWeights } = require('./weights');
const { captured, memorySaver, modelJson } = require('./common');

const CASES = [
  { version: 1, alpha: 0.25, seed: 101 }, { version: 1, alpha: 0.5, seed: 102 },
  { version: 1, alpha: 0.75, seed: 103 }, { version: 1, alpha: 1.0, seed: 104 },
  { version: 2, alpha: 0.35, seed: 201 }, { version: 2, alpha: 0.5, seed: 202 },
  { version: 2, alpha: 0.75, seed: 203 }, { version: 2, alpha: 1.0, seed: 204 },
];
const LABELS = ['animal', 'food', 'vehicle'];
const FEATURE_SAMPLES = 64;

async function save(model) {
  const { handler, box } = memorySaver();
  await model.save(handler);
  return box.artifacts;
}

async function makeOne(c, outDir, refImages, trainImages) {
  const base = c.version === 1 ? mobilenetV1(c.alpha) : mobilenetV2(c.alpha);
  const baseArtifacts = await save(base);
  const metadata = {
    tfjsVersion: tf.version.tfjs, tmVersion: '2.4.10', packageVersion: tmImage.version,
    packageName: '@teachablemachine/image', timeStamp: '2026-12-01T12:00:00.000Z', userMetadata: {},
    modelName: `tm-v${c.version}-${c.alpha}`, labels: LABELS, imageSize: 224,
  };
  const tm = await tmImage.createTeachable(metadata, {
    version: c.version, alpha: c.alpha, checkpointUrl: tf.io.fromMemory(baseArtifacts),
    trainingLayer: c.version === 1 ? 'conv_pw_13_relu' : 'out_relu',
  });
  tm.setLabels(LABELS);
  tm.setSeed('graft');
  for (let i = 0; i < trainImages.length; i++) {
    await tm.addExample(i % LABELS.length, captured(trainImages[i]));
  }
  await tm.train({ denseUnits: 100, epochs: 2, learningRate: 0.001, batchSize: 16 });
  // the exported model with locally made weights in place of the trained and random ones
  const trained = await save(tm.model);
  const values = makeWeights(c.seed, trained.weightSpecs);
  const byName = {};
  trained.weightSpecs.forEach((s, i) => { byName[s.name] = values[i]; });
  tm.model.weights.forEach((w) => w.write(tf.tensor(byName[w.originalName], w.shape)));
  const artifacts = await save(tm.model);
  const expected = Buffer.concat(values.map((v) => Buffer.from(v.buffer)));
  if (!Buffer.from(artifacts.weightData).equals(expected)) throw new Error('weights do not round-trip');
  const dir = path.join(outDir, `v${c.version}-${c.alpha.toFixed(2)}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson(artifacts)));
  fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(tm.getMetadata()));
  // reference outputs of the exported files, loaded back as a page would
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts.modelTopology, artifacts.weightSpecs,
    artifacts.weightData));
  const truncated = loaded.layers[0];
  const cases = [];
  for (const file of refImages) {
    const x = captured(file);
    const probabilities = Array.from(await loaded.predict(x).data());
    const f = await truncated.apply(x).data();
    const indices = [];
    for (let i = 0; i < FEATURE_SAMPLES; i++) indices.push(Math.floor((i * f.length) / FEATURE_SAMPLES));
    let sum = 0;
    f.forEach((v) => { sum += Math.abs(v); });
    cases.push({ image: path.basename(file), probabilities, featureWidth: f.length, featureIndices: indices,
      features: indices.map((i) => f[i]), featureAbsSum: sum });
    console.log(`v${c.version} ${c.alpha}`, path.basename(file), probabilities.map((p) => p.toFixed(4)).join(' '));
  }
  fs.writeFileSync(path.join(dir, 'fixture.json'), JSON.stringify({ version: c.version, alpha: c.alpha,
    seed: c.seed, weights: 'weights.js: mulberry32(seed), one byte per value, in manifest order', cases }));
  fs.writeFileSync(path.join(dir, 'weights.bin'), expected);
}

async function main() {
  const [outDir, refDir, ...trainImages] = process.argv.slice(2);
  const refImages = fs.readdirSync(refDir).filter((f) => f.endsWith('-224.png')).sort()
    .map((f) => path.join(refDir, f));
  const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
  for (const c of CASES) {
    if (only && !only.includes(`v${c.version}-${c.alpha}`)) continue;
    await makeOne(c, outDir, refImages, trainImages);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
