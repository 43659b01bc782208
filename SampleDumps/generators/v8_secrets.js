'use strict';
// A Node heap with planted secrets for `hdx strip`'s tests: writes OUT (a .heapsnapshot).
//   node v8_secrets.js OUT.heapsnapshot
// Planted values (each must be absent from the stripped copy, raw or JSON-decoded): a password built at run time
// (a concatenated string), e-mails in a sliced string, an array and a Map, an SQL statement with a literal, a
// regular expression, a non-Latin-1 string, and a literal inside a function's source.
const v8 = require('v8');

const pieces = ['hunter2-', 'Pa55w0rd', '!'];
const password = pieces.join('');
const long = 'x'.repeat(40) + 'dave.secret@example.org' + 'y'.repeat(40);
const sliced = long.slice(40, 40 + 23);
const sql = "SELECT * FROM users WHERE password = '" + ['Tr0', 'ub4dor&3'].join('') + "'";
const emails = new Map();
// JSON round trip: a flat (sequential) string, not a concatenation of pieces
for (let i = 0; i < 20; i++) emails.set(i, JSON.parse(JSON.stringify('customer' + i + '.secret@example.com')));

class Account {
  constructor(owner) {
    this.owner = owner;
    this.password = password;
    this.sql = sql;
    this.unicode = 'zo\u00eb-\u79d8\u5bc6-token-\u00fc\u00efc';
    this.pattern = /erin\.secret@example\.com/;
    this.cons = 'frank.secret' + '@' + String(Date.now() % 1 === 0 ? 'example.io' : '');
  }
}

function leakyToken() {
  return 'grace.secret-token-XYZ';
}

globalThis.keep = { account: new Account('alice.secret@example.com'), sliced, emails, leakyToken, long, token: leakyToken() };
v8.writeHeapSnapshot(process.argv[2]);
console.log(Object.keys(globalThis.keep).length);
