/**
 * What a one-call answer's shape alone costs (issue 13's latency row): the raw pass-through
 * answering as it does (the server's own answer, ~80 B) against the same pass-through answering
 * in the shape of parallel-mcp's one-call call_tools_parallel answer (`--answer-shape one-call`,
 * ~630 B: text, run_id, structuredContent with the record and summary), and optionally without
 * its structuredContent (`one-call-text`). The proxy's own work is the same in all (JSON.parse,
 * id remapping, one JSON.stringify), so what differs is the answer: its stringify, its bytes and
 * the SDK client's reading of it. Each path has its own pass-through and server-everything; a
 * direct SDK client of a third server is the baseline of the latency samples.
 *
 * Per round, each path (alternating) sends `calls` requests one at a time: the client's CPU per
 * request (this process) and the pass-through's (/proc stat, 10 ms ticks). Then `samples` lone
 * requests per path and the direct call in rotating order: the added latency (a path's time minus
 * the direct call's of the same sample), median per round. Printed: min / median / max over the
 * rounds, and each shape's added latency over the plain pass-through's, per round.
 *
 *   tsx bench/answer-shape-pair.ts [--rounds 6] [--calls 2000] [--samples 200] [--text]
 */
import { readFileSync } from 'node:fs';
import { EVERYTHING, inFlight, openSession, passThroughPath, textOf, type Session } from './mcp-session.js';
import { median } from './stats.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Expected ${name} to be a positive integer, got ${argv[at + 1]}`);
  return value;
};
const rounds = option('--rounds', 6);
const calls = option('--calls', 2000);
const samples = option('--samples', 200);
const shapes = argv.includes('--text') ? ['plain', 'one-call', 'one-call-text'] : ['plain', 'one-call'];

const open = (shape: string): Promise<Session> =>
  openSession(process.execPath, [passThroughPath, '--name', 'everything', ...(shape === 'plain' ? [] : ['--answer-shape', shape]), '--', EVERYTHING.command, ...EVERYTHING.args]);
const cpuMs = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const sessions = new Map<string, Session>();
let direct: Session | undefined;
try {
  for (const shape of shapes) sessions.set(shape, await open(shape));
  direct = await openSession(EVERYTHING.command, EVERYTHING.args);
  const directSession = direct;
  const call = async (session: Session, name: string): Promise<void> => {
    const result = await session.client.callTool({ name, arguments: { message: 'm' } });
    if (!textOf(result)?.includes('Echo: m')) throw new Error(`Expected the echo's text, got ${JSON.stringify(result).slice(0, 300)}`);
  };
  const one = (shape: string) => () => call(sessions.get(shape)!, 'everything__echo');
  const directOne = () => call(directSession, 'echo');
  for (let w = 0; w < 10; w++) {
    for (const shape of shapes) await inFlight(300, 1, one(shape));
    await inFlight(300, 1, directOne);
  }
  const seen = new Map<string, { client: number[]; proxy: number[]; added: number[] }>(shapes.map((shape) => [shape, { client: [], proxy: [], added: [] }]));
  for (let r = 0; r < rounds; r++) {
    for (const shape of r % 2 === 0 ? shapes : [...shapes].reverse()) {
      const pid = sessions.get(shape)!.pid;
      const proxy0 = cpuMs(pid);
      const client0 = process.cpuUsage();
      await inFlight(calls, 1, one(shape));
      const client = process.cpuUsage(client0);
      const figures = seen.get(shape)!;
      figures.client.push((client.user + client.system) / calls);
      figures.proxy.push(((cpuMs(pid) - proxy0) * 1000) / calls);
    }
    const ms = new Map<string, number[]>([...shapes, 'direct'].map((path) => [path, []]));
    const paths = ['direct', ...shapes];
    for (let i = 0; i < samples; i++) {
      for (let k = 0; k < paths.length; k++) {
        const path = paths[(k + i) % paths.length]!;
        const t0 = performance.now();
        await (path === 'direct' ? directOne() : one(path)());
        ms.get(path)!.push(performance.now() - t0);
      }
    }
    const directMs = ms.get('direct')!;
    for (const shape of shapes) seen.get(shape)!.added.push(median(ms.get(shape)!.map((v, i) => v - directMs[i]!)) * 1000);
  }
  const spread = (values: number[], digits = 1): string => {
    const sorted = [...values].sort((a, b) => a - b);
    return [sorted[0]!, median(sorted), sorted[sorted.length - 1]!].map((v) => v.toFixed(digits)).join(' / ');
  };
  process.stdout.write(`${rounds} rounds of ${calls} lone requests per path, then ${samples} rotating latency samples (min / median / max over the rounds)\n`);
  const plain = seen.get('plain')!;
  for (const [shape, figures] of seen) {
    process.stdout.write(`${shape.padEnd(13)} client CPU ${spread(figures.client)} µs; pass-through CPU ${spread(figures.proxy)} µs; added latency over direct ${spread(figures.added)} µs`);
    if (shape !== 'plain') process.stdout.write(`; ÷ plain's, per round, ${spread(figures.added.map((v, i) => v / plain.added[i]!), 2)}`);
    process.stdout.write('\n');
  }
} finally {
  await Promise.allSettled([...[...sessions.values()].map((session) => session.close()), direct?.close()]);
}
