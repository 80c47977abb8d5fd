// A small functional Keras model made for Graft's importer test, with the layers a general importer
// must get right: Rescaling, Conv2D with 'same' stride-2 padding, BatchNormalization without scale,
// a nested functional model with SeparableConv2D, DepthwiseConv2D
// (depth_multiplier 2), Add, Multiply, Concatenate, hard_sigmoid, swish, ReLU(6), LeakyReLU,
// asymmetric ZeroPadding2D and 'same' average pooling on an even map, a squeeze-and-excitation gate
// (GlobalAveragePooling2D, Reshape, Dense on a 4-D tensor, sigmoid), Flatten, Dropout and a dense
// softmax head. Weights are seeded and stored uint8-, uint16-quantised and float32 (mixed), both as
// model.json + shard and in npm's wrapped .min.js form. Reference outputs: TF.js itself.
//
//   npm ci && node make-functional.js <out dir> <image.png>...
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { square } = require('./images');

const SIZE = 64;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nested() {
  const input = tf.input({ shape: [32, 32, 8], name: 'features_in' });
  // depth_multiplier 1: TF.js 4.22 failed to load its own SeparableConv2D saved with multiplier 2
  // (a shape mismatch on load); DepthwiseConv2D below covers the multiplier
  const sep = tf.layers.separableConv2d({ filters: 16, kernelSize: 3, padding: 'same', depthMultiplier: 1,
    activation: 'swish', name: 'sep_conv' }).apply(input);
  let dw = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, useBias: true,
    name: 'dw_conv' }).apply(input);
  dw = tf.layers.conv2d({ filters: 16, kernelSize: 1, name: 'pw_conv' }).apply(dw);
  const sum = tf.layers.add({ name: 'add' }).apply([sep, dw]);
  const gate = tf.layers.activation({ activation: 'hardSigmoid', name: 'gate' }).apply(sum);
  const gated = tf.layers.multiply({ name: 'gated' }).apply([sum, gate]);
  const cat = tf.layers.concatenate({ axis: -1, name: 'concat' }).apply([gated, sep]);
  const pooled = tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg_same' })
    .apply(cat);
  return tf.model({ inputs: input, outputs: pooled, name: 'features' });
}

function build() {
  const input = tf.input({ shape: [SIZE, SIZE, 3], name: 'image' });
  let x = tf.layers.rescaling({ scale: 1 / 127.5, offset: -1, name: 'rescale' }).apply(input);
  x = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'stem_conv' })
    .apply(x);
  x = tf.layers.batchNormalization({ scale: false, epsilon: 1e-3, name: 'stem_bn' }).apply(x);
  x = tf.layers.reLU({ maxValue: 6, name: 'stem_relu' }).apply(x);
  x = nested().apply(x); // 16 x 16 x 32
  x = tf.layers.zeroPadding2d({ padding: [[1, 0], [2, 1]], name: 'pad' }).apply(x);
  x = tf.layers.conv2d({ filters: 24, kernelSize: 3, strides: 2, padding: 'valid', name: 'block1_conv' }).apply(x);
  x = tf.layers.leakyReLU({ alpha: 0.1, name: 'block1_leaky' }).apply(x);
  x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same', name: 'block1_pool' }).apply(x);
  // squeeze and excitation
  let se = tf.layers.globalAveragePooling2d({ name: 'block2_se_pool' }).apply(x);
  se = tf.layers.reshape({ targetShape: [1, 1, 24], name: 'block2_se_reshape' }).apply(se);
  se = tf.layers.dense({ units: 8, activation: 'relu', name: 'block2_se_reduce' }).apply(se);
  se = tf.layers.dense({ units: 24, activation: 'sigmoid', name: 'block2_se_expand' }).apply(se);
  x = tf.layers.multiply({ name: 'block2_se_excite' }).apply([x, se]);
  x = tf.layers.batchNormalization({ name: 'block2_bn' }).apply(x);
  x = tf.layers.activation({ activation: 'tanh', name: 'block2_tanh' }).apply(x);
  x = tf.layers.flatten({ name: 'flatten' }).apply(x);
  x = tf.layers.dense({ units: 32, activation: 'relu', name: 'dense_hidden' }).apply(x);
  x = tf.layers.dropout({ rate: 0.3, name: 'dropout' }).apply(x);
  x = tf.layers.dense({ units: 5, activation: 'softmax', name: 'dense_out' }).apply(x);
  return tf.model({ inputs: input, outputs: x, name: 'graft_functional_test' });
}

function fillWeights(model, seed) {
  const next = rng(seed);
  model.weights.forEach((w) => {
    const name = w.originalName;
    const n = w.shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = next();
      if (name.endsWith('moving_variance')) v[i] = 0.5 + u;
      else if (name.endsWith('gamma')) v[i] = 0.8 + 0.4 * u;
      else if (/moving_mean|beta|bias/.test(name)) v[i] = 0.2 * (u - 0.5);
      else {
        const fanIn = w.shape.length === 4 ? w.shape[0] * w.shape[1] * (name.includes('depthwise') ? 1 : w.shape[2])
          : w.shape[0];
        v[i] = (2 * u - 1) * Math.sqrt(6 / fanIn);
      }
    }
    w.write(tf.tensor(v, w.shape));
  });
}

// TF.js' converter stores weights quantised as min + scale * q; kernels here as uint8, dense
// kernels as uint16, everything else float32.
function quantise(specs, data) {
  const outSpecs = [];
  const parts = [];
  let offset = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(data.slice(offset, offset + 4 * n));
    offset += 4 * n;
    const dtype = /dense_.*kernel/.test(s.name) ? 'uint16' : /kernel/.test(s.name) ? 'uint8' : null;
    if (!dtype) {
      outSpecs.push(s);
      parts.push(Buffer.from(v.buffer));
      continue;
    }
    const levels = dtype === 'uint8' ? 255 : 65535;
    let min = Infinity;
    let max = -Infinity;
    v.forEach((x) => { min = Math.min(min, x); max = Math.max(max, x); });
    const scale = (max - min) / levels;
    const q = dtype === 'uint8' ? new Uint8Array(n) : new Uint16Array(n);
    v.forEach((x, i) => { q[i] = Math.round((x - min) / scale); });
    outSpecs.push({ ...s, quantization: { dtype, min, scale } });
    parts.push(Buffer.from(q.buffer));
  }
  return { specs: outSpecs, data: Buffer.concat(parts) };
}

// npm's wrapped form: a UMD module exporting a JavaScript object literal (not JSON: bare keys,
// !0/!1 for booleans, .5 for 0.5), and one exporting the shard as base64.
function jsLiteral(v) {
  if (v === true) return '!0';
  if (v === false) return '!1';
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v).replace(/^(-?)0\./, '$1.');
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(',')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}:${jsLiteral(x)}`).join(',')}}`;
}

function umd(globalName, body) {
  return `!function(a){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=a();else if(`
    + `"function"==typeof define&&define.amd)define([],a);else{("undefined"!=typeof window?window:this).${globalName}=a()}}`
    + `(function(){return function a(n,i,e){function t(o){if(!i[o]){var c=i[o]={exports:{}};n[o][0].call(c.exports,`
    + `function(a){return t(n[o][1][a]||a)},c,c.exports,a,n,i,e)}return i[o].exports}for(var o=0;o<e.length;o++)t(e[o]);`
    + `return t}({1:[function(a,n,i){n.exports=${body}},{}]},{},[1])(1)});\n`;
}

async function main() {
  const [outDir, ...images] = process.argv.slice(2);
  const model = build();
  fillWeights(model, 7);
  let box;
  await model.save(tf.io.withSaveHandler(async (a) => { box = a; return { modelArtifactsInfo: {} }; }));
  const q = quantise(box.weightSpecs, box.weightData);
  const modelJson = { modelTopology: box.modelTopology, format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: 'graft make-functional.js', weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: q.specs }] };
  const plain = path.join(outDir, 'plain');
  const wrapped = path.join(outDir, 'wrapped');
  fs.mkdirSync(plain, { recursive: true });
  fs.mkdirSync(wrapped, { recursive: true });
  fs.writeFileSync(path.join(plain, 'model.json'), JSON.stringify(modelJson));
  fs.writeFileSync(path.join(plain, 'group1-shard1of1.bin'), q.data);
  fs.writeFileSync(path.join(wrapped, 'model.min.js'), umd('model', jsLiteral(modelJson)));
  fs.writeFileSync(path.join(wrapped, 'group1-shard1of1.bin.min.js'), umd('group1_shard1of1',
    JSON.stringify(q.data.toString('base64'))));
  // the wrapped files are real JavaScript that evaluates to the same model
  const back = require(path.resolve(wrapped, 'model.min.js'));
  if (JSON.stringify(back) !== JSON.stringify(modelJson)) throw new Error('wrapped model.json differs');
  if (Buffer.from(require(path.resolve(wrapped, 'group1-shard1of1.bin.min.js')), 'base64').compare(q.data) !== 0) {
    throw new Error('wrapped shard differs');
  }
  // reference outputs: the quantised files loaded back, as a page would load them
  const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology,
    weightSpecs: q.specs, weightData: q.data.buffer.slice(q.data.byteOffset, q.data.byteOffset + q.data.length) }));
  const features = tf.model({ inputs: loaded.inputs, outputs: loaded.getLayer('flatten').output });
  const out = { model: 'graft_functional_test', inputSize: SIZE, cases: [] };
  for (const file of images) {
    const name = path.basename(file, '.png');
    const rgb = square(file, SIZE, path.join(outDir, `${name}-${SIZE}.png`));
    const x = tf.tensor4d(rgb, [1, SIZE, SIZE, 3]);
    const probabilities = Array.from(await loaded.predict(x).data());
    const f = Array.from(await features.predict(x).data());
    out.cases.push({ image: `${name}-${SIZE}.png`, probabilities, features: f });
    console.log(name, probabilities.map((p) => p.toFixed(5)).join(' '));
  }
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
