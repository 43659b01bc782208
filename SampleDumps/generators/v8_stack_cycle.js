'use strict';
// A snapshot taken from inside a running function, with the shape that makes DevTools' orphan handling matter:
//
//   node v8_stack_cycle.js OUT.heapsnapshot [typescript|synthetic]
//
// `main` loads a large module (the TypeScript compiler from Debian's node-typescript, or with `synthetic` a generated
// module-like object graph of a few MB), keeps it in a local variable that a closure captures, and stores that
// closure as a WeakMap value under a key only the stack holds. Then:
//   - main's closure context is held by `(Stack roots)` and by the closure (a cycle: context → keeper → context);
//   - both are page-owned (global → registry WeakMap → table → keeper), so the edges from the stack and from the
//     stack-only key are not essential, and the table→value edge never is: nothing outside the cycle retains it;
//   - the context references the module, which the require cache also reaches from `global`.
// DevTools hangs the cycle's nodes under the root one by one and none of their references can dominate anything, so
// `global` retains the module (about 28 MB with TypeScript). Treating the cycle as ordinary roots instead hands the
// module to the root. Prints one JSON line: file, bytes, nodes, module.
const v8 = require('v8');
const fs = require('fs');

const out = process.argv[2] || 'stack-cycle.heapsnapshot';
const mode = process.argv[3] || 'typescript';

function loadModule() {
  if (mode === 'typescript') {
    const candidates = ['typescript', '/usr/share/nodejs/typescript'];
    for (const c of candidates) {
      try { return require(c); } catch (_) { /* try the next */ }
    }
    throw new Error('TypeScript is not installed (Debian: apt-get install node-typescript)');
  }
  // A stand-in with a module's shape: many functions sharing one scope, tables of strings, nested objects.
  const mod = { version: 'synthetic-1', tables: [], functions: {} };
  for (let i = 0; i < 4000; i++) {
    const name = 'fn' + i;
    mod.functions[name] = function () { return mod.tables[i % mod.tables.length]; };
    mod.tables.push({ id: i, label: 'entry-' + i + '-' + 'y'.repeat(i % 50), children: [i, i + 1, i + 2] });
  }
  require.cache['synthetic-module'] = { exports: mod };
  globalThis.syntheticModuleCache = require.cache;
  return mod;
}

function main() {
  const lib = loadModule();
  const registry = new WeakMap();
  globalThis.registry = registry;
  const key = { stackOnly: true };
  // Captures `keeper` itself (a let binding, unlike a named function expression's own name) and `lib`.
  let keeper = () => keeper && lib.version;
  registry.set(key, keeper);
  v8.writeHeapSnapshot(out);
  return String(key.stackOnly) + typeof keeper;
}

main();
const head = Buffer.alloc(4096);
const fd = fs.openSync(out, 'r');
fs.readSync(fd, head, 0, 4096, 0);
fs.closeSync(fd);
const m = /"node_count":(\d+)/.exec(head.toString('latin1'));
console.log(JSON.stringify({ file: out, bytes: fs.statSync(out).size, nodes: m ? Number(m[1]) : null, module: mode }));
