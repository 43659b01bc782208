'use strict';
// Builds a Node heap with planted leaks and writes snapshots of it as it grows, from one process (so node ids match
// across the files, for comparisons):
//
//   node --expose-gc v8_leak.js [OUTDIR]      → OUTDIR/leak-1.heapsnapshot, OUTDIR/leak-2.heapsnapshot
//
// Planted leaks, all reachable from the global object through `globalThis.leakyApp` (class LeakyApp):
//   cache      a Map that only grows: 'key:<n>' → LeakyEntry {id, payload string, tags array}
//   history    an Array that only grows: {at, session: Session {user, buffer: Buffer.alloc(4096)}}
//   handlers   closures `handler` that each capture a 5000-element array (about 40 KB)
//   bus        an EventEmitter whose 'tick' listeners are never removed; each keeps a Widget pair alive
//   undo       a detached object graph: a subtree of TreeNodes cut out of `tree` but kept for "undo"
//   weak       a WeakMap from widgets to {meta} objects (ephemeron edges)
// Sizes per snapshot are printed as JSON lines.
const v8 = require('v8');
const fs = require('fs');
const path = require('path');
const { EventEmitter } = require('events');

const outDir = process.argv[2] || '.';

class LeakyEntry {
  constructor(i) {
    this.id = i;
    this.payload = 'payload-' + i + '-' + 'x'.repeat(64);
    this.tags = [i, i * 2, i * 3];
  }
}

class Session {
  constructor(user) {
    this.user = user;
    this.buffer = Buffer.alloc(4096, user.length);
  }
}

class Widget {
  constructor(name) {
    this.name = name;
    this.children = [];
  }
}

class TreeNode {
  constructor(label, parent) {
    this.label = label;
    this.parent = parent;
    this.children = [];
    this.data = new Array(16).fill(label.length);
    if (parent) parent.children.push(this);
  }
}

class LeakyApp {
  constructor() {
    this.cache = new Map();
    this.history = [];
    this.handlers = [];
    this.bus = new EventEmitter();
    this.bus.setMaxListeners(0);
    this.weak = new WeakMap();
    this.tree = new TreeNode('root', null);
    this.undo = [];
    this.seq = 0;
  }

  grow(n) {
    for (let i = 0; i < n; i++) {
      const k = this.seq++;
      this.cache.set('key:' + k, new LeakyEntry(k));
      if (k % 20 === 0) this.history.push({ at: k, session: new Session('u' + k) });
      if (k % 200 === 0) {
        const big = new Array(5000).fill(k);
        this.handlers.push(function handler() { return big.length + k; });
      }
      if (k % 50 === 0) {
        const w = new Widget('w' + k);
        w.children.push(new Widget('c' + k));
        this.bus.on('tick', () => w.name.length);
        this.weak.set(w, { meta: 'weak-value-' + k });
      }
    }
  }

  // Builds a subtree of `size` nodes under the tree root, then cuts it out but keeps it in `undo`.
  detachSubtree(label, size) {
    const top = new TreeNode(label, this.tree);
    let parent = top;
    for (let i = 1; i < size; i++) {
      const node = new TreeNode(label + '/' + i, parent);
      if (i % 4 === 0) parent = node;
    }
    this.tree.children.splice(this.tree.children.indexOf(top), 1);
    top.parent = null;
    this.undo.push(top);
  }
}

const app = new LeakyApp();
globalThis.leakyApp = app;
// Live (not leaking) tree content, so the detached subtrees are not the only TreeNodes.
for (let i = 0; i < 50; i++) new TreeNode('live-' + i, app.tree);

function snap(name) {
  if (global.gc) global.gc();
  const file = path.join(outDir, name);
  v8.writeHeapSnapshot(file);
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(2048);
  fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const m = /"node_count":(\d+),"edge_count":(\d+)/.exec(head.toString('latin1'));
  console.log(JSON.stringify({ file, bytes: fs.statSync(file).size, nodes: Number(m[1]), edges: Number(m[2]),
    cache: app.cache.size, history: app.history.length, handlers: app.handlers.length,
    listeners: app.bus.listenerCount('tick'), undo: app.undo.length }));
}

app.grow(2000);
app.detachSubtree('detached-a', 100);
snap('leak-1.heapsnapshot');
app.grow(3000);
app.detachSubtree('detached-b', 200);
snap('leak-2.heapsnapshot');
