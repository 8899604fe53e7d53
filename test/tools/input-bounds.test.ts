/**
 * Every time and rate input of every tool is bounded, through the tool input as a client
 * sends it: the real server, pool and SDK client, a real McpServer downstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolServer } from '../downstream/in-memory-servers.js';
import { startInMemory, type InMemoryParallelMcp } from '../helpers/in-memory-parallel-mcp.js';

let instance: InMemoryParallelMcp;
beforeAll(async () => {
  instance = await startInMemory({ alpha: toolServer() });
});
afterAll(async () => {
  await instance.close();
});

const echo = { server: 'alpha', tool: 'echo', arguments: { message: 'x' } };
const TIMEOUT = 'expected an integer number of milliseconds from 1 to 86400000';

async function refusal(tool: string, args: Record<string, unknown>): Promise<string> {
  const response = await instance.client.callTool({ name: tool, arguments: args });
  expect(response.isError).toBe(true);
  return (response.content as Array<{ text: string }>)[0]!.text;
}

describe('time and rate inputs', () => {
  it.each([
    ['call_tools_parallel', { calls: [{ ...echo, timeout_ms: 2147483648 }] }, `${TIMEOUT}, got 2147483648 at calls[0].timeout_ms`],
    ['call_tools_parallel', { calls: [echo], timeout_ms: 0 }, `${TIMEOUT}, got 0 at timeout_ms`],
    ['call_tools_parallel', { calls: [echo], timeout_ms: 1.5 }, `${TIMEOUT}, got 1.5 at timeout_ms`],
    ['run_plan', { steps: [{ id: 'a', ...echo }], timeout_ms: 3e9 }, `${TIMEOUT}, got 3000000000 at timeout_ms`],
    ['run_plan', { steps: [{ id: 'a', ...echo }], step_timeout_ms: 2147483648 }, `${TIMEOUT}, got 2147483648 at step_timeout_ms`],
    ['run_plan', { steps: [{ id: 'a', ...echo, timeout_ms: 86400001 }] }, `${TIMEOUT}, got 86400001 at steps[0].timeout_ms`],
    ['run_plan', { steps: [{ id: 'a', ...echo, estimated_ms: 1e12 }] }, 'expected a number of milliseconds from 0 to 86400000, got 1000000000000 at steps[0].estimated_ms'],
    ['run_plan', { steps: [{ id: 'a', ...echo }], max_calls_per_second: 1e-7 }, 'expected a number of calls per second from 0.001 to 1000000, got 1e-7 at max_calls_per_second'],
    ['run_plan', { steps: [{ id: 'a', ...echo }], max_calls_per_second: 1e7 }, 'expected a number of calls per second from 0.001 to 1000000, got 10000000 at max_calls_per_second'],
    ['run_plan', { steps: [{ id: 'a', ...echo }], timeout_ms: '5000' }, `${TIMEOUT}, got "5000" at timeout_ms`],
    ['call_tools_parallel', { calls: [echo], max_concurrency: 2000 }, 'expected an integer from 1 to 1024 (how many at once), got 2000 at max_concurrency'],
    ['call_tools_parallel', { calls: [echo], retries: -1 }, 'expected an integer number of retries from 0 to 10, got -1 at retries'],
    ['run_plan', { steps: [{ id: 'a', ...echo }], max_concurrency: 0 }, 'expected an integer from 1 to 1024 (how many at once), got 0 at max_concurrency'],
    ['run_plan', { steps: [{ id: 'a', ...echo }], retries: 11 }, 'expected an integer number of retries from 0 to 10, got 11 at retries'],
    ['run_plan', { steps: [{ id: 'a', ...echo }], retries: 1.5 }, 'expected an integer number of retries from 0 to 10, got 1.5 at retries'],
  ])('%s refuses %j', async (tool, args, message) => {
    expect(await refusal(tool, args)).toContain(message);
  });

  it('accepts the bounds themselves', async () => {
    const batch = await instance.client.callTool({ name: 'call_tools_parallel', arguments: { calls: [{ ...echo, timeout_ms: 86_400_000 }], timeout_ms: 1000 } });
    expect(batch.isError).toBe(false);
    const plan = await instance.client.callTool({
      name: 'run_plan',
      arguments: { steps: [{ id: 'a', ...echo, timeout_ms: 86_400_000, estimated_ms: 0 }], timeout_ms: 86_400_000, max_calls_per_second: 1_000_000 },
    });
    expect(plan.isError).toBe(false);
  });
});
