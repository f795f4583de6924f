// Preloaded (`node --require`) into the language server under test: every attempt to open a
// network connection is written to stderr as `concert-test: network attempt: <target>` and refused
// at once, so the tests see it and never wait on (or depend on) the network.
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const report = (target) => process.stderr.write(`concert-test: network attempt: ${target}\n`);
const refused = (target) => Object.assign(new Error(`network access refused in tests: ${target}`), { code: 'ENETUNREACH' });

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  // A local socket path (IPC) is not the network.
  if (typeof first === 'string' || (first && typeof first === 'object' && first.path)) return connect.apply(this, args);
  const target = first && typeof first === 'object' ? `${first.host ?? 'localhost'}:${first.port}` : `${args[1] ?? 'localhost'}:${first}`;
  report(target);
  process.nextTick(() => this.destroy(refused(target)));
  return this;
};

dns.lookup = function (hostname, ...rest) {
  report(`dns ${hostname}`);
  const callback = rest[rest.length - 1];
  if (typeof callback === 'function') process.nextTick(() => callback(refused(hostname)));
};

if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = async (input) => {
    const target = String(input && typeof input === 'object' && 'url' in input ? input.url : input);
    report(target);
    throw refused(target);
  };
}
