// A heap snapshot with weak collections and arrays of known shape, for hdx's V8 collection tests
// (Tests/HeapAnalysisTests/V8WeakCollectionTests). Usage: node v8_weak_collections.js OUT.heapsnapshot
//   globalThis.keys        three Key objects (kept alive, so the weak entries stay)
//   globalThis.keepWeakMap WeakMap: keys[0] -> "w-one", keys[1] -> {z: 2}, keys[2] -> "w-three"
//   globalThis.keepWeakSet WeakSet: keys[0], keys[2]
//   globalThis.holeyArr    new Array(100) with only [0] = "h0" and [41] = {h: 41}: capacity 100, length 100
//   globalThis.filledArr   new Array(7) filled with one object: capacity 7, length 7
//   globalThis.grownArr    [] with 5 objects pushed: capacity V8's growth gives (more than 5)
const v8 = require('v8');
class Key { constructor(n) { this.n = n; } }
globalThis.keys = [new Key(1), new Key(2), new Key(3)];
globalThis.keepWeakMap = new WeakMap([[keys[0], 'w-one'], [keys[1], {z: 2}], [keys[2], 'w-three']]);
globalThis.keepWeakSet = new WeakSet([keys[0], keys[2]]);
const holey = new Array(100);
holey[0] = 'h0';
holey[41] = {h: 41};
globalThis.holeyArr = holey;
const shared = {shared: true};
globalThis.filledArr = new Array(7).fill(shared);
const grown = [];
for (let i = 0; i < 5; i++) grown.push({i});
globalThis.grownArr = grown;
v8.writeHeapSnapshot(process.argv[2]);
