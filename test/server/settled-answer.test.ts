/**
 * A batch's answer line through the whole server (createServer on our stdio transport, the lean
 * tools/call path, a real pool in front of an in-memory McpServer): written around the JSON made
 * as the calls settled (tools/render-settled.ts, server/prepared-answer-line.ts), it is the line
 * the end-of-batch rendering gives for the same results: the text callToolsResponse renders from
 * them (and the run id), and the whole line JSON.stringify of that answer object. Cases: a flat
 * batch mixing successes with structured content, tool errors, thrown errors, unknown tools and
 * servers, invalid arguments and timeouts; a fail_fast batch (the scheduler's path) whose other
 * calls are cancelled in flight and before they start; 300 echoes. A batch the client cancels is
 * answered with nothing, and the next batch is answered as before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as prepared from '../../src/server/prepared-answer-line.js';
import type { CallResult, CallSummary } from '../../src/tools/call-tools-parallel.js';
import { callToolsResponse } from '../../src/tools/call-tools-response.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESULT_BYTES } from '../../src/tools/response-budget.js';
import { closeRawServers, startRawServer, type Id } from '../helpers/raw-server.js';

vi.mock('../../src/server/prepared-answer-line.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/server/prepared-answer-line.js')>();
  return { ...original, preparedAnswerLine: vi.fn(original.preparedAnswerLine) };
});

afterEach(closeRawServers);

const call = (id: Id, args: unknown) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'call_tools_parallel', arguments: args } });

interface Answer {
  result: { content: Array<{ type: 'text'; text: string }>; structuredContent: { run_id: string; status: string; results: CallResult[]; summary: CallSummary }; isError: boolean };
  jsonrpc: '2.0';
  id: Id;
}

/** The line the end-of-batch rendering writes for the results and summary this line carries. */
function endOfBatchLine(line: string): string {
  const answer = JSON.parse(line) as Answer;
  const { run_id, status, results, summary } = answer.result.structuredContent;
  const response = callToolsResponse(results, summary, { maxResultBytes: DEFAULT_MAX_RESULT_BYTES, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES });
  const result = {
    content: [{ type: 'text', text: `${response.content[0]!.text}\nrun_id: ${run_id}` }],
    structuredContent: { run_id, status, ...response.structuredContent },
    isError: response.isError,
  };
  return `${JSON.stringify({ result, jsonrpc: '2.0', id: answer.id })}\n`;
}

describe('a batch answer written from the pieces made as its calls settled', () => {
  it('is the line the end-of-batch rendering writes, for failures, timeouts and cancellations too', async () => {
    const server = await startRawServer({ lean: true });
    await server.exchange(call('warm', { calls: [{ tool: 'echo', arguments: { message: 'warm' } }] }), 'warm');
    const written = vi.mocked(prepared.preparedAnswerLine);
    const cases: Array<[string, unknown, (answer: Answer) => void]> = [
      [
        'mixed',
        {
          calls: [
            { tool: 'echo', arguments: { message: 'one "quoted" é' } },
            { tool: 'add', arguments: { a: 1, b: 2 } },
            { tool: 'fails' },
            { tool: 'throws' },
            { tool: 'nope' },
            { server: 'gamma', tool: 'echo' },
            { tool: 'echo', arguments: { message: 5 } },
            { tool: 'hang', timeout_ms: 30 },
            { tool: 'echo', arguments: { message: 'last\nline' } },
          ],
        },
        (answer) =>
          expect(answer.result.structuredContent.results.map((r) => r.error?.code ?? 'ok')).toEqual([
            'ok', 'ok', 'tool_error', 'tool_error', 'unknown_tool', 'unknown_server', 'invalid_arguments', 'timeout', 'ok',
          ]),
      ],
      [
        'fail_fast',
        // Answers of more than a few calls (a text over 512 characters) are written from the pieces; smaller ones by run-answer-line.ts.
        { calls: [{ tool: 'hang', timeout_ms: 5_000 }, { tool: 'fails' }, ...Array.from({ length: 12 }, (_, i) => ({ tool: 'echo', arguments: { message: `message ${i} `.repeat(8) } }))], fail_fast: true, max_concurrency: 2 },
        (answer) => {
          // The hang is cancelled in flight; which echoes ran first is the start order's.
          const codes = answer.result.structuredContent.results.map((r) => r.error?.code ?? 'ok');
          expect(codes.slice(0, 2)).toEqual(['cancelled', 'tool_error']);
          expect(answer.result.structuredContent.summary.cancelled).toBe(codes.filter((code) => code === 'cancelled').length);
        },
      ],
      [
        '300 echoes',
        { calls: Array.from({ length: 300 }, (_, i) => ({ tool: 'echo', arguments: { message: `m${i}` } })), max_concurrency: 64 },
        (answer) => expect(answer.result.structuredContent.summary.succeeded).toBe(300),
      ],
    ];
    let id = 0;
    for (const [name, args, check] of cases) {
      id += 1;
      const before = written.mock.results.length;
      const lines = await server.exchange(call(id, args), id);
      const line = `${lines.at(-1)!}\n`;
      check(JSON.parse(line) as Answer);
      // Written from the pieces (not the answer object stringified) ...
      expect(written.mock.results.slice(before).some((r) => r.type === 'return' && r.value === line), name).toBe(true);
      // ... and byte for byte what the end-of-batch rendering writes.
      expect(line, name).toBe(endOfBatchLine(line));
    }
  });

  it('answers nothing to a batch the client cancelled, and the next batch as before', async () => {
    const server = await startRawServer({ lean: true });
    await server.exchange(call('warm', { calls: [{ tool: 'echo', arguments: { message: 'warm' } }] }), 'warm');
    server.write(call('gone', { calls: [{ tool: 'hang' }, { tool: 'echo', arguments: { message: 'x' } }] }));
    await vi.waitFor(() => expect(server.downstream.hangsStarted).toBeGreaterThan(0));
    server.write({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'gone', reason: 'no longer needed' } });
    const lines = await server.exchange(call('next', { calls: [{ tool: 'echo', arguments: { message: 'a' } }, { tool: 'echo', arguments: { message: 'b' } }] }), 'next');
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.lines.some((line) => (JSON.parse(line) as { id?: Id }).id === 'gone')).toBe(false);
    expect(`${lines.at(-1)!}\n`).toBe(endOfBatchLine(`${lines.at(-1)!}\n`));
  });
});
