/**
 * resume_run through the real server, pool and SDK client: a fixture server counts the calls
 * of each step, so a reused step is seen not to be called again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Downstream } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

const running: InMemoryParallelMcp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** `fetch { key }` answers "value of <key>"; `publish { text, fixed? }` fails unless fixed. Calls are counted by key / tool. */
function countingServer(calls: Map<string, number>): Downstream {
  const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);
  return new Downstream((server) => {
    server.registerTool('fetch', { inputSchema: { key: z.string() } }, async ({ key }) => {
      count(`fetch:${key}`);
      return { content: [{ type: 'text', text: `value of ${key}` }] };
    });
    server.registerTool('publish', { inputSchema: { text: z.string(), fixed: z.boolean().optional() } }, async ({ text, fixed }) => {
      count('publish');
      if (!fixed) return { content: [{ type: 'text', text: 'the publisher is down' }], isError: true };
      return { content: [{ type: 'text', text: `published: ${text}` }] };
    });
  });
}

type Step = { id: string; status: string; reused?: boolean; result?: { content?: Array<{ text: string }> } };
type Out = { run_id: string; status: string; resumed_from?: string; steps: Step[]; summary: Record<string, unknown> };
const out = (result: object) => (result as { structuredContent: Out }).structuredContent;
const text = (result: object) => ((result as { content: Array<{ text: string }> }).content[0]!.text);

async function start() {
  const calls = new Map<string, number>();
  const instance = await startInMemory({ data: countingServer(calls) });
  running.push(instance);
  return { client: instance.client, calls };
}

const plan = {
  retries: 0,
  steps: [
    { id: 'a', server: 'data', tool: 'fetch', arguments: { key: 'a' } },
    { id: 'b', server: 'data', tool: 'fetch', arguments: { key: 'b' } },
    { id: 'post', server: 'data', tool: 'publish', arguments: { text: '{{a}} + {{b}}' } },
    { id: 'after', server: 'data', tool: 'fetch', arguments: { key: 'after' }, depends_on: ['post'] },
  ],
};

describe('resume_run', () => {
  it('runs the failed and skipped steps again with a corrected step, and does not call the steps that succeeded', async () => {
    const { client, calls } = await start();
    const first = out(await client.callTool({ name: 'run_plan', arguments: plan }));
    expect(first.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['a:ok', 'b:ok', 'post:failed', 'after:skipped']);
    expect(Object.fromEntries(calls)).toEqual({ 'fetch:a': 1, 'fetch:b': 1, publish: 1 });

    const resumed = await client.callTool({
      name: 'resume_run',
      arguments: { run_id: first.run_id, steps: [{ id: 'post', server: 'data', tool: 'publish', arguments: { text: '{{a}} + {{b}}', fixed: true } }] },
    });
    const second = out(resumed);
    expect(second.run_id).not.toBe(first.run_id);
    expect(second.resumed_from).toBe(first.run_id);
    expect(second.status).toBe('completed');
    expect(second.steps.map((s) => `${s.id}:${s.status}${s.reused ? ':reused' : ''}`)).toEqual(['a:ok:reused', 'b:ok:reused', 'post:ok', 'after:ok']);
    // The reused results flow into the step that ran again.
    expect(second.steps[2]?.result?.content?.[0]?.text).toBe('published: value of a + value of b');
    expect(second.steps[0]?.result?.content?.[0]?.text).toBe('value of a');
    expect(Object.fromEntries(calls)).toEqual({ 'fetch:a': 1, 'fetch:b': 1, publish: 2, 'fetch:after': 1 });
    expect(text(resumed)).toMatch(/^Resumed run .*: reused a, b; ran again post, after\./);

    // get_run of the resumed run answers the same, and says where it came from.
    const view = out(await client.callTool({ name: 'get_run', arguments: { run_id: second.run_id } }));
    expect(view.resumed_from).toBe(first.run_id);
    expect(view.steps).toEqual(second.steps);
  });

  it('runs again the dependents of a corrected step that had succeeded', async () => {
    const { client, calls } = await start();
    const first = out(await client.callTool({ name: 'run_plan', arguments: plan }));
    const second = out(
      await client.callTool({ name: 'resume_run', arguments: { run_id: first.run_id, steps: [{ id: 'a', server: 'data', tool: 'fetch', arguments: { key: 'a2' } }] } }),
    );
    expect(second.steps.map((s) => `${s.id}:${s.status}${s.reused ? ':reused' : ''}`)).toEqual(['a:ok', 'b:ok:reused', 'post:failed', 'after:skipped']);
    expect(calls.get('fetch:b')).toBe(1);
    expect(calls.get('fetch:a2')).toBe(1);
    expect(calls.get('publish')).toBe(2);
  });

  it('resumes a call_tools_parallel run as a plan whose steps are the call indexes', async () => {
    const { client, calls } = await start();
    const first = out(
      await client.callTool({
        name: 'call_tools_parallel',
        arguments: { calls: [{ server: 'data', tool: 'fetch', arguments: { key: 'x' } }, { server: 'data', tool: 'publish', arguments: { text: 't' } }] },
      }),
    );
    const second = out(
      await client.callTool({ name: 'resume_run', arguments: { run_id: first.run_id, steps: [{ id: '1', server: 'data', tool: 'publish', arguments: { text: 't', fixed: true } }] } }),
    );
    expect(second.steps.map((s) => `${s.id}:${s.status}${s.reused ? ':reused' : ''}`)).toEqual(['0:ok:reused', '1:ok']);
    expect(Object.fromEntries(calls)).toEqual({ 'fetch:x': 1, publish: 2 });
  });

  it('says what was expected for an unknown run and for a corrected step of another id', async () => {
    const { client } = await start();
    const unknown = await client.callTool({ name: 'resume_run', arguments: { run_id: 'nope' } });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('unknown run "nope"');

    const first = out(await client.callTool({ name: 'run_plan', arguments: plan }));
    const wrongId = await client.callTool({ name: 'resume_run', arguments: { run_id: first.run_id, steps: [{ id: 'zzz', tool: 'fetch' }] } });
    expect(wrongId.isError).toBe(true);
    expect(text(wrongId)).toContain(`steps[0].id: expected the id of a step of run "${first.run_id}" ("a", "b", "post", "after"), got "zzz"`);
  });
});
