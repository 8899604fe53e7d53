/**
 * What an mcp.json is read into (Config, ServerConfig, Settings), the defaults and limits of
 * its settings, and the shapes as written (RawServerEntry, RawSettings) that a RawChecks
 * checks. No zod here: config/core.ts reads with these, config/schemas.ts holds the zod
 * schemas of the same shapes, config/plain-checks.ts the start-up check.
 */
import { MAX_TIMEOUT_MS } from '../engine/max-timeout.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESULT_BYTES } from '../tools/response-budget.js';
import type { HttpSettings } from './http-settings.js';
import type { Problems } from './problems.js';

export type TransportKind = 'stdio' | 'http' | 'sse';

export interface ServerConfig {
  name: string;
  transport: TransportKind;
  /** stdio */
  command?: string;
  args: string[];
  env: Record<string, string>;
  /** stdio working directory; defaults to the config file's directory. */
  cwd?: string;
  /** http / sse; a userinfo written in it was moved into `headers.Authorization` (Basic). */
  url?: string;
  headers: Record<string, string>;
  /**
   * Values of environment variables expanded into this server's strings (`${API_KEY}`),
   * HOME, PATH and the like excepted: redacted wherever shown (config/secrets.ts).
   */
  expandedSecrets?: string[];
  timeoutMs?: number;
  maxConcurrency?: number;
  /** Limit for starting this server (connect, initialize, tools/list). */
  startTimeoutMs?: number;
  /** How long a timed-out or cancelled call may still answer (and, on a capped server, keep its slot). */
  cancelGraceMs?: number;
  /** Progress reported by the server restarts a call's timeout (bounded by maxTotalTimeoutMs). */
  resetTimeoutOnProgress?: boolean;
  /** With resetTimeoutOnProgress: the most a call may take in all, however often it reports progress. */
  maxTotalTimeoutMs?: number;
  disabled: boolean;
  /** Why a server is disabled when the config file did not say `disabled: true` itself. */
  disabledReason?: string;
  allow?: string[];
  deny?: string[];
}

export interface Settings {
  maxConcurrency: number;
  timeoutMs: number;
  eager: boolean;
  /** A downstream result whose JSON is larger is not returned (result_too_large); see tools/response-budget.ts. */
  maxResultBytes: number;
  /** A tool response (text copy and structuredContent together) is kept under this. */
  maxResponseBytes: number;
  /** `--http` limits and access lists (config/http-settings.ts). */
  http?: HttpSettings;
  /** Default limit for starting a server. */
  startTimeoutMs: number;
  /** Default grace of a timed-out or cancelled call (see ServerConfig.cancelGraceMs). */
  cancelGraceMs: number;
  /** Per model provider (Gemini, sampling): cap (default 8) and optional rate limit. Absent when not configured. */
  llm?: LlmSettings;
  /** The run registry (background runs, MCP tasks, resume_run). */
  runs: RunSettings;
}

export interface LlmSettings {
  maxConcurrency?: number;
  requestsPerMinute?: number;
}

export interface RunSettings {
  /** How long a finished run is kept for get_run / resume_run. */
  ttlMs: number;
  /** How many runs are kept at once (finished ones are dropped oldest first). */
  max: number;
}

export const DEFAULT_RUN_SETTINGS: RunSettings = { ttlMs: 3_600_000, max: 100 };

export interface Config {
  path: string;
  servers: ServerConfig[];
  settings: Settings;
  /** Accepted but worth logging, one line each, e.g. `mcp.json: servers.gh.envFile: unknown key, ignored`. */
  warnings: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  maxConcurrency: 16,
  timeoutMs: 60_000,
  eager: false,
  startTimeoutMs: 30_000,
  cancelGraceMs: 5_000,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  runs: DEFAULT_RUN_SETTINGS,
};
export const MAX_RUNS = 100_000;

export const MAX_CONCURRENCY_LIMIT = 1024;
export { MAX_TIMEOUT_MS };
/** `parallelMcp.llm.requestsPerMinute`: above 0, at most this. */
export const MAX_REQUESTS_PER_MINUTE = 1_000_000;
export const MAX_CANCEL_GRACE_MS = 600_000;


/** One server entry as written (unknown keys kept: client files carry extras; see server-keys.ts). */
export interface RawServerEntry {
  type?: 'stdio' | 'http' | 'sse' | 'streamable-http' | 'streamableHttp' | undefined;
  command?: string | undefined;
  args?: string[] | undefined;
  env?: Record<string, string> | undefined;
  cwd?: string | undefined;
  url?: string | undefined;
  headers?: Record<string, string> | undefined;
  timeoutMs?: number | undefined;
  maxConcurrency?: number | undefined;
  startTimeoutMs?: number | undefined;
  cancelGraceMs?: number | undefined;
  resetTimeoutOnProgress?: boolean | undefined;
  maxTotalTimeoutMs?: number | undefined;
  disabled?: boolean | undefined;
  allow?: string[] | undefined;
  deny?: string[] | undefined;
  [key: string]: unknown;
}

/** The keys of RawServerEntry parallel-mcp reads, in the order its schema lists them. */
export const SERVER_ENTRY_KEYS: readonly string[] = [
  'type', 'command', 'args', 'env', 'cwd', 'url', 'headers', 'timeoutMs', 'maxConcurrency', 'startTimeoutMs',
  'cancelGraceMs', 'resetTimeoutOnProgress', 'maxTotalTimeoutMs', 'disabled', 'allow', 'deny',
];

/** `parallelMcp` as written (unknown keys are errors there: they are likely typos). */
export interface RawSettings {
  maxConcurrency?: number | undefined;
  timeoutMs?: number | undefined;
  startTimeoutMs?: number | undefined;
  cancelGraceMs?: number | undefined;
  eager?: boolean | undefined;
  maxResultBytes?: number | undefined;
  maxResponseBytes?: number | undefined;
  http?: HttpSettings | undefined;
  llm?: { maxConcurrency?: number | undefined; requestsPerMinute?: number | undefined } | undefined;
  runs?: { ttlMs?: number | undefined; max?: number | undefined } | undefined;
}

/**
 * Checks the shape of what was written. Each either returns the entry as its schema gives it
 * or reports what is wrong to `problems` and returns undefined.
 */
export interface RawChecks {
  serverEntry(entry: Record<string, unknown>, path: readonly PropertyKey[], problems: Problems): RawServerEntry | undefined;
  settings(value: unknown, problems: Problems): RawSettings | undefined;
}
