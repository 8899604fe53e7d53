/**
 * Writes coalesced across the whole one-call path (issue 13): several one-call requests read in
 * one chunk are all handed to the pool in that turn, and when their downstream answers come in
 * one turn, every answer leaves in one write to stdout — one system call for the lot, not one
 * each — with each request answered exactly once. A pool whose calls answer when the test says
 * so stands in for the downstream side (as in same-tick.test.ts); stdout's write is counted.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool, type ResolvedTool } from '../../src/downstream/pool.js';
import type { CallOutcome } from '../../src/engine/outcome.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { createServer } from '../../src/server/create-server.js';
import { installLeanToolsCall } from '../../src/server/lean-tools-call.js';
import { BoundedStdioServerTransport } from '../../src/server/stdio-transport.js';

const definition = { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } };

/** A pool whose one server is ready; each call waits until the test answers it, with its own message. */
class HeldPool extends DownstreamPool {
  readonly calls: Array<{ message: string; answer: (outcome: CallOutcome) => void }> = [];
  override async resolveIfReady(server: string | undefined, tool: string): Promise<ResolvedTool> {
    return { server: server ?? 'everything', tool, definition } as ResolvedTool;
  }
  override callTool(_resolved: ResolvedTool, args: Record<string, unknown>): Promise<CallOutcome> {
    return new Promise((answer) => this.calls.push({ message: String(args.message), answer }));
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(lean: boolean) {
  const config = parseConfig({ mcpServers: { everything: { command: 'none' } } }, { path: 'coalesced.json', env: {} });
  const pool = new HeldPool(config.servers, { log: silentLogger });
  const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const writes: string[] = [];
  const write = stdout.write.bind(stdout);
  stdout.write = ((chunk: string | Buffer, ...rest: unknown[]) => {
    writes.push(chunk.toString());
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stdout.write;
  const transport = new BoundedStdioServerTransport({ stdin, stdout });
  await server.connect(transport);
  if (lean) installLeanToolsCall(server, transport);
  closers.push(() => server.close());
  const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
  stdin.write(`${JSON.stringify(initialize)}\n${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  writes.length = 0;
  return { pool, stdin, writes };
}

const inTurnOfItsOwn = (work: () => void) =>
  new Promise<void>((resolve) =>
    setImmediate(() => {
      work();
      // The marker of that turn: what ran before it ran in the turn.
      setImmediate(resolve);
    }),
  );

const oneCall = (id: number) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: `m${id}` } }], max_concurrency: 1 } } });

describe.each([
  ['the lean path', true],
  ['the SDK path', false],
] as const)('answers coalesced on %s', (_path, lean) => {
  it('five one-call requests in one chunk: five calls in that turn; their answers, settled in one turn, in one write, each once', async () => {
    const { pool, stdin, writes } = await serve(lean);
    const ids = [11, 12, 13, 14, 15];
    await inTurnOfItsOwn(() => stdin.write(`${ids.map(oneCall).join('\n')}\n`));
    expect(pool.calls.map((call) => call.message)).toEqual(ids.map((id) => `m${id}`));
    expect(writes).toEqual([]);
    // Answered in reverse order, all in one turn (as the answers of one downstream chunk are).
    await inTurnOfItsOwn(() => {
      for (const call of [...pool.calls].reverse()) call.answer({ ok: true, result: { content: [{ type: 'text', text: `Echo: ${call.message}` }] } });
    });
    expect(writes).toHaveLength(1);
    const answers = writes[0]!
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: number; result: { structuredContent: { results: Array<{ ok: boolean; result: { content: Array<{ text: string }> } }> } } });
    expect(answers.map((answer) => answer.id).sort()).toEqual(ids);
    for (const answer of answers) {
      const [result] = answer.result.structuredContent.results;
      expect(result!.ok).toBe(true);
      expect(result!.result.content[0]!.text).toBe(`Echo: m${answer.id}`);
    }
    // Nothing more is written for them later.
    await inTurnOfItsOwn(() => {});
    expect(writes).toHaveLength(1);
  });

  it('answers settled in two turns leave in two writes (one per turn, none held for a later one)', async () => {
    const { pool, stdin, writes } = await serve(lean);
    await inTurnOfItsOwn(() => stdin.write(`${[21, 22, 23, 24].map(oneCall).join('\n')}\n`));
    expect(pool.calls).toHaveLength(4);
    const answer = (index: number) => pool.calls[index]!.answer({ ok: true, result: { content: [{ type: 'text', text: `Echo: ${pool.calls[index]!.message}` }] } });
    await inTurnOfItsOwn(() => {
      answer(0);
      answer(1);
    });
    expect(writes).toHaveLength(1);
    await inTurnOfItsOwn(() => {
      answer(2);
      answer(3);
    });
    expect(writes).toHaveLength(2);
    const idsOf = (text: string) => text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: number }).id).sort();
    expect(idsOf(writes[0]!)).toEqual([21, 22]);
    expect(idsOf(writes[1]!)).toEqual([23, 24]);
  });
});
