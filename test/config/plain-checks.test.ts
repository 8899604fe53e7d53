/**
 * The zod-free start-up check of an mcp.json (config/plain-checks.ts) against zod's schemas
 * (config/schemas.ts, what parseConfig uses): over generated configs, valid and not, the
 * plain check either gives up (and loadConfig reads the file with zod) or gives exactly
 * zod's Config — the same values, keys in the same order — or zod's error, word for word.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, RawServerEntrySchema, type Config } from '../../src/config.js';
import { parseConfigWith, SERVER_ENTRY_KEYS } from '../../src/config/core.js';
import { parseConfigFast } from '../../src/config/load.js';
import { NotPlain, plainChecks } from '../../src/config/plain-checks.js';
import { ParallelMcpError } from '../../src/errors.js';

const OPTIONS = { path: '/etc/mcp/mcp.json', env: { HOME: '/home/ada', TOKEN: 's3cret', EMPTY: '' } };

type Outcome = { config: string } | { error: string; code: string } | 'not plain';

function outcome(run: () => Config): Outcome {
  try {
    const config = run();
    return { config: JSON.stringify(config) };
  } catch (error) {
    if (error instanceof NotPlain) return 'not plain';
    if (error instanceof ParallelMcpError) return { error: error.message, code: error.code };
    throw error;
  }
}

const zodOutcome = (json: unknown) => outcome(() => parseConfig(json, OPTIONS));
const plainOutcome = (json: unknown) => outcome(() => parseConfigWith(json, OPTIONS, plainChecks));

/** Values near every bound the schemas have, and values of every other JSON type. */
const anyValue = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1.5, 2, 16, 1023, 1024, 1025, 600_000, 600_001, 86_400_000, 86_400_001, 1_000_000, 1_000_001, 1024 ** 3, 1024 ** 3 + 1, 100_000, 100_001, 2 ** 53),
  fc.constantFrom('', 'node', 'npx', '${HOME}/x', '${TOKEN}', '${UNSET}', '${input:key}', 'http://127.0.0.1:3000/mcp', 'https://u:p@example.com/mcp', 'ftp://x', 'stdio', 'http', 'sse', 'streamable-http', 'streamableHttp', 'tcp'),
  fc.constantFrom(true, false, null),
  fc.constantFrom([], ['a', '${HOME}'], ['a', 1], {}, { A: 'b' }, { A: 1 }, { A: '${TOKEN}' }, JSON.parse('{"__proto__": "x"}'), JSON.parse('{"__proto__": {"a": 1}}')),
);

const entryKey = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...SERVER_ENTRY_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('timeout', 'maxConcurency', 'timeoutMS', 'envFile', 'autoApprove', 'constructor', 'toString', '__proto__', 'x') },
);

/** The right shape for each key (mostly), so that many entries pass. */
const goodValue: Record<string, fc.Arbitrary<unknown>> = {
  type: fc.constantFrom('stdio', 'http', 'sse', 'streamable-http', 'streamableHttp'),
  command: fc.constantFrom('node', 'npx', '${HOME}/bin/server'),
  args: fc.array(fc.constantFrom('-y', 'server.js', '${HOME}', '${UNSET:-d}', '.'), { maxLength: 3 }),
  env: fc.dictionary(fc.constantFrom('A', 'B', 'API_KEY', '10', '2'), fc.constantFrom('b', '${TOKEN}', '${EMPTY}'), { maxKeys: 3 }),
  cwd: fc.constantFrom('.', 'sub', '/abs'),
  url: fc.constantFrom('http://127.0.0.1:3000/mcp', 'https://u:p@example.com/mcp'),
  headers: fc.dictionary(fc.constantFrom('Authorization', 'X-Key'), fc.constantFrom('Bearer x', '${TOKEN}'), { maxKeys: 2 }),
  timeoutMs: fc.integer({ min: 1, max: 86_400_000 }),
  maxConcurrency: fc.integer({ min: 1, max: 1024 }),
  startTimeoutMs: fc.integer({ min: 1, max: 86_400_000 }),
  cancelGraceMs: fc.integer({ min: 0, max: 600_000 }),
  resetTimeoutOnProgress: fc.boolean(),
  maxTotalTimeoutMs: fc.integer({ min: 1, max: 86_400_000 }),
  disabled: fc.boolean(),
  allow: fc.array(fc.constantFrom('echo', 'add', 'read_*'), { maxLength: 2 }),
  deny: fc.array(fc.constantFrom('echo', 'write_*'), { maxLength: 2 }),
};

const entryField = entryKey.chain((key) => fc.tuple(fc.constant(key), Object.hasOwn(goodValue, key) ? fc.oneof({ weight: 12, arbitrary: goodValue[key]! }, { weight: 1, arbitrary: anyValue }) : anyValue));

const entry = fc.oneof(
  { weight: 30, arbitrary: fc.array(entryField, { maxLength: 6 }).map((fields) => withCommandOrUrl(Object.fromEntries(fields))) },
  { weight: 1, arbitrary: fc.array(entryField, { maxLength: 6 }).map((fields) => Object.fromEntries(fields)) },
  { weight: 1, arbitrary: anyValue },
);

/** Most generated entries say how to reach their server (else they fail on that alone). */
function withCommandOrUrl(fields: Record<string, unknown>): Record<string, unknown> {
  if (fields.command !== undefined || fields.url !== undefined) return fields;
  return fields.type === 'http' || fields.type === 'sse' ? { ...fields, url: 'http://127.0.0.1:1/mcp' } : { command: 'node', ...fields };
}

const serverName = (names: string[]) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom(' ', '__proto__', 'constructor', 'memory') });
const servers = fc.dictionary(serverName(['everything', 'memory', 'fs', 'a b']), entry, { maxKeys: 4 });
const vsCodeServers = fc.dictionary(serverName(['web', 'local']), entry, { maxKeys: 2 });

const settingsKey = fc.constantFrom('maxConcurrency', 'timeoutMs', 'startTimeoutMs', 'cancelGraceMs', 'eager', 'maxResultBytes', 'maxResponseBytes', 'llm', 'runs', 'http', 'maxConcurency', 'constructor');
const goodSettings: Record<string, fc.Arbitrary<unknown>> = {
  maxConcurrency: fc.integer({ min: 1, max: 1024 }),
  timeoutMs: fc.integer({ min: 1, max: 86_400_000 }),
  startTimeoutMs: fc.integer({ min: 1, max: 86_400_000 }),
  cancelGraceMs: fc.integer({ min: 0, max: 600_000 }),
  eager: fc.boolean(),
  maxResultBytes: fc.integer({ min: 1024, max: 1024 ** 3 }),
  maxResponseBytes: fc.integer({ min: 1024, max: 1024 ** 3 }),
  llm: fc.record({ requestsPerMinute: fc.oneof(fc.double({ min: 0.001, max: 1_000_000, noNaN: true }), anyValue), maxConcurrency: fc.oneof(fc.integer({ min: 1, max: 1024 }), anyValue) }, { requiredKeys: [] }),
  runs: fc.record({ max: fc.oneof(fc.integer({ min: 1, max: 100_000 }), anyValue), ttlMs: fc.oneof(fc.integer({ min: 1, max: 86_400_000 }), anyValue), other: anyValue }, { requiredKeys: [] }),
  http: fc.record({ maxSessions: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: [] }),
};
const settingsField = settingsKey.chain((key) => fc.tuple(fc.constant(key), Object.hasOwn(goodSettings, key) ? fc.oneof({ weight: 12, arbitrary: goodSettings[key]! }, { weight: 1, arbitrary: anyValue }) : anyValue));
const settings = fc.oneof({ weight: 20, arbitrary: fc.array(settingsField, { maxLength: 4 }).map((fields) => Object.fromEntries(fields)) }, { weight: 1, arbitrary: anyValue });

const config = fc.record(
  { mcpServers: servers, servers: fc.oneof({ weight: 6, arbitrary: vsCodeServers }, { weight: 1, arbitrary: anyValue }), parallelMcp: settings, inputs: fc.constant([{ type: 'promptString', id: 'key' }]) },
  { requiredKeys: ['mcpServers'] },
);

/** Through JSON text, as loadConfig reads it (an own "__proto__" key stays a key). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('plain config check (start-up, no zod)', () => {
  it('knows the keys the server entry schema reads, in its order', () => {
    expect(SERVER_ENTRY_KEYS).toEqual(Object.keys(RawServerEntrySchema.shape));
  });

  it('gives zod\'s Config or zod\'s error, or gives up, over generated configs valid and not', () => {
    let plain = 0;
    let plainValid = 0;
    let zodValid = 0;
    fc.assert(
      fc.property(config, (generated) => {
        const json = asJson(generated);
        const byZod = zodOutcome(json);
        const byPlain = plainOutcome(json);
        if ('config' in (byZod as object)) zodValid += 1;
        if (byPlain === 'not plain') return;
        plain += 1;
        if ('config' in (byPlain as object)) plainValid += 1;
        expect(byPlain).toEqual(byZod);
      }),
      { numRuns: 2000 },
    );
    // The common case takes the plain path: most configs zod accepts never load zod.
    expect(zodValid).toBeGreaterThan(300);
    expect(plainValid).toBeGreaterThan(zodValid * 0.5);
    expect(plain).toBeGreaterThan(plainValid); // and configs with other problems (a missing variable) too
  });

  it('loadConfig\'s reading (plain, else zod) gives parseConfig\'s result for every generated config', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (generated) => {
        const json = asJson(generated);
        const fast = await parseConfigFast(json, OPTIONS).then(
          (value) => ({ config: JSON.stringify(value) }),
          (error: unknown) => (error instanceof ParallelMcpError ? { error: error.message, code: error.code } : Promise.reject(error)),
        );
        expect(fast).toEqual(zodOutcome(json));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the repository\'s mcp.json and the common shapes without zod', () => {
    const common = [
      { mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { MEMORY_FILE_PATH: '${HOME}/m.jsonl' }, maxConcurrency: 1 } }, parallelMcp: { maxConcurrency: 16, timeoutMs: 60_000 } },
      { servers: { web: { type: 'http', url: 'http://127.0.0.1:3000/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } } }, parallelMcp: { runs: { max: 10 }, llm: { requestsPerMinute: 60 } } },
      { mcpServers: { gh: { command: 'gh-mcp', envFile: '.env', autoApprove: [] } } },
    ];
    for (const json of common) {
      const byPlain = plainOutcome(json);
      expect(byPlain).not.toBe('not plain');
      expect(byPlain).toEqual(zodOutcome(json));
    }
  });

  it('gives up on what only zod can word: a wrong type, a value out of range, an http block, a __proto__ key', () => {
    for (const json of [
      { mcpServers: { a: { command: 'node', maxConcurrency: 0 } } },
      { mcpServers: { a: { command: 'node', args: 'x' } } },
      { mcpServers: { a: { command: '' } } },
      { mcpServers: { a: { command: 'node' } }, parallelMcp: { http: { maxSessions: 2 } } },
      { mcpServers: { a: { command: 'node' } }, parallelMcp: { maxConcurency: 2 } },
      asJson(JSON.parse('{"mcpServers": {"a": {"command": "node", "env": {"__proto__": "x"}}}}')),
    ]) {
      expect(plainOutcome(json)).toBe('not plain');
    }
  });
});
