/**
 * Tasks downstream through the built CLI with the default mcp.json: server-everything's
 * simulate-research-query requires task-based execution; through parallel-mcp it is called
 * as a task and its result comes back like any other call's.
 */
import { CallToolResultSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
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

  it('relays the downstream task\'s status as progress of its call, and in the statusMessage of an upstream task', async () => {
    const session = await startCli({ args: ['--config', 'mcp.json'] });
    sessions.push(session);
    const research = { server: 'everything', tool: 'simulate-research-query', arguments: { topic: 'progress relay' } };
    const progress: Progress[] = [];
    const foreground = session.client.callTool(
      { name: 'call_tools_parallel', arguments: { calls: [{ server: 'everything', tool: 'echo', arguments: { message: 'first' } }, research] } },
      undefined,
      { onprogress: (p) => void progress.push(p) },
    );
    const statusMessages: string[] = [];
    const streamed = (async () => {
      for await (const message of session.client.experimental.tasks.callToolStream(
        { name: 'run_plan', arguments: { steps: [{ id: 'dig', ...research }] } },
        CallToolResultSchema,
        { task: { ttl: 60_000 } },
      )) {
        if (message.type === 'taskStatus' && message.task.statusMessage !== undefined) statusMessages.push(message.task.statusMessage);
        if (message.type === 'result') return message.result;
        if (message.type === 'error') throw message.error;
      }
      return undefined;
    })();
    const [response, taskResult] = await Promise.all([foreground, streamed]);

    const { results } = response.structuredContent as { results: Array<{ ok: boolean }> };
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const news = progress.filter((p) => p.message?.startsWith('call 1 simulate-research-query: working — '));
    expect(news.length, JSON.stringify(progress)).toBeGreaterThanOrEqual(1);
    // Which of server-everything's 1 s stages a status poll (every 1 s) lands in is timing: any of them, word for word.
    const stage = /^call 1 simulate-research-query: working — (Gathering sources|Analyzing content|Synthesizing findings|Generating report)\.\.\.$/;
    expect(news.map((p) => p.message).filter((m) => stage.test(m!)), JSON.stringify(news)).not.toEqual([]);
    const values = progress.map((p) => p.progress);
    for (let i = 1; i < values.length; i++) expect(values[i]!, JSON.stringify(values)).toBeGreaterThan(values[i - 1]!);
    // The SDK client runs a notification's handler a microtask late but a response's at once:
    // when the last progress (2) and the response arrive in one read, the client has already
    // dropped the token and the 2 is lost on its side (protocol.js _onnotification). So the last
    // value seen is 2, or a relayed status just below it.
    expect(values.at(-1)!).toBeGreaterThan(1);
    expect(values.at(-1)!).toBeLessThanOrEqual(2);
    expect(progress.every((p) => p.total === 2)).toBe(true);

    expect((taskResult?.structuredContent as { steps: Array<{ status: string }> }).steps[0]?.status).toBe('ok');
    expect(statusMessages.some((m) => /^0\/1 steps done; step dig \(simulate-research-query\): working — /.test(m)), JSON.stringify(statusMessages)).toBe(true);
  }, 30_000);
});
