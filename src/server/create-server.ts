/**
 * createServer(deps) -> McpServer with parallel-mcp's tools registered. The entry point
 * (cli.ts) only wires transports and signals.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAnalyzeDependenciesTool } from '../tools/analyze-dependencies.js';
import { registerCallToolsParallelTool } from '../tools/call-tools-parallel.js';
import { registerListToolsTool } from '../tools/list-tools.js';
import { llmLimitsOf } from '../tools/prompt-steps.js';
import { registerRunPlanTool } from '../tools/run-plan.js';
import { VERSION } from '../version.js';
import type { ServerDeps } from './deps.js';

const INSTRUCTIONS = [
  'parallel-mcp runs downstream MCP tool calls concurrently.',
  '- call_tools_parallel: many independent calls in one request; results in input order, failures isolated.',
  '- run_plan: a plan of dependent calls as a DAG; pass data with "{{step_id.path}}" references.',
  '- analyze_dependencies: which steps of a plan depend on which, before running it.',
  '- list_tools: the downstream servers and their tools.',
].join('\n');

export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: 'parallel-mcp', version: VERSION },
    { capabilities: { tools: {}, logging: {} }, instructions: INSTRUCTIONS },
  );
  registerCallToolsParallelTool(server, deps);
  registerRunPlanTool(server, deps);
  registerAnalyzeDependenciesTool(server, {
    env: deps.env,
    llmLimits: llmLimitsOf(deps.config.settings),
    log: deps.log,
    toolInfo: (serverName, tool) => deps.pool.toolInfo(serverName, tool),
  });
  registerListToolsTool(server, deps);
  return server;
}
