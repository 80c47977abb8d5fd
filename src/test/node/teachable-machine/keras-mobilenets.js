// Keras' MobileNet (v1) and MobileNetV2 built with TF.js layers under Keras' own layer names, the
// way Google's TF.js conversions of keras.applications name them (conv_pw_13_relu, out_relu, ...).
// Teachable Machine loads such a model, truncates it and adds its head; Google's weights cannot be
// fetched here, so the fixtures fill these models with locally made weights (see weights.js).
const tf = require('@tensorflow/tfjs');

function makeDivisible(v, divisor = 8) {
  let newV = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (newV < 0.9 * v) newV += divisor;
  return newV;
}

const bn = (name) => tf.layers.batchNormalization({ axis: 3, epsilon: 1e-3, momentum: 0.999, name });
const relu6 = (name) => tf.layers.reLU({ maxValue: 6, name });

// keras.applications.MobileNet without its top. conv1 uses 'same' padding with stride 2 (newer
// Keras), the stride-2 depthwise blocks an explicit ZeroPadding2D ((0,1),(0,1)) and 'valid'.
function mobilenetV1(alpha, size = 224) {
  const input = tf.input({ shape: [size, size, 3], name: 'input_1' });
  let x = tf.layers.conv2d({ filters: Math.floor(32 * alpha), kernelSize: 3, strides: 2, padding: 'same',
    useBias: false, name: 'conv1' }).apply(input);
  x = relu6('conv1_relu').apply(bn('conv1_bn').apply(x));
  const blocks = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1],
    [512, 1], [512, 1], [1024, 2], [1024, 1]];
  blocks.forEach(([filters, stride], i) => {
    const id = i + 1;
    if (stride === 2) x = tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: `conv_pad_${id}` }).apply(x);
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid',
      depthMultiplier: 1, useBias: false, name: `conv_dw_${id}` }).apply(x);
    x = relu6(`conv_dw_${id}_relu`).apply(bn(`conv_dw_${id}_bn`).apply(x));
    x = tf.layers.conv2d({ filters: Math.floor(filters * alpha), kernelSize: 1, padding: 'same', useBias: false,
      name: `conv_pw_${id}` }).apply(x);
    x = relu6(`conv_pw_${id}_relu`).apply(bn(`conv_pw_${id}_bn`).apply(x));
  });
  return tf.model({ inputs: input, outputs: x, name: `mobilenet_${alpha.toFixed(2)}_${size}` });
}

// keras.applications.MobileNetV2 without its top (Keras 2.2.4's layout: Conv1_pad, ReLU(6.),
// residual Adds), with _make_divisible channel counts.
function mobilenetV2(alpha, size = 224) {
  const input = tf.input({ shape: [size, size, 3], name: 'input_1' });
  let x = tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: 'Conv1_pad' }).apply(input);
  x = tf.layers.conv2d({ filters: makeDivisible(32 * alpha), kernelSize: 3, strides: 2, padding: 'valid',
    useBias: false, name: 'Conv1' }).apply(x);
  x = relu6('Conv1_relu').apply(bn('bn_Conv1').apply(x));
  const cfg = [[16, 1, 1], [24, 2, 6], [24, 1, 6], [32, 2, 6], [32, 1, 6], [32, 1, 6], [64, 2, 6], [64, 1, 6],
    [64, 1, 6], [64, 1, 6], [96, 1, 6], [96, 1, 6], [96, 1, 6], [160, 2, 6], [160, 1, 6], [160, 1, 6], [320, 1, 6]];
  cfg.forEach(([filters, stride, expansion], id) => {
    const inputs = x;
    const inChannels = x.shape[3];
    const pointwise = makeDivisible(Math.floor(filters * alpha));
    let prefix = `block_${id}_`;
    if (id) {
      x = tf.layers.conv2d({ filters: expansion * inChannels, kernelSize: 1, padding: 'same', useBias: false,
        name: `${prefix}expand` }).apply(x);
      x = relu6(`${prefix}expand_relu`).apply(bn(`${prefix}expand_BN`).apply(x));
    } else {
      prefix = 'expanded_conv_';
    }
    if (stride === 2) x = tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: `${prefix}pad` }).apply(x);
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid',
      useBias: false, name: `${prefix}depthwise` }).apply(x);
    x = relu6(`${prefix}depthwise_relu`).apply(bn(`${prefix}depthwise_BN`).apply(x));
    x = tf.layers.conv2d({ filters: pointwise, kernelSize: 1, padding: 'same', useBias: false,
      name: `${prefix}project` }).apply(x);
    x = bn(`${prefix}project_BN`).apply(x);
    if (inChannels === pointwise && stride === 1) x = tf.layers.add({ name: `${prefix}add` }).apply([inputs, x]);
  });
  const last = alpha > 1 ? makeDivisible(1280 * alpha) : 1280;
  x = tf.layers.conv2d({ filters: last, kernelSize: 1, useBias: false, name: 'Conv_1' }).apply(x);
  x = relu6('out_relu').apply(bn('Conv_1_bn').apply(x));
  return tf.model({ inputs: input, outputs: x, name: `mobilenetv2_${alpha.toFixed(2)}_${size}` });
}

module.exports = { mobilenetV1, mobilenetV2 };
