/**
 * Tasks downstream through the built CLI with the default mcp.json: server-everything's
 * simulate-research-query requires task-based execution; through parallel-mcp it is called
 * as a task and its result comes back like any other call's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, type CliSession } from '../helpers/cli-client.js';

const sessions: CliSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

describe('tasks downstream through the default mcp.json', () => {
  it('runs simulate-research-query (taskSupport required) in a call_tools_parallel beside a plain call', async () => {
    const session = await startCli({ args: ['--config', 'mcp.json'] });
    sessions.push(session);
    const response = await session.client.callTool({
      name: 'call_tools_parallel',
      arguments: {
        calls: [
          { server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'parallel tool calls' } },
          { server: 'everything', tool: 'echo', arguments: { message: 'beside it' } },
        ],
      },
    });
    const { results } = response.structuredContent as { results: Array<{ ok: boolean; error?: unknown; result?: { content?: Array<{ text?: string }> } }> };
    expect(results.map((r) => r.ok), JSON.stringify(results)).toEqual([true, true]);
    const report = (results[0]?.result?.content ?? []).map((c) => c.text ?? '').join('');
    expect(report).toContain('parallel tool calls');
  }, 30_000);
});
