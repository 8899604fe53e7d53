// `node --import bench/first-call-probe.mjs <cli> ...` (bench/cold-start.ts --phases): appends
// one JSON line per start-up event of the first call to the file FIRST_CALL_PROBE names, with
// the time since the process started (performance.now()) and the CPU it had used (ms):
// stdin (first bytes read), spawn (a downstream process), down-initialized (a server's
// initialize answer), down-listed (its tools/list answer), down-call (a tools/call written to
// it), answer (a tools/call result written to stdout). It wraps process.stdin/stdout and
// child_process.spawn; it is a measuring aid, not part of parallel-mcp.
import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const file = process.env.FIRST_CALL_PROBE;
const note = (event) => {
  if (!file) return;
  const cpu = process.cpuUsage();
  appendFileSync(file, `${JSON.stringify({ event, ms: performance.now(), cpu_ms: (cpu.user + cpu.system) / 1000 })}\n`);
};
note('probe');
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('"content"')) note('answer');
  return write(chunk, ...rest);
};
// Each 'data' listener is wrapped (and unwrapped again on removal, as the front door does at its handover).
const wrapped = new WeakMap();
for (const name of ['on', 'addListener']) {
  const add = process.stdin[name];
  process.stdin[name] = function (event, listener) {
    if (event !== 'data') return add.call(this, event, listener);
    const wrapper = function (chunk) {
      note('stdin');
      return listener.apply(this, arguments);
    };
    wrapped.set(listener, wrapper);
    return add.call(this, event, wrapper);
  };
}
for (const name of ['off', 'removeListener']) {
  const remove = process.stdin[name];
  process.stdin[name] = function (event, listener) {
    return remove.call(this, event, (event === 'data' && wrapped.get(listener)) || listener);
  };
}
const spawn = childProcess.spawn;
childProcess.spawn = function () {
  note('spawn');
  const child = spawn.apply(this, arguments);
  const toChild = child.stdin.write.bind(child.stdin);
  child.stdin.write = (chunk, ...rest) => {
    if (String(chunk).includes('"tools/call"')) note('down-call');
    return toChild(chunk, ...rest);
  };
  child.stdout.on('data', (chunk) => {
    const text = String(chunk);
    if (text.includes('"protocolVersion"')) note('down-initialized');
    if (text.includes('{"tools":[')) note('down-listed');
  });
  return child;
};
syncBuiltinESMExports();
