/** list_tools — the downstream catalog: every server with its status and its tools. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { ServerStatus } from '../downstream/pool.js';
import { strictObject } from '../engine/strict-object.js';
import type { ServerDeps } from '../server/deps.js';

export const ListToolsInputShape = {
  server: z.string().min(1).optional().describe('Only this server.'),
  include_schemas: z.boolean().optional().describe('Include each tool\'s inputSchema (default false: names and descriptions only).'),
};

export const ListToolsOutputShape = {
  servers: z.array(
    z.object({
      name: z.string(),
      transport: z.string(),
      state: z.string(),
      error: z.string().optional(),
      max_concurrency: z.number().optional(),
      tools: z.array(
        z.object({
          name: z.string(),
          qualified_name: z.string(),
          description: z.string().optional(),
          read_only: z.boolean().optional(),
          inputSchema: z.record(z.string(), z.unknown()).optional(),
        }),
      ),
    }),
  ),
};

type ListToolsOutput = z.infer<z.ZodObject<typeof ListToolsOutputShape>>;

export function registerListToolsTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    'list_tools',
    {
      title: 'List downstream tools',
      description:
        'The downstream catalog: every MCP server from mcp.json with its status (ready, unavailable, ' +
        'disabled) and its tools. Tool names can be passed to call_tools_parallel and run_plan as ' +
        '{ server, tool } or as "server__tool".',
      inputSchema: strictObject(ListToolsInputShape),
      outputSchema: ListToolsOutputShape,
      annotations: { title: 'List downstream tools', readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      const catalog = await deps.pool.catalog();
      const selected = input.server ? catalog.filter((s) => s.name === input.server) : catalog;
      if (input.server && selected.length === 0) {
        const names = catalog.map((s) => s.name).join(', ');
        return {
          content: [{ type: 'text', text: `Unknown server "${input.server}". Expected one of: ${names}.` }],
          isError: true,
        };
      }
      const output = toOutput(selected, input.include_schemas ?? false, deps);
      return { content: [{ type: 'text', text: renderCatalog(output) }], structuredContent: output };
    },
  );
}

function toOutput(catalog: readonly ServerStatus[], includeSchemas: boolean, deps: ServerDeps): ListToolsOutput {
  return {
    servers: catalog.map((status) => {
      const cap = deps.pool.maxConcurrencyOf(status.name);
      return {
        name: status.name,
        transport: status.transport,
        state: status.state,
        ...(status.error === undefined ? {} : { error: status.error }),
        ...(cap === undefined ? {} : { max_concurrency: cap }),
        tools: status.tools.map((tool) => {
          const readOnly = tool.annotations?.readOnlyHint;
          return {
            name: tool.name,
            qualified_name: `${status.name}__${tool.name}`,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            ...(typeof readOnly === 'boolean' ? { read_only: readOnly } : {}),
            ...(includeSchemas ? { inputSchema: tool.inputSchema } : {}),
          };
        }),
      };
    }),
  };
}

/**
 * Every server and tool, with full descriptions (indented under their tool) and, when asked
 * for, each inputSchema as JSON: a client that shows the model only the text must still
 * learn the argument names.
 */
function renderCatalog(output: ListToolsOutput): string {
  const lines: string[] = [];
  for (const s of output.servers) {
    const cap = s.max_concurrency === undefined ? '' : `, max ${s.max_concurrency} at once`;
    lines.push(`${s.name} (${s.transport}, ${s.state}${cap})${s.error ? `: ${s.error}` : ''}`);
    for (const t of s.tools) {
      const [first = '', ...rest] = (t.description ?? '').trim().split('\n');
      lines.push(`  - ${t.name}${first ? `: ${first}` : ''}`);
      for (const line of rest) lines.push(`      ${line}`);
      if (t.inputSchema !== undefined) lines.push(`      inputSchema: ${JSON.stringify(t.inputSchema)}`);
    }
  }
  return lines.join('\n');
}
