import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceServer, startCli, waitFor, writeTempConfig } from '../helpers/cli-client.js';

describe('learned durations across sessions (built CLI)', () => {
  it('writes the durations of a batch to the state file on shutdown, keyed without arguments', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'pmcp-state-e2e-'));
    const config = writeTempConfig(() => ({ mcpServers: { everything: { command: process.execPath, args: [referenceServer('everything'), 'stdio'] } } }));
    const session = await startCli({ args: ['--config', config.path], env: { PARALLEL_MCP_STATE_DIR: stateDir } });
    const calls = Array.from({ length: 4 }, (_, i) => ({ server: 'everything', tool: 'echo', arguments: { message: `secret-${i}` } }));
    const answer = await session.client.callTool({ name: 'call_tools_parallel', arguments: { calls, max_concurrency: 2 } });
    expect((answer.structuredContent as { summary: { succeeded: number } }).summary.succeeded).toBe(4);
    await session.close();
    const file = join(stateDir, 'durations.json');
    await waitFor(() => existsSync(file));
    const text = readFileSync(file, 'utf8');
    const saved = JSON.parse(text) as { version: number; entries: Array<[string, { mean: number; count: number }]> };
    const keys = saved.entries.map(([key]) => key);
    expect(saved.version).toBe(1);
    expect(keys).toContain('everything/echo');
    // Four calls with different arguments: four call shapes, none of them readable.
    expect(keys.filter((key) => key.startsWith('everything/echo#'))).toHaveLength(4);
    expect(text).not.toContain('secret-');
  });
});
