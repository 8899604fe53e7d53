// Preloaded into a proxy process by bench/request-regime.ts (NODE_OPTIONS=--require): records,
// between two SIGUSR2, every chunk read (Readable.prototype.push) and every write
// (net.Socket.prototype.write) of the process's stdin/stdout and of its other pipes (a child's
// stdin/stdout), with the number of lines in each; on the second SIGUSR2 writes them as JSON to
// $REGIME_OUT_DIR/regime.<pid>.json. Off (one boolean check per chunk) until the first signal.
'use strict';
const { Readable } = require('node:stream');
const { Socket } = require('node:net');
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

let on = false;
/** [ms, kind, lines]: kind 'in' (stdin read), 'out' (stdout write), 'down-w' / 'down-r' (other pipes). */
const events = [];
const lines = (chunk) => {
  const nl = typeof chunk === 'string' ? '\n' : 10;
  let n = 0;
  for (let i = chunk.indexOf(nl); i !== -1; i = chunk.indexOf(nl, i + 1)) n++;
  return n;
};
const push = Readable.prototype.push;
Readable.prototype.push = function (chunk, encoding) {
  if (on && chunk && chunk.length > 0) events.push([performance.now(), this === process.stdin ? 'in' : 'down-r', lines(chunk)]);
  return push.call(this, chunk, encoding);
};
const write = Socket.prototype.write;
Socket.prototype.write = function (chunk, encoding, callback) {
  if (on && chunk && chunk.length > 0 && this !== process.stderr) events.push([performance.now(), this === process.stdout ? 'out' : 'down-w', lines(chunk)]);
  return write.call(this, chunk, encoding, callback);
};
process.on('SIGUSR2', () => {
  if (!on) {
    events.length = 0;
    on = true;
    return;
  }
  on = false;
  const file = join(process.env.REGIME_OUT_DIR ?? '/tmp', `regime.${process.pid}.json`);
  // Whole or not at all: the bench reads it once it exists.
  writeFileSync(`${file}.part`, JSON.stringify(events));
  renameSync(`${file}.part`, file);
});
