/**
 * `as_task: true` on a tool whose execution.taskSupport is "optional" (a fixture server that
 * registers it through the SDK's registerToolTask): the call goes downstream task-augmented,
 * is followed with tasks/get and tasks/result, and its status is relayed as progress; the
 * same tool without as_task is called plainly. The fixture logs how each request came.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, writeTempConfig, type CliSession } from '../helpers/cli-client.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/servers/task-server.mjs');
const sessions: CliSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

type Results = { results: Array<{ ok: boolean; error?: unknown; result?: { content?: Array<{ text?: string }> } }> };
const textOf = (r: Results['results'][number] | undefined) => (r?.result?.content ?? []).map((c) => c.text ?? '').join('');

describe('as_task on a tool whose taskSupport is optional', () => {
  it('calls it as a task with as_task: true and plainly without', async () => {
    const { path, dir } = writeTempConfig((dir) => ({
      mcpServers: { teahouse: { command: process.execPath, args: [FIXTURE], env: { TASK_LOG: join(dir, 'tasks.log') } } },
    }));
    const session = await startCli({ args: ['--config', path] });
    sessions.push(session);
    const progress: Progress[] = [];
    const response = await session.client.callTool(
      {
        name: 'call_tools_parallel',
        arguments: {
          calls: [
            { server: 'teahouse', tool: 'brew', arguments: { tea: 'green' }, as_task: true },
            { server: 'teahouse', tool: 'brew', arguments: { tea: 'black' } },
          ],
        },
      },
      undefined,
      { onprogress: (p) => void progress.push(p) },
    );
    const { results } = response.structuredContent as Results;
    expect(results.map((r) => r.ok), JSON.stringify(results)).toEqual([true, true]);
    expect(results.map(textOf)).toEqual(['brewed green', 'brewed black']);

    const requests = readFileSync(join(dir, 'tasks.log'), 'utf8').trim().split('\n');
    expect(requests.filter((r) => r.startsWith('tools/call')).sort()).toEqual(['tools/call plain', 'tools/call task']);
    expect(requests).toContain('tasks/result');
    expect(progress.map((p) => p.message)).toContain('call 0 brew: working — steeping green');
    const values = progress.map((p) => p.progress);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
  }, 30_000);

  it('calls it as a task from a run_plan step with as_task: true', async () => {
    const { path, dir } = writeTempConfig((dir) => ({
      mcpServers: { teahouse: { command: process.execPath, args: [FIXTURE], env: { TASK_LOG: join(dir, 'tasks.log') } } },
    }));
    const session = await startCli({ args: ['--config', path] });
    sessions.push(session);
    const response = await session.client.callTool({
      name: 'run_plan',
      arguments: { steps: [{ id: 'pot', server: 'teahouse', tool: 'brew', arguments: { tea: 'oolong', ms: 50 }, as_task: true }] },
    });
    const [step] = (response.structuredContent as { steps: Array<{ status: string; result?: { content: Array<{ text: string }> } }> }).steps;
    expect(step?.status, JSON.stringify(response.structuredContent)).toBe('ok');
    expect(step?.result?.content[0]?.text).toBe('brewed oolong');
    const requests = readFileSync(join(dir, 'tasks.log'), 'utf8').trim().split('\n');
    expect(requests.filter((r) => r.startsWith('tools/call'))).toEqual(['tools/call task']);
  }, 30_000);
});
