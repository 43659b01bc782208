'use strict';
// Three heap snapshots of one Node process for `hdx growth` (written at test time, not committed):
//
//   node --expose-gc v8_series.js OUTDIR     → OUTDIR/series-1.heapsnapshot … series-3.heapsnapshot
//                                             and OUTDIR/truth.json (the planted counts per snapshot)
//
// Planted, all under globalThis.seriesApp:
//   GrowLeak    100 more at every step (100, 200, 300): the leak, monotonic
//   Bouncy      up and down (60, 20, 80): noise, not monotonic
//   Steady      50 at every step
//   LateLeak    77 made between snapshots 1 and 2 and kept to the end: MemLab's rule finds exactly these
//   Transient   40 made between snapshots 1 and 2, dropped before 3: alive in 2 only, not a leak
// Arrays are allocated at full length before the first snapshot, so no new backing store dominates new objects.
const v8 = require('v8');
const fs = require('fs');
const path = require('path');

const outDir = process.argv[2] || '.';

class GrowLeak { constructor(i) { this.i = i; this.data = new Array(32).fill(i); } }
class Bouncy { constructor(i) { this.i = i; this.data = new Array(8).fill(i); } }
class Steady { constructor(i) { this.i = i; } }
class LateLeak { constructor(i) { this.i = i; this.data = new Array(16).fill(i); } }
class Transient { constructor(i) { this.i = i; } }

const app = {
  leaks: new Array(300).fill(null),
  bouncy: new Array(80).fill(null),
  steady: new Array(50).fill(null),
  late: new Array(77).fill(null),
  transient: new Array(40).fill(null),
};
globalThis.seriesApp = app;
let leaks = 0;
for (let i = 0; i < 50; i++) app.steady[i] = new Steady(i);

function setBouncy(n) {
  for (let i = 0; i < 80; i++) app.bouncy[i] = i < n ? (app.bouncy[i] || new Bouncy(i)) : null;
}
function grow(n) { for (let k = 0; k < n; k++) { app.leaks[leaks] = new GrowLeak(leaks); leaks++; } }

const truth = { files: [], GrowLeak: [], Bouncy: [], Steady: [], LateLeak: [], Transient: [], lateLeakAllocated: 77 };
function snap(k, counts) {
  if (global.gc) { global.gc(); global.gc(); }
  const file = path.join(outDir, 'series-' + k + '.heapsnapshot');
  v8.writeHeapSnapshot(file);
  truth.files.push(file);
  for (const key of Object.keys(counts)) truth[key].push(counts[key]);
}

grow(100); setBouncy(60);
snap(1, { GrowLeak: 100, Bouncy: 60, Steady: 50, LateLeak: 0, Transient: 0 });
grow(100); setBouncy(20);
for (let i = 0; i < 77; i++) app.late[i] = new LateLeak(i);
for (let i = 0; i < 40; i++) app.transient[i] = new Transient(i);
snap(2, { GrowLeak: 200, Bouncy: 20, Steady: 50, LateLeak: 77, Transient: 40 });
grow(100); setBouncy(80);
app.transient.fill(null);
snap(3, { GrowLeak: 300, Bouncy: 80, Steady: 50, LateLeak: 77, Transient: 0 });
fs.writeFileSync(path.join(outDir, 'truth.json'), JSON.stringify(truth, null, 1));
