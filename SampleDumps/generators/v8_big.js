'use strict';
// Writes one large V8 heap snapshot for speed and memory benchmarks of hdx.
//
//   node --max-old-space-size=8192 v8_big.js N OUT
//
// N records (about 6 heap nodes each: the record, its name string, a child object, a tags array with its elements
// store, and a short string) are kept in one array, every 4th also in a Map. N = 2,200,000 gives a file of about
// 1 GB with about 13 million nodes and 39 million edges. Writing it takes about a minute and several GB of memory.
const v8 = require('v8');
const fs = require('fs');

const n = Number(process.argv[2] || 100000);
const out = process.argv[3] || 'big.heapsnapshot';
if (!Number.isInteger(n) || n <= 0) {
  console.error('usage: node v8_big.js N OUT');
  process.exit(2);
}

class Record {
  constructor(i) {
    this.id = i;
    this.name = 'rec-' + i;
    this.child = { v: i, parent: null };
    this.tags = [i, 'k' + (i % 1000)];
    this.child.parent = this;
  }
}

const records = [];
const byKey = new Map();
for (let i = 0; i < n; i++) {
  const r = new Record(i);
  records.push(r);
  if (i % 4 === 0) byKey.set('r' + i, r);
}
globalThis.keepRecords = records;
globalThis.keepByKey = byKey;

const t0 = process.hrtime.bigint();
v8.writeHeapSnapshot(out);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

// Read only the header: the whole file may be too long for one JS string.
const fd = fs.openSync(out, 'r');
const head = Buffer.alloc(2048);
fs.readSync(fd, head, 0, head.length, 0);
fs.closeSync(fd);
const m = /"node_count":(\d+),"edge_count":(\d+)/.exec(head.toString('latin1'));
console.log(JSON.stringify({
  file: out, bytes: fs.statSync(out).size, nodes: m ? Number(m[1]) : null, edges: m ? Number(m[2]) : null,
  writeSeconds: Math.round(seconds * 10) / 10,
}));
