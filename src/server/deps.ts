import type { Config } from '../config.js';
import type { DownstreamPool } from '../downstream/pool.js';
import type { DurationStats } from '../engine/duration-stats.js';
import type { Logger } from '../log.js';
import type { RunRegistry } from '../runs/run-registry.js';

/** What the server and its tools are built from (injected by cli.ts, or by tests). */
export interface ServerDeps {
  pool: DownstreamPool;
  config: Config;
  log: Logger;
  env: Record<string, string | undefined>;
  /** Running averages of tool durations, shared across requests (scheduling priority). */
  durations: DurationStats;
  /**
   * Every run of run_plan / call_tools_parallel / resume_run, shared by all sessions (cli.ts
   * makes it from parallelMcp.runs). Absent: createServer makes one per deps object.
   */
  runs?: RunRegistry;
  /**
   * Taken by each run for as long as its work goes on, released when it ends: a session's
   * own pool (server/session-downstream.ts) stays open until its runs are done.
   */
  holdDownstream?: () => () => void;
}

/** `deps` with the pool a run calls through (server/run-tool.ts: RunToolContext.pool), if it has one. */
export function withPool(deps: ServerDeps, pool: DownstreamPool | undefined): ServerDeps {
  return pool ? { ...deps, pool } : deps;
}
