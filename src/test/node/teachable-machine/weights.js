// Locally made, reproducible weights: every weight of a model, in weight-manifest order, is filled
// from one mulberry32 stream, one byte per value, mapped into a range that depends only on the
// weight's name and shape. Graft's Java test (TeachableMachineFixtures) makes the same floats from
// the same seed, so the fixtures need not commit their weights.bin files.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
}

function range(name, shape) {
  const short = name.substring(name.lastIndexOf('/') + 1);
  if (short === 'moving_variance') return [0.5, 1.5];
  if (short === 'moving_mean' || short === 'beta' || short === 'bias') return [-0.1, 0.1];
  if (short === 'gamma') return [0.8, 1.2];
  // kernels: He-uniform over the fan-in
  const fanIn = short === 'depthwise_kernel' ? shape[0] * shape[1] : shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const limit = Math.sqrt(6 / fanIn);
  return [-limit, limit];
}

// specs: [{name, shape}] in manifest order; returns Float32Array per spec
function makeWeights(seed, specs) {
  const next = mulberry32(seed);
  return specs.map(({ name, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const [lo, hi] = range(name, shape);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const b = next() >>> 24;
      out[i] = lo + ((hi - lo) * b) / 255;
    }
    return out;
  });
}

module.exports = { makeWeights };
