'use strict';
// An independent re-implementation of Chrome DevTools' heap snapshot rules (HeapSnapshot.ts / JSHeapSnapshot),
// written from the documented rules for cross-checking hdx's V8 reader on small snapshots:
//
//   node v8_devtools_reference.js FILE.heapsnapshot [--nodes OUT.tsv]
//
// Prints JSON: totals, the largest retained sizes, DevTools Summary aggregates per class (count, self, retained
// without double counting, min distance). With --nodes, writes "id<TAB>self<TAB>retained<TAB>class<TAB>distance" for
// every node (with its immediate dominator's id). Dominators are a line-by-line port of DevTools'
// Lengauer–Tarjan with its orphan handling (nodes with only non-essential retainers get a DFS of their own under the
// root; cycles nothing reaches are hung under the root one node at a time), on DevTools' essential edges. hdx computes
// the same tree differently (SEMI-NCA over a super-root), so agreement is a real cross-check.
const fs = require('fs');

const file = process.argv[2];
const nodesOut = process.argv.indexOf('--nodes') > 0 ? process.argv[process.argv.indexOf('--nodes') + 1] : null;
const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length, ef = meta.edge_fields.length;
const N = snap.snapshot.node_count;
const nodes = snap.nodes, edges = snap.edges, strings = snap.strings;
const nType = meta.node_fields.indexOf('type'), nName = meta.node_fields.indexOf('name');
const nId = meta.node_fields.indexOf('id'), nSize = meta.node_fields.indexOf('self_size');
const nEc = meta.node_fields.indexOf('edge_count'), nDet = meta.node_fields.indexOf('detachedness');
const eType = meta.edge_fields.indexOf('type'), eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const NT = meta.node_types[0], ET = meta.edge_types[0];
const T = (n) => NT.indexOf(n), ETi = (n) => ET.indexOf(n);
const root = (snap.snapshot.root_index || 0) / nf;

const type = (i) => nodes[i * nf + nType];
const nameOf = (i) => strings[nodes[i * nf + nName]];
const id = (i) => nodes[i * nf + nId];
const self = new Float64Array(N);
for (let i = 0; i < N; i++) self[i] = nodes[i * nf + nSize];
const first = new Uint32Array(N + 1);
for (let i = 0; i < N; i++) first[i + 1] = first[i] + nodes[i * nf + nEc];
const E = first[N];
const et = (k) => edges[k * ef + eType];
const to = (k) => edges[k * ef + eTo] / nf;
const ename = (k) => {
  const t = et(k);
  return (t === ETi('element') || t === ETi('hidden')) ? String(edges[k * ef + eName]) : strings[edges[k * ef + eName]];
};
const W = ETi('weak'), SC = ETi('shortcut'), INT = ETi('internal'), HID = ETi('hidden'), EL = ETi('element');
const PROP = ETi('property');

// DOM state: attached wins, propagates through native nodes, not via hidden/weak edges.
const det = new Uint8Array(N);
const names = new Array(N);
for (let i = 0; i < N; i++) { names[i] = nameOf(i); det[i] = nDet >= 0 ? nodes[i * nf + nDet] : 0; }
if (nDet >= 0) {
  const visited = new Uint8Array(N), att = [], dett = [];
  const proc = (i, s) => {
    if (visited[i]) return;
    visited[i] = 1;
    if (type(i) !== T('native')) return;
    det[i] = s;
    if (s === 1) att.push(i); else if (s === 2) { names[i] = 'Detached ' + names[i]; dett.push(i); }
  };
  for (let i = 0; i < N; i++) if (det[i] !== 0) proc(i, det[i]);
  const prop = (i, s) => { for (let k = first[i]; k < first[i + 1]; k++) if (et(k) !== HID && et(k) !== W) proc(to(k), s); };
  while (att.length) prop(att.pop(), 1);
  while (dett.length) { const i = dett.pop(); if (det[i] !== 1) prop(i, 2); }
}

// Page-owned nodes: reachable from root shortcuts and (Document DOM trees) without weak edges.
const isDocTrees = (i) => type(i) === T('synthetic') && nameOf(i) === '(Document DOM trees)';
const page = new Uint8Array(N);
{
  const st = [];
  for (let k = first[root]; k < first[root + 1]; k++) {
    const c = to(k);
    if (et(k) === EL ? isDocTrees(c) : et(k) === SC) { if (!page[c]) { page[c] = 1; st.push(c); } }
  }
  while (st.length) {
    const i = st.pop();
    for (let k = first[i]; k < first[i + 1]; k++) {
      const c = to(k);
      if (page[c] || et(k) === W) continue;
      page[c] = 1; st.push(c);
    }
  }
}

// Essential edges.
const wmRe = /^\d+( \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$/;
const essential = new Uint8Array(E);
for (let i = 0; i < N; i++) {
  for (let k = first[i]; k < first[i + 1]; k++) {
    const t = et(k), c = to(k);
    let ok = true;
    if (t === INT) { const m = ename(k).match(wmRe); if (m && Number(m[2]) === id(i)) ok = false; }
    if (t === W) ok = false;
    if (c === i) ok = false;
    if (i !== root) {
      if (t === SC) ok = false;
      else if (page[c] && !page[i]) ok = false;
    }
    essential[k] = ok ? 1 : 0;
  }
}

// Retainers (DevTools buildRetainers): for every node, the (source node, edge) pairs that point at it.
const firstRetainer = new Uint32Array(N + 1), retNode = new Uint32Array(E), retEdge = new Uint32Array(E);
{
  for (let k = 0; k < E; k++) firstRetainer[to(k)]++;
  for (let i = 0, slot = 0; i < N; i++) { const c = firstRetainer[i]; firstRetainer[i] = slot; retNode[slot] = c; slot += c; }
  firstRetainer[N] = E;
  for (let i = 0; i < N; i++) {
    for (let k = first[i]; k < first[i + 1]; k++) {
      const s0 = firstRetainer[to(k)];
      const at = s0 + --retNode[s0];
      retNode[at] = i; retEdge[at] = k;
    }
  }
}
const hasOnlyWeakRetainers = (i) => {
  for (let r = firstRetainer[i]; r < firstRetainer[i + 1]; r++) if (essential[retEdge[r]]) return false;
  return true;
};

// Dominators: a port of DevTools' Lengauer–Tarjan (buildDominatorTreeAndCalculateRetainedSizes), 1-based vertices.
// 1. DFS from the root over essential edges. 2. Unvisited nodes with only non-essential retainers, in node order:
// DFS from each with the root as its parent. 3. Nodes still unvisited (cycles nothing reaches): numbered one by one
// with the root as parent, no DFS. The main loop treats a node without essential retainers as retained by the root.
const parent = new Uint32Array(N + 1), ancestor = new Uint32Array(N + 1), vertex = new Uint32Array(N + 1);
const label = new Uint32Array(N + 1), semi = new Uint32Array(N + 1), nextEdge = new Uint32Array(N + 1);
const bucket = new Array(N + 1);
let n = 0;
const dfs = (start) => {
  nextEdge[start - 1] = first[start - 1];
  let v = start;
  while (v !== 0) {
    if (semi[v] === 0) { semi[v] = ++n; vertex[n] = label[v] = v; }
    let vNext = parent[v];
    const vo = v - 1;
    for (; nextEdge[vo] < first[vo + 1]; nextEdge[vo]++) {
      const k = nextEdge[vo];
      if (!essential[k]) continue;
      const w = to(k) + 1;
      if (semi[w] === 0) { parent[w] = v; nextEdge[w - 1] = first[w - 1]; vNext = w; break; }
    }
    v = vNext;
  }
};
const compressStack = new Uint32Array(N + 1);
const compress = (v) => {
  let sp = 0;
  while (ancestor[ancestor[v]] !== 0) { compressStack[++sp] = v; v = ancestor[v]; }
  while (sp > 0) {
    const w = compressStack[sp--];
    if (semi[label[ancestor[w]]] < semi[label[w]]) label[w] = label[ancestor[w]];
    ancestor[w] = ancestor[ancestor[w]];
  }
};
const evaluate = (v) => {
  if (ancestor[v] === 0) return v;
  compress(v);
  return label[v];
};
const r1 = root + 1;
const dom = new Uint32Array(N + 1);
const weaklyHeld = [], cliques = [];
dfs(r1);
if (n < N) {
  for (let v = 1; v <= N; v++) {
    if (semi[v] === 0 && hasOnlyWeakRetainers(v - 1)) { weaklyHeld.push(v - 1); parent[v] = r1; dfs(v); }
  }
}
if (n < N) {
  for (let v = 1; v <= N; v++) {
    if (semi[v] === 0) { cliques.push(v - 1); parent[v] = r1; semi[v] = ++n; vertex[n] = label[v] = v; }
  }
}
for (let i = n; i >= 2; --i) {
  const w = vertex[i];
  let orphan = true;
  for (let r = firstRetainer[w - 1]; r < firstRetainer[w]; r++) {
    if (!essential[retEdge[r]]) continue;
    orphan = false;
    const u = evaluate(retNode[r] + 1);
    if (semi[u] < semi[w]) semi[w] = semi[u];
  }
  if (orphan) semi[w] = semi[r1];
  const sv = vertex[semi[w]];
  (bucket[sv] || (bucket[sv] = new Set())).add(w);
  ancestor[w] = parent[w];
  const b = bucket[parent[w]];
  if (b !== undefined) {
    for (const v of b) { const u = evaluate(v); dom[v] = semi[u] < semi[v] ? u : parent[w]; }
    b.clear();
  }
}
dom[0] = dom[r1] = r1;
for (let i = 2; i <= n; i++) { const w = vertex[i]; if (dom[w] !== vertex[semi[w]]) dom[w] = dom[dom[w]]; }
const idomOrdinal = (i) => dom[i + 1] - 1;

// Distances (for the Summary's min distance).
const dist = new Int32Array(N).fill(-5);
{
  const isUserRoot = (i) => type(i) !== T('synthetic') || isDocTrees(i);
  const q = [];
  for (let k = first[root]; k < first[root + 1]; k++) { const c = to(k); if (isUserRoot(c)) { dist[c] = 1; q.push(c); } }
  const pending = new Set();
  const filter = (i, k) => {
    if (type(i) === T('hidden') && ename(k) === 'sloppy_function_map' && nameOf(i) === 'system / NativeContext') return false;
    if (type(i) === T('array') && nameOf(i) === '(map descriptors)') {
      const idx = parseInt(ename(k), 10);
      return idx < 2 || (idx % 3) !== 1;
    }
    if (et(k) === INT) {
      const m = ename(k).match(wmRe);
      if (m) { if (!pending.delete(m[1])) { pending.add(m[1]); return false; } }
    }
    return true;
  };
  const bfs = (head) => {
    while (head < q.length) {
      const i = q[head++];
      const d = dist[i] + 1;
      for (let k = first[i]; k < first[i + 1]; k++) {
        if (et(k) === W) continue;
        const c = to(k);
        if (dist[c] !== -5) continue;
        if (!filter(i, k)) continue;
        dist[c] = d; q.push(c);
      }
    }
    return head;
  };
  let head = bfs(0);
  dist[root] = q.length > 0 ? 100000000 : 0;
  q.push(root);
  bfs(head);
}

// Shallow sizes: hidden/array nodes owned by exactly one other node move their size to it (when user roots exist).
let hasUserRoots = false;
for (let k = first[root]; k < first[root + 1]; k++) { const c = to(k); if (type(c) !== T('synthetic') || isDocTrees(c)) hasUserRoots = true; }
if (hasUserRoots) {
  const UN = 0xffffffff, MULTI = 0xfffffffe;
  const owners = new Uint32Array(N), work = [];
  for (let i = 0; i < N; i++) {
    const t = type(i);
    if (t === T('hidden') || t === T('array') || (t === T('native') && nameOf(i) === 'system / ExternalStringData')) owners[i] = UN;
    else { owners[i] = i; work.push(i); }
  }
  while (work.length) {
    const i = work.pop(), o = owners[i];
    for (let k = first[i]; k < first[i + 1]; k++) {
      if (et(k) === W) continue;
      const c = to(k);
      const oc = owners[c];
      if (oc === UN) { owners[c] = o; work.push(c); }
      else if (oc === c || oc === o || oc === MULTI) continue;
      else { owners[c] = MULTI; work.push(c); }
    }
  }
  for (let i = 0; i < N; i++) {
    const o = owners[i];
    if (o === UN || o === MULTI || o === i) continue;
    if (o === root || type(o) === T('synthetic')) continue;
    self[o] += self[i];
    self[i] = 0;
  }
}

// Retained sizes: self sizes, then each vertex added into its dominator in decreasing DFS number.
const retained = new Float64Array(N);
for (let i = 0; i < N; i++) retained[i] = self[i];
for (let i = n; i > 1; i--) { const o = vertex[i] - 1; retained[idomOrdinal(o)] += retained[o]; }
const idomOf = idomOrdinal;

// Class names, with inferred interfaces for plain objects.
const cls = new Array(N);
const fmt = (n) => /[,'"{}]/.test(n) ? JSON.stringify({ [n]: 0 }).slice(1, -3) : n;
for (let i = 0; i < N; i++) {
  const t = type(i);
  let name = names[i];
  if (t === T('hidden')) cls[i] = '(system)';
  else if (t === T('object') || t === T('native')) {
    if (name.startsWith('<')) { const s = name.indexOf(' '); if (s !== -1) name = name.substring(0, s) + '>'; }
    else if (name.startsWith('Detached <')) { const s = name.indexOf(' ', 10); if (s !== -1) name = name.substring(0, s) + '>'; }
    cls[i] = name;
  } else if (t === T('code')) cls[i] = '(compiled code)';
  else if (t === T('closure')) cls[i] = 'Function';
  else if (t === T('regexp')) cls[i] = 'RegExp';
  else cls[i] = '(' + NT[t] + ')';
}
{
  const plain = [];
  for (let i = 0; i < N; i++) if (type(i) === T('object') && nameOf(i) === 'Object') plain.push(i);
  const cands = new Map();
  for (const i of plain) {
    let nm = '{';
    const props = [];
    for (let k = first[i]; k < first[i + 1]; k++) {
      const en = ename(k);
      if (et(k) !== PROP || en === '__proto__') continue;
      const f = fmt(en);
      if (nm.length > 1 && nm.length + f.length > 120) break;
      if (nm.length !== 1) nm += ', ';
      nm += f;
      props.push(en);
    }
    if (!props.length) continue;
    nm += '}';
    const c = cands.get(nm);
    if (c) c.count++; else cands.set(nm, { name: nm, properties: props, count: 1 });
  }
  const sorted = Array.from(cands.values()).sort((a, b) => b.count - a.count);
  const minCount = Math.max(2, plain.length / 1000);
  const defs = [];
  for (const c of sorted) { if (c.count < minCount) break; defs.push(c); }
  // Match: the definition with the most properties whose properties the object all has; ties → earlier.
  for (const i of plain) {
    const have = new Set();
    for (let k = first[i]; k < first[i + 1]; k++) if (et(k) === PROP) have.add(ename(k));
    let best = null;
    defs.forEach((d, index) => {
      if (!d.properties.every((p) => have.has(p))) return;
      if (!best || d.properties.length > best.d.properties.length) best = { d, index };
    });
    if (best) cls[i] = best.d.name;
  }
}

// Summary aggregates (count/self over nodes with self size > 0; retained without double counting).
const agg = new Map();
for (let i = 0; i < N; i++) {
  if (!self[i]) continue;
  const a = agg.get(cls[i]) || { count: 0, self: 0, retained: 0, distance: Infinity };
  a.count++; a.self += self[i]; a.distance = Math.min(a.distance, dist[i]);
  agg.set(cls[i], a);
}
{
  const kids = Array.from({ length: N }, () => []);
  for (let i = 0; i < N; i++) if (i !== root) kids[idomOf(i)].push(i);
  const onPath = new Map();
  const stack = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const i = top[0];
    if (top[1] === 0 && i !== root) {
      const c = cls[i];
      if (!onPath.get(c) && self[i]) agg.get(c).retained += retained[i];
      top.entered = self[i] && !onPath.get(c);
      if (top.entered) onPath.set(c, true);
    }
    if (top[1] < kids[i].length) { stack.push([kids[i][top[1]++], 0]); } else {
      stack.pop();
      if (top.entered) onPath.set(cls[i], false);
    }
  }
}

if (nodesOut) {
  const lines = [];
  for (let i = 0; i < N; i++) lines.push(`${id(i)}\t${self[i]}\t${retained[i]}\t${cls[i]}\t${dist[i]}\t${i === root ? '' : id(idomOf(i))}`);
  fs.writeFileSync(nodesOut, lines.join('\n') + '\n');
}
// Statistics (calculateStatistics): raw self sizes; system by distance first, then native / code / strings, and
// nodes named Array with their `elements` store when it has one retainer; typed arrays = JSArrayBufferData natives.
const statistics = (() => {
  const raw = (i) => nodes[i * nf + nSize];
  const retainers = new Uint32Array(N);
  for (let k = 0; k < E; k++) retainers[to(k)]++;
  const extra = snap.snapshot.extra_native_bytes || 0;
  const st = { total: extra, native: extra, typedArrays: 0, code: 0, strings: 0, jsArrays: 0, system: 0 };
  const strs = [T('string'), T('concatenated string'), T('sliced string')];
  for (let i = 0; i < N; i++) {
    const size = raw(i);
    st.total += size;
    if (dist[i] >= 100000000) { st.system += size; continue; }
    const t = type(i);
    if (t === T('native')) { st.native += size; if (nameOf(i) === 'system / JSArrayBufferData') st.typedArrays += size; }
    else if (t === T('code')) st.code += size;
    else if (strs.includes(t)) st.strings += size;
    else if (nameOf(i) === 'Array') {
      let add = size;
      for (let k = first[i]; k < first[i + 1]; k++) {
        if (et(k) !== INT || ename(k) !== 'elements') continue;
        if (retainers[to(k)] === 1) add += raw(to(k));
        break;
      }
      st.jsArrays += add;
    }
  }
  st.v8heap = st.total - st.native;
  return st;
})();
const order = Array.from({ length: N }, (_, i) => i).filter((i) => i !== root).sort((a, b) => retained[b] - retained[a]);
console.log(JSON.stringify({
  nodes: N, edges: E, total: retained[root], statistics,
  weaklyHeld: weaklyHeld.length, unreachableCycles: cliques.length,
  weaklyHeldNodes: weaklyHeld.slice(0, 10).map((i) => `${names[i]} @${id(i)}`),
  unreachableCycleNodes: cliques.slice(0, 10).map((i) => `${names[i]} @${id(i)}`),
  rootChildren: (() => { let c = 0; for (let i = 0; i < N; i++) if (i !== root && idomOf(i) === root) c++; return c; })(),
  rootTop: Array.from({ length: N }, (_, i) => i).filter((i) => i !== root && idomOf(i) === root)
    .sort((a, b) => retained[b] - retained[a] || id(a) - id(b)).slice(0, 20)
    .map((i) => ({ id: id(i), cls: cls[i], retained: retained[i] })),
  userRoots: (() => {
    const out = [];
    for (let k = first[root]; k < first[root + 1]; k++) {
      const c = to(k);
      if (type(c) !== T('synthetic')) out.push({ id: id(c), cls: cls[c], retained: retained[c], idom: id(idomOf(c)) });
    }
    return out;
  })(),
  top: order.slice(0, 15).map((i) => ({ id: id(i), cls: cls[i], self: self[i], retained: retained[i], idom: id(idomOf(i)) })),
  classes: Array.from(agg.entries()).sort((a, b) => b[1].retained - a[1].retained).slice(0, 30)
    .map(([c, a]) => ({ cls: c, ...a })),
}, null, 1));
