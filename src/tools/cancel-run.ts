/** cancel_run — cancels a working run: its in-flight calls are cancelled, the rest never start. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { strictObject } from '../engine/strict-object.js';
import type { RunRegistry } from '../runs/run-registry.js';
import type { ResponseLimits } from './response-budget.js';
import { runViewResponse, RunViewShape, unknownRunMessage } from './run-view.js';

/** How long cancel_run waits for the cancelled calls to end, so that its answer shows them. */
const SETTLE_WAIT_MS = 5_000;

export function registerCancelRunTool(server: McpServer, runs: RunRegistry, limits: ResponseLimits): void {
  server.registerTool(
    'cancel_run',
    {
      title: 'Cancel a run',
      description: 'Cancel a working run (its in-flight downstream calls are cancelled, its pending steps never start). A run that has ended is left as it is.',
      inputSchema: strictObject({ run_id: z.string().min(1).describe('The run to cancel.') }),
      outputSchema: RunViewShape,
      annotations: { title: 'Cancel a run', destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ run_id }, extra) => {
      if (!runs.cancel(run_id, 'cancelled by cancel_run')) {
        return { content: [{ type: 'text', text: unknownRunMessage(run_id, runs.ttlMs) }], isError: true };
      }
      const view = (await runs.wait(run_id, SETTLE_WAIT_MS, extra.signal))!;
      return runViewResponse(view, limits);
    },
  );
}
