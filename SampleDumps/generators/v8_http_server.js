// Usage: node v8_http_server.js OUT.heapsnapshot (RealProgramSnapshotTests).
// An http server with some state: sessions in a Map, a cache of rendered pages, a few requests served.
const http = require('http'), v8 = require('v8');
const sessions = new Map(); const cache = {};
const server = http.createServer((req, res) => {
  const id = req.url.slice(1);
  const s = sessions.get(id) || { id, hits: 0, history: [] };
  s.hits++; s.history.push({ at: Date.now(), url: req.url, headers: { ...req.headers } });
  sessions.set(id, s);
  cache[req.url] = cache[req.url] || Buffer.from('<html>' + 'x'.repeat(2000) + id + '</html>');
  res.end(cache[req.url]);
});
server.listen(0, async () => {
  const port = server.address().port;
  for (let i = 0; i < 300; i++) {
    await new Promise((ok) => http.get({ port, path: '/' + (i % 60), agent: false }, (r) => { r.resume(); r.on('end', ok); }));
  }
  v8.writeHeapSnapshot(process.argv[2]);
  server.close();
});
