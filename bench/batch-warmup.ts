/**
 * How a fresh parallel-mcp (or the pass-through) warms up, batch by batch (issue 13): per batch of
 * `calls` echoes to server-everything (64 in flight), the process's CPU per call on its main thread
 * and on its other threads (TurboFan compiling in the background, the GC's helpers), from
 * schedstat. With --v8-log FILE the CLI runs with `--log-code --log-deopt` and each batch also
 * shows how many functions TurboFan compiled and how many deoptimizations it had (read from the
 * log after each batch and its requests). With --requests, `calls` one-call requests follow each batch, as in
 * section 1's rounds. `pass` instead of a CLI measures bench/pass-through.mjs (call_batch).
 *
 *   tsx bench/batch-warmup.ts <cli|pass> [batches=50] [calls=1000] [--requests] [--v8-log FILE]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EVERYTHING, inFlight, openPassThrough, openSession, parallelEcho, textOf, writeConfig } from './mcp-session.js';

const { values, positionals } = parseArgs({ options: { requests: { type: 'boolean', default: false }, 'v8-log': { type: 'string' } }, allowPositionals: true });
const [cli, batchesArg, callsArg] = positionals;
if (!cli) throw new Error('Expected: tsx bench/batch-warmup.ts <cli|pass> [batches] [calls] [--requests] [--v8-log FILE]');
const batches = Number(batchesArg ?? 50);
const calls = Number(callsArg ?? 1000);
const pass = cli === 'pass';
const log = values['v8-log'];
if (pass && log) throw new Error('--v8-log is for a parallel-mcp CLI only');
const v8Flags = log ? ['--log-code', '--log-deopt', `--logfile=${log}`, '--no-logfile-per-isolate'] : [];
const session = pass
  ? await openPassThrough('everything', EVERYTHING)
  : await openSession(process.execPath, [...v8Flags, cli, '--config', writeConfig('batch-warmup', { everything: EVERYTHING })], { env: { PARALLEL_MCP_STATE_DIR: 'none' } });

/** Run time (ns) of the main thread and of the other threads, from schedstat. */
function threadNs(): { main: number; other: number } {
  let main = 0;
  let other = 0;
  for (const tid of readdirSync(`/proc/${session.pid}/task`)) {
    const ns = Number(readFileSync(`/proc/${session.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    if (Number(tid) === session.pid) main += ns;
    else other += ns;
  }
  return { main, other };
}

async function batch(): Promise<void> {
  if (pass) {
    const list = Array.from({ length: calls }, (_, i) => ({ tool: 'everything__echo', arguments: { message: `m${i}` } }));
    const response = await session.client.callTool({ name: 'call_batch', arguments: { calls: list, max_concurrency: 64 } }, undefined, { timeout: 300_000 });
    const results = (response.structuredContent as { results?: Array<{ ok: boolean; result?: unknown }> } | undefined)?.results ?? [];
    if (results.length !== calls || !results.every((r, i) => r.ok && textOf(r.result) === `Echo: m${i}`)) throw new Error('Expected every pass-through echo ok and in order');
    return;
  }
  const { results } = await parallelEcho(session, calls, 64);
  if (results.length !== calls || results.some((r) => !r.ok)) throw new Error('Expected every echo ok');
}

async function requests(): Promise<void> {
  if (pass) {
    await inFlight(calls, 64, async (i) => {
      await session.client.callTool({ name: 'everything__echo', arguments: { message: `r${i}` } });
    });
    return;
  }
  await inFlight(calls, 64, async () => {
    const { results } = await parallelEcho(session, 1, 1);
    if (!results[0]?.ok) throw new Error('Expected the one-call echo ok');
  });
}

let logLines = 0;
/** TurboFan code objects created and deoptimizations logged since the last call. */
function logCounts(): { compiled: number; deopts: number } {
  const lines = readFileSync(log!, 'utf8').split('\n');
  const fresh = lines.slice(logLines, lines.length - 1);
  logLines = lines.length - 1;
  return {
    compiled: fresh.filter((line) => line.startsWith('code-creation,JS,') && line.endsWith(',*')).length,
    deopts: fresh.filter((line) => line.startsWith('code-deopt,')).length,
  };
}

try {
  process.stdout.write(`batch  main µs/call  other µs/call${log ? '  TurboFan compiles  deopts' : ''}   (${pass ? 'pass-through' : cli}, ${calls} calls per batch${values.requests ? `, ${calls} one-call requests after each` : ''})\n`);
  for (let b = 1; b <= batches; b++) {
    const before = threadNs();
    await batch();
    const after = threadNs();
    if (values.requests) await requests();
    let counts = '';
    if (log) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the log reach the file
      const { compiled, deopts } = logCounts();
      counts = `  ${String(compiled).padStart(17)}  ${String(deopts).padStart(6)}`;
    }
    process.stdout.write(`${String(b).padStart(5)}  ${((after.main - before.main) / 1000 / calls).toFixed(1).padStart(12)}  ${((after.other - before.other) / 1000 / calls).toFixed(1).padStart(13)}${counts}\n`);
  }
} finally {
  await session.close();
}
