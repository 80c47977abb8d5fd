// Reference images: a PNG composited onto white and resized by nearest neighbour to size x size,
// written next to the reference so the Java test reads exactly these pixels.
const fs = require('fs');
const { PNG } = require('pngjs');

function square(file, size, outFile) {
  const src = PNG.sync.read(fs.readFileSync(file));
  const dst = new PNG({ width: size, height: size, colorType: 2 });
  const rgb = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (Math.floor((y * src.height) / size) * src.width + Math.floor((x * src.width) / size)) * 4;
      const a = src.data[i + 3] / 255;
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        const v = Math.round(src.data[i + c] * a + 255 * (1 - a));
        dst.data[o + c] = v;
        rgb[(y * size + x) * 3 + c] = v;
      }
      dst.data[o + 3] = 255;
    }
  }
  fs.writeFileSync(outFile, PNG.sync.write(dst, { colorType: 2 }));
  return rgb; // 0..255
}

module.exports = { square };
