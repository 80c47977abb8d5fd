// Loads a model folder exported by Graft (model.json, weights.bin, metadata.json) the way a page
// built on @teachablemachine/image does -- tmImage.load(modelURL, metadataURL) over HTTP -- and
// prints, as JSON, its labels and the probabilities it gives each image (fed through Teachable
// Machine's capture: pixel / 127 - 1). Graft's TfjsExportTest compares them with Graft's own.
//
//   npm ci && node check-export.js <exported folder> <224 px PNG>...
const fs = require('fs');
const http = require('http');
const path = require('path');
const tmImage = require('@teachablemachine/image');
const { captured } = require('./common');

async function main() {
  const [dir, ...images] = process.argv.slice(2);
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(decodeURIComponent(req.url)));
    if (!fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const model = await tmImage.load(`${url}model.json`, `${url}metadata.json`);
    const out = { labels: model.getClassLabels(), totalClasses: model.getTotalClasses(), cases: [] };
    for (const file of images) {
      const probabilities = Array.from(await model.model.predict(captured(file)).data());
      out.cases.push({ image: path.basename(file), probabilities });
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    server.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
