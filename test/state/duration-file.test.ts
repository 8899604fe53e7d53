import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDurationFile, stateDirectory } from '../../src/state/duration-file.js';
import type { Logger } from '../../src/log.js';

const silent: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} } as unknown as Logger;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pmcp-state-'));
}

describe('duration state file', () => {
  it('returns the durations of an earlier session in a new one', async () => {
    const dir = tempDir();
    const first = await openDurationFile({ env: { PARALLEL_MCP_STATE_DIR: dir }, log: silent });
    first.stats.record('fs/read', 120, 'fs/read#abc');
    await first.flush();
    first.stop();
    const second = await openDurationFile({ env: { PARALLEL_MCP_STATE_DIR: dir }, log: silent });
    second.stop();
    expect(second.stats.estimate('fs/read', 'fs/read#abc')).toBe(120);
    expect(statSync(join(dir, 'durations.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps the keys another session saved meanwhile', async () => {
    const dir = tempDir();
    const env = { PARALLEL_MCP_STATE_DIR: dir };
    const a = await openDurationFile({ env, log: silent });
    const b = await openDurationFile({ env, log: silent });
    a.stats.record('a/tool', 10);
    b.stats.record('b/tool', 20);
    await a.flush();
    await b.flush();
    a.stop();
    b.stop();
    const c = await openDurationFile({ env, log: silent });
    c.stop();
    expect([c.stats.estimate('a/tool'), c.stats.estimate('b/tool')]).toEqual([10, 20]);
  });

  it('starts empty from a corrupt file and writes nothing when nothing changed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'durations.json'), '{ not json');
    const file = await openDurationFile({ env: { PARALLEL_MCP_STATE_DIR: dir }, log: silent });
    await file.flush();
    file.stop();
    expect(file.stats.size).toBe(0);
    expect(readFileSync(join(dir, 'durations.json'), 'utf8')).toBe('{ not json');
  });

  it('returns no path when PARALLEL_MCP_STATE_DIR is none, and the XDG folder otherwise', async () => {
    const off = await openDurationFile({ env: { PARALLEL_MCP_STATE_DIR: 'none' }, log: silent });
    expect(off.path).toBe(undefined);
    expect(stateDirectory({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' })).toBe('/x/state/parallel-mcp');
    expect(stateDirectory({ HOME: '/home/u' })).toBe('/home/u/.local/state/parallel-mcp');
  });
});

describe('duration state file in a directory that cannot be made', () => {
  it('gives up after one failed save under /proc, with one warning', async () => {
    const warnings: string[] = [];
    const log = { ...silent, warn: (message: string) => warnings.push(message) } as Logger;
    const file = await openDurationFile({ env: { PARALLEL_MCP_STATE_DIR: `/proc/pmcp-state-${process.pid}` }, log });
    file.stats.record('fs/read', 120);
    // Node's mkdir(dir, { recursive: true }) never settles here: this flush would not return.
    await file.flush();
    file.stats.record('fs/read', 130);
    await file.flush();
    file.stop();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`/proc/pmcp-state-${process.pid}/durations.json`);
    expect(warnings[0]).toContain('not saved');
  });

  it('makes missing parent directories', async () => {
    const dir = join(tempDir(), 'a', 'b');
    const file = await openDurationFile({ env: { PARALLEL_MCP_STATE_DIR: dir }, log: silent });
    file.stats.record('fs/read', 120);
    await file.flush();
    file.stop();
    expect(statSync(join(dir, 'durations.json')).isFile()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
