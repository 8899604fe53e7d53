import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const parse = (parallelMcp: unknown) => parseConfig({ mcpServers: {}, parallelMcp }, { path: 'mcp.json', env: {} });

describe('parallelMcp.runs', () => {
  it('defaults to runs kept 1 h, at most 100', () => {
    expect(parse({}).settings.runs).toEqual({ ttlMs: 3_600_000, max: 100 });
  });

  it('reads ttlMs and max, each defaulting alone', () => {
    expect(parse({ runs: { ttlMs: 5000 } }).settings.runs).toEqual({ ttlMs: 5000, max: 100 });
    expect(parse({ runs: { max: 3 } }).settings.runs).toEqual({ ttlMs: 3_600_000, max: 3 });
  });

  it('says what was expected, with the path', () => {
    expect(() => parse({ runs: { max: 0 } })).toThrow('mcp.json: parallelMcp.runs.max: expected an integer from 1 to 100000');
    expect(() => parse({ runs: { ttl: 5 } })).toThrow(/parallelMcp\.runs/);
  });
});
