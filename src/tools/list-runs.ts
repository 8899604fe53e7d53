/** list_runs — the runs this session started that are still kept, newest first. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { strictObject } from '../engine/strict-object.js';
import type { RunRegistry } from '../runs/run-registry.js';
import { RUN_STATUSES } from '../runs/run-types.js';
import { formatMs } from './render.js';

const RunEntryShape = z.object({
  run_id: z.string(),
  tool: z.enum(['run_plan', 'call_tools_parallel', 'resume_run']),
  mode: z.enum(['foreground', 'background', 'task']),
  status: z.enum(RUN_STATUSES),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  elapsed_ms: z.number(),
  created_at: z.string(),
  resumed_from: z.string().optional(),
});

export function registerListRunsTool(server: McpServer, runs: RunRegistry): void {
  server.registerTool(
    'list_runs',
    {
      title: 'List runs',
      description: 'The runs (run_plan, call_tools_parallel, resume_run calls) this session started that are still kept, newest first, with status and progress.',
      inputSchema: strictObject({}),
      outputSchema: { runs: z.array(RunEntryShape) },
      annotations: { title: 'List runs', readOnlyHint: true, openWorldHint: false },
    },
    async (_input, extra) => {
      const listed = runs.list().filter((view) => view.session === extra.sessionId);
      const entries = listed.map((view) => ({
        run_id: view.run_id,
        tool: view.tool,
        mode: view.mode,
        status: view.status,
        progress: view.progress,
        elapsed_ms: Math.round(view.elapsed_ms),
        created_at: new Date(view.created_at).toISOString(),
        ...(view.resumed_from === undefined ? {} : { resumed_from: view.resumed_from }),
      }));
      const text =
        entries.length === 0
          ? 'No runs kept for this session.'
          : entries
              .map((e) => `${e.run_id} ${e.tool} ${e.status} (${e.mode}) ${e.progress.done}/${e.progress.total} steps, ${formatMs(e.elapsed_ms)}`)
              .join('\n');
      return { content: [{ type: 'text', text }], structuredContent: { runs: entries } };
    },
  );
}
