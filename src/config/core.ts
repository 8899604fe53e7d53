/**
 * mcp.json: the downstream servers and parallel-mcp's own settings (the reading; no zod here).
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
 *
 * The shape of each server entry and of `parallelMcp` is checked by a RawChecks: zod's
 * schemas (config/schemas.ts, what parseConfig in config.ts uses), or at start-up the plain
 * check of config/plain-checks.ts, which takes only what zod surely accepts unchanged and
 * gives up on anything else (config/load.ts then reads the file again with zod).
 */
import { dirname, resolve } from 'node:path';
import { ParallelMcpError } from '../errors.js';
import { expandVariables, type ExpansionContext } from './expand-variables.js';
import { describeValue } from './json-path.js';
import {
  DEFAULT_RUN_SETTINGS,
  DEFAULT_SETTINGS,
  SERVER_ENTRY_KEYS,
  type Config,
  type RawChecks,
  type RawServerEntry,
  type ServerConfig,
  type TransportKind,
} from './model.js';
import { Problems } from './problems.js';
import { isSecretVariable } from './secrets.js';
import { checkUnknownKeys } from './server-keys.js';
import { moveUserinfoToHeader } from './url-credentials.js';
import { firstVsCodeInput, vsCodeInputWarning } from './vs-code-inputs.js';

export * from './model.js';


const SERVER_MAPS = ['mcpServers', 'servers'] as const;

export function parseConfigWith(json: unknown, options: { path: string; env: Record<string, string | undefined> }, checks: RawChecks): Config {
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
        const server = parseServer(name, entry, path, context, problems, checks);
        if (server) servers.push(server);
      }
    }
    if (json.parallelMcp !== undefined) {
      const raw = checks.settings(json.parallelMcp, problems);
      if (raw) {
        const { runs, ...rest } = raw;
        settings = { ...DEFAULT_SETTINGS, ...definedOnly(rest), runs: { ...DEFAULT_RUN_SETTINGS, ...definedOnly(runs ?? {}) } };
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
  checks: RawChecks,
): ServerConfig | undefined {
  if (name.trim() === '') {
    problems.add(path, 'expected a non-empty server name, got ""');
    return undefined;
  }
  if (!isPlainObject(entry)) {
    problems.add(path, `expected an object with "command" (stdio) or "url" (http/sse), got ${describeValue(entry)}`);
    return undefined;
  }
  checkUnknownKeys(entry, SERVER_ENTRY_KEYS, path, problems);
  const raw = checks.serverEntry(entry, path, problems);
  if (!raw) return undefined;
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
