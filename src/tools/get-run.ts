/**
 * get_run — a run's status, progress and results; with wait_ms it answers when the run ends
 * or the wait passes, whichever is first (a long poll that fits inside a client's timeout).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { waitMsSchema } from '../engine/input-bounds.js';
import { strictObject } from '../engine/strict-object.js';
import type { RunRegistry } from '../runs/run-registry.js';
import type { ResponseLimits } from './response-budget.js';
import { runViewResponse, RunViewShape, unknownRunMessage } from './run-view.js';

export const MAX_WAIT_MS = 50_000;

export const GetRunInputShape = {
  run_id: z.string().min(1).describe('The run_id a run_plan, call_tools_parallel or resume_run answered.'),
  wait_ms: waitMsSchema(MAX_WAIT_MS)
    .optional()
    .describe(`Wait up to this long for the run to end before answering (at most ${MAX_WAIT_MS}); default 0: answer now.`),
};

export function registerGetRunTool(server: McpServer, runs: RunRegistry, limits: ResponseLimits): void {
  server.registerTool(
    'get_run',
    {
      title: 'Get a run',
      description:
        'The status of a run (working, completed, failed, cancelled), its progress (steps done of total), ' +
        'elapsed time, every step\'s status and the results of finished steps; once it has ended, the ' +
        'same report its tool answers in the foreground. wait_ms long-polls: the answer comes when the run ends or the wait passes.',
      inputSchema: strictObject(GetRunInputShape),
      outputSchema: RunViewShape,
      annotations: { title: 'Get a run', readOnlyHint: true, openWorldHint: false },
    },
    async ({ run_id, wait_ms }, extra) => {
      const view = await runs.wait(run_id, wait_ms ?? 0, extra.signal);
      if (!view) return { content: [{ type: 'text', text: unknownRunMessage(run_id, runs.ttlMs) }], isError: true };
      return runViewResponse(view, limits);
    },
  );
}
