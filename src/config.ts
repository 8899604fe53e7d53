/**
 * mcp.json: the downstream servers and parallel-mcp's own settings.
 *
 * Reads Claude Desktop / Cursor's `mcpServers` map and VS Code's `servers` map (both may be
 * present; a name defined in both is an error). parallel-mcp's settings sit under the
 * top-level key `parallelMcp`, so a Claude Desktop file stays valid. Every string of a server
 * entry expands `${VAR}` / `${env:VAR}` / `${VAR:-default}` (see config/expand-variables.ts).
 * A server whose strings use a VS Code `${input:ID}` (a prompt we cannot show) loads disabled,
 * with a warning saying why; the other servers load as usual.
 *
 * Bad config is one ParallelMcpError listing every problem, one line each:
 *   `mcp.json: mcpServers.memory.maxConcurrency: expected an integer from 1 to 1024, got "x"`
 * What is accepted but worth telling (a server key we do not read) comes back in `warnings`,
 * in the same form, for the caller to log.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { ParallelMcpError } from './errors.js';
import { MAX_TIMEOUT_MS, TIMEOUT_EXPECTED } from './engine/input-bounds.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESULT_BYTES, MAX_LIMIT_BYTES, MIN_LIMIT_BYTES } from './tools/response-budget.js';
import { expandVariables, type ExpansionContext } from './config/expand-variables.js';
import { HttpSettingsSchema, type HttpSettings } from './config/http-settings.js';
import { describeValue } from './config/json-path.js';
import { Problems } from './config/problems.js';
import { isSecretVariable } from './config/secrets.js';
import { checkUnknownKeys } from './config/server-keys.js';
import { moveUserinfoToHeader } from './config/url-credentials.js';
import { firstVsCodeInput, vsCodeInputWarning } from './config/vs-code-inputs.js';

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
const MAX_RUNS = 100_000;

export const MAX_CONCURRENCY_LIMIT = 1024;
export { MAX_TIMEOUT_MS };
export const MAX_CANCEL_GRACE_MS = 600_000;

const CONCURRENCY = `expected an integer from 1 to ${MAX_CONCURRENCY_LIMIT}`;
const TIMEOUT = TIMEOUT_EXPECTED;
const concurrencySchema = z.number({ error: CONCURRENCY }).int({ error: CONCURRENCY }).min(1, { error: CONCURRENCY }).max(MAX_CONCURRENCY_LIMIT, { error: CONCURRENCY });
const timeoutSchema = z.number({ error: TIMEOUT }).int({ error: TIMEOUT }).min(1, { error: TIMEOUT }).max(MAX_TIMEOUT_MS, { error: TIMEOUT });
const BYTES = `expected an integer number of bytes from ${MIN_LIMIT_BYTES} to ${MAX_LIMIT_BYTES}`;
const bytesSchema = z.number({ error: BYTES }).int({ error: BYTES }).min(MIN_LIMIT_BYTES, { error: BYTES }).max(MAX_LIMIT_BYTES, { error: BYTES });
const GRACE = `expected an integer number of milliseconds from 0 to ${MAX_CANCEL_GRACE_MS}`;
const graceSchema = z.number({ error: GRACE }).int({ error: GRACE }).min(0, { error: GRACE }).max(MAX_CANCEL_GRACE_MS, { error: GRACE });
const RPM = 'expected a positive number of requests per minute up to 1000000';
const stringSchema = z.string({ error: 'expected a string' });
const stringList = z.array(stringSchema, { error: 'expected an array of strings' });
const stringMap = z.record(z.string(), stringSchema, { error: 'expected an object of string values' });

/** One server entry as written. Unknown keys are kept (client files carry extras); see config/server-keys.ts. */
export const RawServerEntrySchema = z.looseObject({
  type: z
    .enum(['stdio', 'http', 'sse', 'streamable-http', 'streamableHttp'], { error: 'expected "stdio", "http" or "sse"' })
    .optional(),
  command: z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty command' }).optional(),
  args: stringList.optional(),
  env: stringMap.optional(),
  cwd: stringSchema.optional(),
  url: stringSchema.optional(),
  headers: stringMap.optional(),
  timeoutMs: timeoutSchema.optional(),
  maxConcurrency: concurrencySchema.optional(),
  startTimeoutMs: timeoutSchema.optional(),
  cancelGraceMs: graceSchema.optional(),
  resetTimeoutOnProgress: z.boolean({ error: 'expected true or false' }).optional(),
  maxTotalTimeoutMs: timeoutSchema.optional(),
  disabled: z.boolean({ error: 'expected true or false' }).optional(),
  allow: stringList.optional(),
  deny: stringList.optional(),
});
export type RawServerEntry = z.infer<typeof RawServerEntrySchema>;

/** parallel-mcp's own settings; unknown keys are errors here (they are likely typos). */
export const RawSettingsSchema = z.strictObject(
  {
    maxConcurrency: concurrencySchema.optional(),
    timeoutMs: timeoutSchema.optional(),
    startTimeoutMs: timeoutSchema.optional(),
    cancelGraceMs: graceSchema.optional(),
    eager: z.boolean({ error: 'expected true or false' }).optional(),
    maxResultBytes: bytesSchema.optional(),
    maxResponseBytes: bytesSchema.optional(),
    http: HttpSettingsSchema.optional(),
    llm: z
      .strictObject(
        {
          maxConcurrency: concurrencySchema.optional(),
          requestsPerMinute: z
            .number({ error: RPM })
            .positive({ error: RPM })
            .max(1_000_000, { error: RPM })
            .optional(),
        },
        { error: 'expected an object { maxConcurrency?, requestsPerMinute? }' },
      )
      .optional(),
    runs: z
      .strictObject(
        {
          ttlMs: timeoutSchema.optional(),
          max: z
            .number({ error: `expected an integer from 1 to ${MAX_RUNS}` })
            .int({ error: `expected an integer from 1 to ${MAX_RUNS}` })
            .min(1, { error: `expected an integer from 1 to ${MAX_RUNS}` })
            .max(MAX_RUNS, { error: `expected an integer from 1 to ${MAX_RUNS}` })
            .optional(),
        },
        { error: 'expected an object with "ttlMs" and/or "max"' },
      )
      .optional(),
  },
  { error: 'expected an object' },
);
export type RawSettings = z.infer<typeof RawSettingsSchema>;

const SERVER_MAPS = ['mcpServers', 'servers'] as const;

export function parseConfig(json: unknown, options: { path: string; env: Record<string, string | undefined> }): Config {
  const problems = new Problems();
  const context: ExpansionContext = { env: options.env, configDir: resolve(dirname(options.path)) };
  const servers: ServerConfig[] = [];
  let settings = DEFAULT_SETTINGS;

  if (!isPlainObject(json)) {
    problems.add([], `expected a JSON object with "mcpServers" or "servers", got ${describeValue(json)}`);
  } else {
    const present = SERVER_MAPS.filter((key) => json[key] !== undefined);
    if (present.length === 0) {
      problems.add([], `expected a "mcpServers" (or VS Code "servers") object, got neither (top-level keys: ${describeKeys(json)})`);
    }
    const origin = new Map<string, string>();
    for (const mapKey of present) {
      const map = json[mapKey];
      if (!isPlainObject(map)) {
        problems.add([mapKey], `expected an object mapping server names to server entries, got ${describeValue(map)}`);
        continue;
      }
      for (const [name, entry] of Object.entries(map)) {
        const path = [mapKey, name];
        const first = origin.get(name);
        if (first !== undefined) {
          problems.add(path, `expected unique server names, got "${name}" here and in ${first}`);
          continue;
        }
        origin.set(name, mapKey);
        const server = parseServer(name, entry, path, context, problems);
        if (server) servers.push(server);
      }
    }
    if (json.parallelMcp !== undefined) {
      const parsed = RawSettingsSchema.safeParse(json.parallelMcp, { reportInput: true });
      if (parsed.success) {
        const { runs, ...rest } = parsed.data;
        settings = { ...DEFAULT_SETTINGS, ...definedOnly(rest), runs: { ...DEFAULT_RUN_SETTINGS, ...definedOnly(runs ?? {}) } };
      } else {
        const inHttp = (issue: z.core.$ZodIssue) => issue.path[0] === 'http';
        problems.addIssues(['parallelMcp'], parsed.error.issues.filter((i) => !inHttp(i)), Object.keys(RawSettingsSchema.shape));
        problems.addIssues(['parallelMcp'], parsed.error.issues.filter(inHttp), Object.keys(HttpSettingsSchema.shape));
      }
    }
  }

  if (problems.lines.length > 0) {
    throw new ParallelMcpError('config_invalid', problems.lines.map((line) => `${options.path}: ${line}`).join('\n'));
  }
  const warnings = problems.warnings.map((line) => `${options.path}: ${line}`);
  return { path: options.path, servers, settings, warnings };
}

function parseServer(
  name: string,
  entry: unknown,
  path: readonly PropertyKey[],
  context: ExpansionContext,
  problems: Problems,
): ServerConfig | undefined {
  if (name.trim() === '') {
    problems.add(path, 'expected a non-empty server name, got ""');
    return undefined;
  }
  if (!isPlainObject(entry)) {
    problems.add(path, `expected an object with "command" (stdio) or "url" (http/sse), got ${describeValue(entry)}`);
    return undefined;
  }
  checkUnknownKeys(entry, Object.keys(RawServerEntrySchema.shape), path, problems);
  const parsed = RawServerEntrySchema.safeParse(entry, { reportInput: true });
  if (!parsed.success) {
    problems.addIssues(path, parsed.error.issues);
    return undefined;
  }
  const raw = parsed.data;
  const transport = transportOf(raw, path, problems);
  if (transport === undefined) return undefined;

  const input = raw.disabled ? undefined : firstVsCodeInput(raw, path);
  if (input) problems.warn(input.path, vsCodeInputWarning(name, input.text));
  const disabled = (raw.disabled ?? false) || input !== undefined;
  let expansionFailed = false;
  const expandedSecrets = new Set<string>();
  const onVariable = (variable: string, value: string) => {
    if (isSecretVariable(variable)) expandedSecrets.add(value);
  };
  const expand = (value: string, at: readonly PropertyKey[]): string => {
    const result = expandVariables(value, context, onVariable);
    if (result.ok) return result.value;
    // A disabled server is never started: an unset variable in it is no reason to refuse the file.
    if (!disabled) {
      problems.add(at, result.problem);
      expansionFailed = true;
    }
    return value;
  };
  const expandMap = (map: Record<string, string> | undefined, key: string) =>
    Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, expand(v, [...path, key, k])]));

  const server: ServerConfig = {
    name,
    transport,
    args: (raw.args ?? []).map((arg, index) => expand(arg, [...path, 'args', index])),
    env: expandMap(raw.env, 'env'),
    headers: expandMap(raw.headers, 'headers'),
    disabled,
    ...(input ? { disabledReason: `it uses VS Code input "${input.text}", which parallel-mcp cannot prompt for` } : {}),
  };
  if (transport === 'stdio') {
    server.command = expand(raw.command ?? '', [...path, 'command']);
    server.cwd = resolve(context.configDir, raw.cwd === undefined ? '.' : expand(raw.cwd, [...path, 'cwd']));
  } else {
    const url = expand(raw.url ?? '', [...path, 'url']);
    // A URL that does not expand was reported above, or belongs to a disabled server: not checked.
    if (expandVariables(raw.url ?? '', context).ok && !isHttpUrl(url)) {
      problems.add([...path, 'url'], `expected an http:// or https:// URL, got ${describeValue(url)}`);
      return undefined;
    }
    server.url = url;
    const moved = moveUserinfoToHeader(url);
    if (moved) {
      server.url = moved.url;
      const configured = Object.keys(server.headers).find((key) => key.toLowerCase() === 'authorization');
      if (configured === undefined) server.headers.Authorization = moved.authorization;
      else problems.warn([...path, 'url'], `the user and password in the URL are ignored: headers.${configured} is configured and sent instead`);
    }
  }
  if (expandedSecrets.size > 0) server.expandedSecrets = [...expandedSecrets];
  if (raw.timeoutMs !== undefined) server.timeoutMs = raw.timeoutMs;
  if (raw.maxConcurrency !== undefined) server.maxConcurrency = raw.maxConcurrency;
  if (raw.startTimeoutMs !== undefined) server.startTimeoutMs = raw.startTimeoutMs;
  if (raw.cancelGraceMs !== undefined) server.cancelGraceMs = raw.cancelGraceMs;
  if (raw.resetTimeoutOnProgress !== undefined) server.resetTimeoutOnProgress = raw.resetTimeoutOnProgress;
  if (raw.maxTotalTimeoutMs !== undefined) server.maxTotalTimeoutMs = raw.maxTotalTimeoutMs;
  if (raw.allow !== undefined) server.allow = raw.allow;
  if (raw.deny !== undefined) server.deny = raw.deny;
  return expansionFailed ? undefined : server;
}

function transportOf(raw: RawServerEntry, path: readonly PropertyKey[], problems: Problems): TransportKind | undefined {
  const declared = raw.type === 'streamable-http' || raw.type === 'streamableHttp' ? 'http' : raw.type;
  const transport: TransportKind | undefined = declared ?? (raw.command !== undefined ? 'stdio' : raw.url !== undefined ? 'http' : undefined);
  if (transport === undefined) {
    problems.add(path, 'expected "command" (stdio) or "url" (http/sse), got neither');
    return undefined;
  }
  if (declared === undefined && raw.command !== undefined && raw.url !== undefined) {
    problems.add(path, 'expected either "command" (stdio) or "url" (http/sse), got both; add "type" to choose');
    return undefined;
  }
  if (transport === 'stdio' && raw.command === undefined) {
    problems.add([...path, 'command'], 'expected a command for a stdio server, got nothing');
    return undefined;
  }
  if (transport !== 'stdio' && raw.url === undefined) {
    problems.add([...path, 'url'], `expected a URL for an ${transport} server, got nothing`);
    return undefined;
  }
  return transport;
}

export async function loadConfig(path: string, env: Record<string, string | undefined> = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String((error as Error).message);
    throw new ParallelMcpError('config_not_found', `${path}: expected a readable config file, got ${reason} (pass --config PATH)`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ParallelMcpError('config_invalid_json', `${path}: expected valid JSON, got a syntax error: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseConfig(json, { path, env });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function describeKeys(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  return keys.length === 0 ? 'none' : keys.map((key) => JSON.stringify(key)).join(', ');
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
