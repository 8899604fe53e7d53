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
import { registerCancelRunTool } from '../tools/cancel-run.js';
import { registerGetRunTool } from '../tools/get-run.js';
import { registerListRunsTool } from '../tools/list-runs.js';
import { InMemoryRunRegistry } from '../runs/in-memory-run-registry.js';
import type { RunRegistry } from '../runs/run-registry.js';
import { registerResumeRunTool } from '../tools/resume-run.js';
import { joinRelay, relayTargetOf } from './relay-target.js';
import { LazyJsonSchemaValidator } from './lazy-json-schema-validator.js';
import { RunTaskStore } from './run-task-store.js';
import type { RunToolDeps } from './run-tool.js';
import type { ServerDeps } from './deps.js';
import { INSTRUCTIONS, SERVER_CAPABILITIES, SERVER_INFO } from './identity.js';

/** Sessions built from the same deps share one registry. */
const defaultRuns = new WeakMap<ServerDeps, RunRegistry>();

function runsOf(deps: ServerDeps): RunRegistry {
  if (deps.runs) return deps.runs;
  let runs = defaultRuns.get(deps);
  if (!runs) {
    runs = new InMemoryRunRegistry(deps.config.settings.runs);
    defaultRuns.set(deps, runs);
  }
  return runs;
}

export function createServer(deps: ServerDeps): McpServer {
  // Tasks (experimental, MCP 2025-11-25): a task is a run of deps.runs, shared by all sessions.
  const runs = runsOf(deps);
  const taskStore = new RunTaskStore(runs);
  const server = new McpServer(
    { ...SERVER_INFO },
    {
      capabilities: structuredClone(SERVER_CAPABILITIES),
      instructions: INSTRUCTIONS,
      taskStore,
      jsonSchemaValidator: new LazyJsonSchemaValidator(),
    },
  );
  // Requests of downstream servers (sampling, elicitation, roots) and their logs go to the
  // client of the call that caused them (downstream/relay.ts).
  joinRelay(server, () => deps.pool.relay);
  const runTool: RunToolDeps = {
    runs,
    taskStore,
    around: (request, mode, work) => {
      const release = deps.holdDownstream?.();
      const target = relayTargetOf(server, mode === 'foreground' ? { requestId: request.requestId, sessionId: request.sessionId } : undefined);
      // Nothing to hold (stdio: one shared pool): the work as it is, no extra promise.
      if (!release) return work(deps.pool.withRelayTarget(target));
      let working: ReturnType<typeof work>;
      try {
        working = work(deps.pool.withRelayTarget(target));
      } catch (error) {
        release();
        throw error;
      }
      return working.finally(release);
    },
  };
  registerCallToolsParallelTool(server, deps, runTool);
  registerRunPlanTool(server, deps, runTool);
  registerAnalyzeDependenciesTool(server, {
    env: deps.env,
    llmLimits: llmLimitsOf(deps.config.settings),
    log: deps.log,
    toolInfo: (serverName, tool) => deps.pool.toolInfo(serverName, tool),
  });
  registerListToolsTool(server, deps);
  registerGetRunTool(server, runs, deps.config.settings);
  registerCancelRunTool(server, runs, deps.config.settings);
  registerListRunsTool(server, runs);
  registerResumeRunTool(server, deps, runTool);
  return server;
}
