// Preloaded into a stdio MCP server (node --import): records when its stdin delivers a chunk
// (and how many lines it holds) and when it writes to stdout, on CLOCK_MONOTONIC (ms); on
// SIGUSR2 writes them to $SERVER_WATCH_OUT as JSON and starts again. Used by batch-server-gaps.ts.
import { writeFileSync } from 'node:fs';

const events = [];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  events.push(now(), 0);
  return write(chunk, ...rest);
};
// Wrapping emit (not adding a 'data' listener, which would start the flow before the server listens).
const emit = process.stdin.emit.bind(process.stdin);
process.stdin.emit = (name, chunk, ...rest) => {
  if (name === 'data') {
    let lines = 0;
    if (typeof chunk === 'string') for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
    else for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    events.push(now(), lines);
  }
  return emit(name, chunk, ...rest);
};
process.on('SIGUSR2', () => {
  writeFileSync(process.env.SERVER_WATCH_OUT, JSON.stringify(events));
  events.length = 0;
});
