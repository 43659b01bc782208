'use strict';
// An independent count of duplicate strings in a V8 heap snapshot, for cross-checking hdx's Reports screen:
//
//   node v8_duplicate_strings.js FILE.heapsnapshot
//
// Reads the JSON as it is (no hdx code): nodes of type `string` grouped by their name (the value V8 recorded; for
// values of 1,024 or more characters, which V8 may have cut, also by self size). A group of two or more is a
// duplicate; it wastes the self sizes of all its copies but the biggest. Prints JSON: the number of groups, the bytes
// they waste, and the 20 most wasteful groups (value cut to 40 characters, copies, wasted, the copies' node ids).
const fs = require('fs');
const snap = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const meta = snap.snapshot.meta;
const nf = meta.node_fields.length;
const nType = meta.node_fields.indexOf('type'), nName = meta.node_fields.indexOf('name');
const nSize = meta.node_fields.indexOf('self_size'), nId = meta.node_fields.indexOf('id');
const stringType = meta.node_types[0].indexOf('string');
const groups = new Map();
for (let i = 0; i < snap.nodes.length; i += nf) {
  if (snap.nodes[i + nType] !== stringType) continue;
  const value = snap.strings[snap.nodes[i + nName]];
  const size = snap.nodes[i + nSize];
  const key = value.length >= 1024 ? value + '\u0000' + size : value;
  if (!groups.has(key)) groups.set(key, { value, copies: [] });
  groups.get(key).copies.push({ id: snap.nodes[i + nId], size });
}
const dups = [];
let wasted = 0;
for (const g of groups.values()) {
  if (g.copies.length < 2) continue;
  const total = g.copies.reduce((s, c) => s + c.size, 0);
  const biggest = Math.max(...g.copies.map((c) => c.size));
  g.wasted = total - biggest;
  wasted += g.wasted;
  dups.push(g);
}
dups.sort((a, b) => b.wasted - a.wasted || b.copies.length - a.copies.length || (a.value < b.value ? -1 : 1));
console.log(JSON.stringify({
  groups: dups.length,
  wasted,
  top: dups.slice(0, 20).map((g) => ({ value: g.value.slice(0, 40), copies: g.copies.length, wasted: g.wasted,
                                        ids: g.copies.map((c) => c.id).sort((x, y) => x - y) })),
}));
