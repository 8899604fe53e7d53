/**
 * MCP Tasks upstream (experimental, 2025-11-25): the SDK client's callToolStream on run_plan
 * and call_tools_parallel, tasks/get, tasks/list, tasks/cancel and notifications/tasks/status,
 * all on the run registry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallToolResultSchema, TaskStatusNotificationSchema, type Task } from '@modelcontextprotocol/sdk/types.js';
import { toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

describe('MCP tasks upstream', () => {
  it('declares run_plan and call_tools_parallel task-optional and the tasks capability', async () => {
    const instance = await startInMemory({ alpha: toolServer() });
    running.push(instance);
    const { tools } = await instance.client.listTools();
    const support = Object.fromEntries(tools.map((t) => [t.name, t.execution?.taskSupport ?? 'forbidden']));
    expect(support).toMatchObject({ run_plan: 'optional', call_tools_parallel: 'optional', resume_run: 'optional', get_run: 'forbidden' });
    expect(instance.client.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
  });

  it('callToolStream on run_plan: the task is created, its status follows the steps, the result is the run report', async () => {
    const instance = await startInMemory({ alpha: toolServer() });
    running.push(instance);
    const { client } = instance;
    const notified: Task[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, (n) => {
      notified.push(n.params as Task);
    });
    const plan = {
      steps: [
        { id: 'one', server: 'alpha', tool: 'slow', arguments: { ms: 300 } },
        { id: 'two', server: 'alpha', tool: 'slow', arguments: { ms: 300 }, depends_on: ['one'] },
        { id: 'three', server: 'alpha', tool: 'echo', arguments: { message: '{{two}}' } },
      ],
    };
    const messages: Array<{ type: string; task?: Task; result?: unknown; error?: unknown }> = [];
    for await (const message of client.experimental.tasks.callToolStream({ name: 'run_plan', arguments: plan }, CallToolResultSchema, { task: { ttl: 60_000 } })) {
      messages.push(message as never);
    }
    expect(messages[0]?.type).toBe('taskCreated');
    const taskId = messages[0]!.task!.taskId;
    const statuses = messages.filter((m) => m.type === 'taskStatus').map((m) => m.task!.status);
    expect(statuses[0]).toBe('working');
    expect(statuses.at(-1)).toBe('completed');
    const last = messages.at(-1)!;
    expect(last.type).toBe('result');
    const result = last.result as { structuredContent: { run_id: string; status: string; steps: Array<{ id: string; status: string }> } };
    expect(result.structuredContent.run_id).toBe(taskId);
    expect(result.structuredContent.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['one:ok', 'two:ok', 'three:ok']);
    // A status notification per finished step, then the end.
    expect(notified.filter((t) => t.taskId === taskId).map((t) => `${t.status}:${t.statusMessage}`)).toEqual([
      'working:1/3 steps done',
      'working:2/3 steps done',
      'working:3/3 steps done',
      'completed:undefined',
    ]);

    const listed = await client.experimental.tasks.listTasks();
    expect(listed.tasks.map((t) => t.taskId)).toEqual([taskId]);
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe('completed');
    // The task is a run: get_run knows it.
    const view = await client.callTool({ name: 'get_run', arguments: { run_id: taskId } });
    expect((view.structuredContent as { status: string }).status).toBe('completed');
  });

  it('tasks/cancel cancels the downstream calls of a task', async () => {
    const downstream = toolServer();
    const instance = await startInMemory({ alpha: downstream });
    running.push(instance);
    const { client } = instance;
    const stream = client.experimental.tasks.callToolStream(
      { name: 'call_tools_parallel', arguments: { calls: [{ server: 'alpha', tool: 'hang' }, { server: 'alpha', tool: 'echo', arguments: { message: 'ok' } }] } },
      CallToolResultSchema,
      { task: {} },
    );
    const first = await stream.next();
    expect(first.value?.type).toBe('taskCreated');
    const taskId = (first.value as { task: Task }).task.taskId;
    // Cancel once the hanging call has reached the downstream server.
    for (;;) {
      const view = (await client.callTool({ name: 'get_run', arguments: { run_id: taskId } })).structuredContent as { steps: Array<{ status: string }> };
      // 'running' means the attempt started; the call may still wait for its server to start.
      if (view.steps[0]?.status === 'running' && downstream.hangsStarted > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const cancelled = await client.experimental.tasks.cancelTask(taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(await downstream.hangAborted).toBe('hang');
    const rest: Array<{ type: string }> = [];
    for await (const message of stream) rest.push(message);
    expect(rest.at(-1)?.type).toBe('error');
    const view = (await client.callTool({ name: 'get_run', arguments: { run_id: taskId, wait_ms: 5000 } })).structuredContent as {
      status: string;
      steps: Array<{ ok: boolean; error?: { code: string } }>;
    };
    expect(view.status).toBe('cancelled');
    expect(view.steps.map((s) => (s.ok ? 'ok' : s.error?.code))).toEqual(['cancelled', 'ok']);
  });

  it('a call without task augmentation still answers in the foreground, at once', async () => {
    const instance = await startInMemory({ alpha: toolServer() });
    running.push(instance);
    const startedAt = performance.now();
    const result = await instance.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ server: 'alpha', tool: 'echo', arguments: { message: 'x' } }] } });
    // Not the SDK's 5 s automatic task polling: the answer comes when the run ends.
    expect(performance.now() - startedAt).toBeLessThan(2000);
    expect((result.structuredContent as { summary: { succeeded: number } }).summary.succeeded).toBe(1);
  });
});
