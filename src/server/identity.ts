/**
 * What parallel-mcp says of itself in its initialize answer: its name and version, its
 * capabilities and its instructions. createServer() gives them to the SDK's McpServer; the
 * start-up front door (front-door.ts) answers initialize with them before the SDK has loaded,
 * and test/server/front-door.test.ts holds both answers byte for byte equal.
 */
import { VERSION } from '../version.js';

export const SERVER_INFO = { name: 'parallel-mcp', version: VERSION };

/** Tasks (experimental, MCP 2025-11-25): a task is a run of the run registry, shared by all sessions. */
export const SERVER_CAPABILITIES = { tools: {}, logging: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } };

export const INSTRUCTIONS = [
  'parallel-mcp runs downstream MCP tool calls concurrently.',
  '- call_tools_parallel: many independent calls in one request; results in input order, failures isolated.',
  '- run_plan: a plan of dependent calls as a DAG; pass data with "{{step_id.path}}" references.',
  '- analyze_dependencies: which steps of a plan depend on which, before running it.',
  '- list_tools: the downstream servers and their tools.',
  '- get_run / cancel_run / list_runs: follow runs started with background: true (or any run by its run_id).',
  '- resume_run: run again the failed, skipped and cancelled steps of a finished run, reusing the ones that succeeded.',
].join('\n');
