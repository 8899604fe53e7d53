/**
 * The start-up front door (server/front-door.ts) answers a plain initialize before the SDK
 * loads; it must write what the SDK's server would have written, byte for byte, and answer
 * nothing the SDK would refuse. Every case goes to both: leanInitializeAnswer() and a real
 * createServer() over our stdio transport. Then whole sessions through the door and the
 * handover give the same bytes as the SDK alone.
 */
import { PassThrough } from 'node:stream';
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DownstreamPool } from '../../src/downstream/pool.js';
import { DurationStats } from '../../src/engine/duration-stats.js';
import { silentLogger } from '../../src/log.js';
import { InMemoryRunRegistry } from '../../src/runs/in-memory-run-registry.js';
import { createServer } from '../../src/server/create-server.js';
import { frontDoor, leanInitializeAnswer, serversNamedBy, SUPPORTED_PROTOCOL_VERSIONS as OURS } from '../../src/server/front-door.js';
import { serveStdio } from '../../src/server/stdio.js';

const config = parseConfig({ mcpServers: {} }, { path: 'front-door.json', env: {} });

/**
 * A fresh SDK server on streams, through the front door or not. `input` is written, and with
 * `then` (as a client does) once a first line has been answered; then a ping: the output up to
 * the ping's answer.
 */
async function sdkSession(input: string, options: { door?: boolean; then?: string } = {}): Promise<string> {
  const pool = new DownstreamPool(config.servers, { log: silentLogger });
  const server = createServer({ pool, config, log: silentLogger, env: {}, durations: new DurationStats(), runs: new InMemoryRunRegistry(config.settings.runs) });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const sentinel = `{"jsonrpc":"2.0","id":"sentinel-ping","method":"ping"}\n`;
  const done = new Promise<void>((resolve) => {
    let rest = options.then;
    const check = () => {
      if (rest !== undefined && out.includes('\n')) {
        stdin.write(rest);
        stdin.write(sentinel);
        rest = undefined;
      }
      if (out.includes('"id":"sentinel-ping"')) resolve();
    };
    stdout.on('data', check);
  });
  const tail = options.then === undefined ? sentinel : '';
  if (options.door) {
    const handoff = await (async () => {
      const door = frontDoor({ stdin, stdout, idleMs: 60_000 });
      stdin.write(input);
      stdin.write(tail);
      return door;
    })();
    await serveStdio(server, () => {}, { handoff, stdout });
  } else {
    await serveStdio(server, () => {}, { handoff: { input: stdin }, stdout });
    stdin.write(input);
    stdin.write(tail);
  }
  await done;
  await server.close();
  await pool.close();
  return out.slice(0, out.indexOf(`{"result":{},"jsonrpc":"2.0","id":"sentinel-ping"}`));
}

const json = fc.jsonValue({ maxDepth: 2 });
const objectOf = (shape: Record<string, fc.Arbitrary<unknown>>) => fc.record(shape, { requiredKeys: [] });
const maybeObject = fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 2 }), json);
const capabilities = fc.oneof(
  objectOf({
    roots: fc.oneof(objectOf({ listChanged: fc.oneof(fc.boolean(), json) }), json),
    sampling: fc.oneof(objectOf({ context: maybeObject, tools: maybeObject }), json),
    elicitation: fc.oneof(objectOf({ form: fc.oneof(objectOf({ applyDefaults: fc.oneof(fc.boolean(), json) }), json), url: maybeObject }), json),
    tasks: fc.oneof(objectOf({ list: maybeObject, cancel: maybeObject, requests: maybeObject }), json),
    experimental: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), maybeObject, { maxKeys: 2 }), json),
    extensions: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), maybeObject, { maxKeys: 2 }), json),
    vendorThing: json,
  }),
  json,
);
const clientInfo = fc.oneof(
  objectOf({
    name: fc.oneof(fc.string({ maxLength: 6 }), json),
    version: fc.oneof(fc.string({ maxLength: 6 }), json),
    title: fc.oneof(fc.string({ maxLength: 6 }), json),
    websiteUrl: fc.string({ maxLength: 6 }),
    description: fc.oneof(fc.string({ maxLength: 6 }), json),
    icons: fc.oneof(fc.constant([]), json),
    other: json,
  }),
  json,
);
const version = fc.oneof(fc.constantFrom(...SUPPORTED_PROTOCOL_VERSIONS, '2099-01-01', '', '2025-06-18 '), json);
const initialize = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('2.0'), fc.constant('1.0')),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.double(), fc.constant(null), fc.constant(2 ** 60)),
    method: fc.oneof(fc.constant('initialize'), fc.constant('initialize'), fc.constant('initialise')),
    params: fc.oneof(
      fc.record(
        {
          protocolVersion: version,
          capabilities,
          clientInfo,
          _meta: fc.oneof(objectOf({ progressToken: fc.oneof(fc.integer(), fc.string()) }), json),
          extra: json,
        },
        { requiredKeys: [] },
      ),
      json,
    ),
    extra: json,
  },
  { requiredKeys: [] },
);
const validCapabilities = objectOf({
  roots: objectOf({ listChanged: fc.boolean() }),
  sampling: objectOf({ context: fc.constant({}), tools: fc.constant({}) }),
  elicitation: fc.oneof(fc.constant({}), objectOf({ form: objectOf({ applyDefaults: fc.boolean() }), url: fc.constant({}) })),
  tasks: objectOf({ list: fc.constant({}), cancel: fc.constant({}) }),
  experimental: fc.dictionary(fc.string({ maxLength: 4 }), fc.constant({ a: 1 }), { maxKeys: 2 }),
  vendorThing: json,
});
/** Valid capabilities with one field, at any depth, replaced by any JSON value. */
const MUTABLE: string[][] = [
  ['roots'], ['roots', 'listChanged'], ['sampling'], ['sampling', 'context'], ['sampling', 'tools'], ['elicitation'], ['elicitation', 'form'],
  ['elicitation', 'form', 'applyDefaults'], ['elicitation', 'url'], ['tasks'], ['tasks', 'list'], ['tasks', 'cancel'], ['tasks', 'requests'],
  ['experimental'], ['experimental', 'x'], ['extensions'], ['extensions', 'x'],
];
const mutatedCapabilities = fc.tuple(validCapabilities, fc.constantFrom(...MUTABLE), json).map(([valid, path, value]) => {
  const copy = structuredClone(valid) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null || Array.isArray(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path.at(-1)!] = value;
  return copy;
});
/** Mostly valid: every required key there, the odd one wrong. */
const plainInitialize = fc.record({
  jsonrpc: fc.constant('2.0'),
  id: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.string({ maxLength: 5 })),
  method: fc.constant('initialize'),
  params: fc.record({
    protocolVersion: fc.constantFrom(...SUPPORTED_PROTOCOL_VERSIONS, '2099-01-01', 'x'),
    capabilities: fc.oneof(validCapabilities, mutatedCapabilities, mutatedCapabilities, capabilities),
    clientInfo: fc.oneof(fc.record({ name: fc.string({ maxLength: 6 }), version: fc.string({ maxLength: 6 }) }), clientInfo),
  }),
});

describe('the front door answers initialize as the SDK does', () => {
  it('keeps the SDK\'s protocol versions, latest first', () => {
    expect(OURS).toEqual(SUPPORTED_PROTOCOL_VERSIONS);
    expect(OURS[0]).toBe(LATEST_PROTOCOL_VERSION);
  });

  it('writes the SDK\'s bytes whenever it answers, and answers nothing the SDK refuses', async () => {
    let answered = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(initialize, plainInitialize, plainInitialize), async (message) => {
        const line = `${JSON.stringify(message)}\n`;
        const lean = leanInitializeAnswer(JSON.parse(line));
        const sdk = await sdkSession(line);
        const sdkAccepted = sdk.startsWith('{"result":');
        if (lean) {
          answered++;
          expect(sdk).toBe(lean.line);
        } else if (!sdkAccepted) {
          refused++;
        }
        if (!sdkAccepted) expect(lean).toBeUndefined();
      }),
      { numRuns: 500 },
    );
    // Both kinds were met.
    expect(answered).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(10);
  }, 120_000);

  it('gives the same session bytes through the door as without it: initialize, initialized, requests', async () => {
    const init = (id: unknown, protocolVersion: string, capabilities: unknown) =>
      JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion, capabilities, clientInfo: { name: 'c', version: '1' } } });
    const sessions = [
      [init(0, '2025-06-18', {}), '{"jsonrpc":"2.0","method":"notifications/initialized"}', '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'],
      [init('a', '1999-01-01', { roots: { listChanged: true }, sampling: {} }), '{"jsonrpc":"2.0","method":"notifications/initialized"}', '{"jsonrpc":"2.0","id":2,"method":"ping"}'],
      [init(7, '2025-11-25', { elicitation: {} }), '{"jsonrpc":"2.0","method":"notifications/initialized"}', '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"call_tools_parallel","arguments":{"calls":[]}}}'],
      // Not plain: the SDK answers all of it.
      [init(1, '2025-06-18', { tasks: { requests: {} } }), '{"jsonrpc":"2.0","id":4,"method":"tools/list"}'],
      [`not json\n${init(5, '2025-06-18', {})}`, '{"jsonrpc":"2.0","id":9,"method":"ping"}'],
      [init(6, '2025-06-18', {}), '{"jsonrpc":"2.0","id":8,"method":"tools/list"}'],
    ];
    for (const [first, ...rest] of sessions) {
      const input = `${first}\n`;
      const then = `${rest.join('\n')}\n`;
      const door = await sdkSession(input, { door: true, then });
      expect(door).toBe(await sdkSession(input, { then }));
      expect(door.split('\n').length).toBeGreaterThanOrEqual(rest.length);
    }
  }, 60_000);

  it('reads the servers a first call names', () => {
    const call = (name: string, args: unknown) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } });
    expect([...serversNamedBy(call('call_tools_parallel', { calls: [{ server: 'a', tool: 't' }, { tool: 'u' }, { server: 'b' }, 3] }))]).toEqual(['a', 'b']);
    expect([...serversNamedBy(call('run_plan', { steps: [{ id: 's', server: 'c', tool: 't' }] }))]).toEqual(['c']);
    expect([...serversNamedBy(call('list_tools', { server: 'a' }))]).toEqual([]);
    expect([...serversNamedBy({ jsonrpc: '2.0', id: 1, method: 'tools/list' })]).toEqual([]);
  });
});
