'use strict';
// An independent port of DevTools' Containment filter (HeapSnapshot.ts, JSHeapSnapshot.containmentEdgesFilter
// with its `showHiddenData` setting), for cross-checking hdx's Containment view (`O`, `H`):
//
//   node v8_containment.js FILE.heapsnapshot [COUNT]
//
// Reads the JSON as it is (no hdx code). An edge of type `invisible` is never listed; with hidden data off (the
// default) an edge of type `hidden`, or one to a node of type `hidden`, is not listed either. Prints JSON: for the
// root, its children, and the first COUNT (default 300) nodes that have an edge the default leaves out, the node's
// id and its listed edges in snapshot order, as "name>targetId" (element and hidden edges named "[index]"), with
// hidden data off (`shown`) and on (`all`).
const fs = require('fs');
const snap = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const count = Number(process.argv[3] || 300);
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length, ef = meta.edge_fields.length;
const nType = meta.node_fields.indexOf('type'), nId = meta.node_fields.indexOf('id');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type'), eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const edgeTypes = meta.edge_types[0], nodeTypes = meta.node_types[0];
const hiddenNode = nodeTypes.indexOf('hidden');
const nodes = snap.nodes, edges = snap.edges;
const nodeCount = nodes.length / nf;
const first = new Uint32Array(nodeCount + 1);
for (let i = 0; i < nodeCount; i++) first[i + 1] = first[i] + nodes[i * nf + nEdges] * ef;
function list(ordinal, showHidden) {
  const out = [];
  let left = 0;
  for (let e = first[ordinal]; e < first[ordinal + 1]; e += ef) {
    const type = edgeTypes[edges[e + eType]];
    const to = edges[e + eTo];
    if (type === 'invisible') continue;
    if (type === 'hidden' || nodes[to + nType] === hiddenNode) {
      left++;
      if (!showHidden) continue;
    }
    const name = type === 'element' || type === 'hidden' ? '[' + edges[e + eName] + ']' : snap.strings[edges[e + eName]];
    out.push(name + '>' + nodes[to + nId]);
  }
  return { list: out, left };
}
const rootOrdinal = (snap.snapshot.root_index || 0) / nf;
const picked = [rootOrdinal];
for (let e = first[rootOrdinal]; e < first[rootOrdinal + 1]; e += ef) picked.push(edges[e + eTo] / nf);
let found = 0;
for (let i = 0; i < nodeCount && found < count; i++) {
  if (picked.includes(i)) continue;
  if (list(i, false).left > 0) { picked.push(i); found++; }
}
console.log(JSON.stringify(picked.map((i) => {
  const shown = list(i, false);
  return { id: nodes[i * nf + nId], shown: shown.list, all: list(i, true).list, hidden: shown.left };
})));
