// A heap snapshot with collections of known contents, for hdx's collection tests
// (Tests/HeapAnalysisTests/CollectionContentsTests). Usage: node v8_collections.js OUT.heapsnapshot
//   globalThis.keepMap  Map: "alpha" -> "one", "beta" -> {x: 1}, "gamma" -> "three"
//   globalThis.keepSet  Set: "red", "green", "blue", "cyan"
//   globalThis.keepArr  Array: "a1", "b2", {y: 2}
const v8 = require('v8');
globalThis.keepMap = new Map([['alpha', 'one'], ['beta', {x: 1}], ['gamma', 'three']]);
globalThis.keepSet = new Set(['red', 'green', 'blue', 'cyan']);
globalThis.keepArr = ['a1', 'b2', {y: 2}];
v8.writeHeapSnapshot(process.argv[2]);
