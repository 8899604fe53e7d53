/**
 * Tasks downstream against a real McpServer with a task-required tool (the SDK's own
 * InMemoryTaskStore): the call is a task, its result comes back, and cancelling the run
 * sends tasks/cancel to the downstream server.
 */
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Downstream } from './in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** `research { ms }` (taskSupport required) completes after ms; the store shows what became of each task. */
function taskServer() {
  const store = new InMemoryTaskStore();
  const created: string[] = [];
  const downstream = {
    transport() {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = new McpServer(
        { name: 'tasks-fixture', version: '1.0.0' },
        { capabilities: { tools: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } }, taskStore: store },
      );
      server.experimental.tasks.registerToolTask(
        'research',
        { inputSchema: { ms: z.number() }, execution: { taskSupport: 'required' } },
        {
          createTask: async ({ ms }, extra) => {
            const task = await extra.taskStore.createTask({ ttl: 60_000, pollInterval: 20 });
            created.push(task.taskId);
            setTimeout(() => {
              void extra.taskStore
                .storeTaskResult(task.taskId, 'completed', { content: [{ type: 'text', text: `researched for ${ms} ms` }] })
                .catch(() => undefined);
            }, ms);
            return { task };
          },
          getTask: async (_args, extra) => (await extra.taskStore.getTask(extra.taskId))!,
          getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as never,
        },
      );
      void server.connect(serverSide);
      return clientSide;
    },
  };
  return { downstream: downstream as unknown as Downstream, store, created };
}

describe('tasks downstream', () => {
  it('calls a task-required tool as a task and returns its result', async () => {
    const { downstream, created } = taskServer();
    const instance = await startInMemory({ lab: downstream });
    running.push(instance);
    const response = await instance.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'lab', tool: 'research', arguments: { ms: 60 } }] } });
    const [result] = (response.structuredContent as { results: Array<{ ok: boolean; result?: { content: Array<{ text: string }> } }> }).results;
    expect(result?.ok).toBe(true);
    expect(result?.result?.content[0]?.text).toBe('researched for 60 ms');
    expect(created).toHaveLength(1);
  });

  it('cancel_run sends tasks/cancel for the downstream task', async () => {
    const { downstream, store, created } = taskServer();
    const instance = await startInMemory({ lab: downstream });
    running.push(instance);
    const { client } = instance;
    const started = await client.callTool({ name: 'run_plan', arguments: { background: true, steps: [{ id: 'long', server: 'lab', tool: 'research', arguments: { ms: 60_000 } }] } });
    const runId = (started.structuredContent as { run_id: string }).run_id;
    while (created.length === 0) await new Promise((r) => setTimeout(r, 10));
    await client.callTool({ name: 'cancel_run', arguments: { run_id: runId } });
    for (let i = 0; i < 200 && (await store.getTask(created[0]!))?.status !== 'cancelled'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await store.getTask(created[0]!))?.status).toBe('cancelled');
    const view = (await client.callTool({ name: 'get_run', arguments: { run_id: runId, wait_ms: 5000 } })).structuredContent as { steps: Array<{ status: string }> };
    expect(view.steps.map((s) => s.status)).toEqual(['cancelled']);
  });
});
