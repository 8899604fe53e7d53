/**
 * Who may talk to `--http`: the bind rule (beyond loopback only with a token), the Host
 * header (against DNS rebinding and for named hosts behind a proxy), the Origin header
 * (the spec's MUST: a present, invalid Origin gets 403) and the bearer token.
 *
 * Matching rules, as documented in the README:
 * - Host: the loopback names `localhost`, `127.0.0.1`, `[::1]` (and the bound address when it
 *   is a specific one) with the bound port. An `--allowed-host` entry without a port matches
 *   that name on any port or none (a proxy on 443 sends `Host: name`); with a port, exactly
 *   that `name:port`. Names compare case-insensitively.
 * - Origin: absent is allowed (non-browser clients send none). Present, it must be a loopback
 *   origin (`http` or `https`, host `localhost`, 127.0.0.0/8 or `[::1]`, any port: a page
 *   served from this machine is served by a local process, while a rebinding page has the
 *   attacker's name as its origin) or equal an `--allowed-origin` entry
 *   (`scheme://host[:port]`, compared after URL normalisation: lower case, default port
 *   dropped). `null` matches only when listed.
 */
import { timingSafeEqual } from 'node:crypto';
import { ParallelMcpError } from '../errors.js';

export const TOKEN_ENV = 'PARALLEL_MCP_HTTP_TOKEN';

interface HostRule {
  hostname: string;
  /** undefined: any port, or none. */
  port?: string;
}

export interface AccessRules {
  hosts: HostRule[];
  origins: Set<string>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for `localhost`, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Refuses a bind beyond loopback without a bearer token: anyone on the network could
 * otherwise reach every downstream tool (Host and Origin checks do not stop a non-browser
 * peer, which sets those headers as it likes).
 */
export function assertSafeBinding(host: string, token: string | undefined): void {
  if (isLoopbackHost(host) || (token !== undefined && token !== '')) return;
  throw new ParallelMcpError(
    'config_invalid',
    `--http ${host}: expected a loopback address (127.0.0.1, localhost, ::1) or a bearer token, got a bind beyond loopback without one. ` +
      `Anyone who can reach this port would get every downstream tool. Set ${TOKEN_ENV} to a long random secret ` +
      `(e.g. export ${TOKEN_ENV}="$(openssl rand -hex 32)") and give clients "Authorization: Bearer <token>", or bind to 127.0.0.1.`,
  );
}

export function buildAccessRules(options: {
  boundHost: string;
  port: number;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
}): AccessRules {
  const port = String(options.port);
  const hosts: HostRule[] = LOOPBACK_NAMES.map((hostname) => ({ hostname, port }));
  const bound = bracketed(options.boundHost.toLowerCase());
  if (!isWildcard(options.boundHost) && !LOOPBACK_NAMES.includes(bound)) hosts.push({ hostname: bound, port });
  for (const entry of options.allowedHosts ?? []) hosts.push(parseHostEntry(entry));
  const origins = new Set((options.allowedOrigins ?? []).map(parseOriginEntry));
  return { hosts, origins };
}

/** undefined when the Host header is allowed, else why not. */
export function hostProblem(rules: AccessRules, hostHeader: string | undefined): string | undefined {
  const given = hostHeader === undefined ? undefined : splitHost(hostHeader);
  if (given && rules.hosts.some((rule) => rule.hostname === given.hostname && (rule.port === undefined || rule.port === given.port))) {
    return undefined;
  }
  const shown = rules.hosts.map((r) => (r.port === undefined ? r.hostname : `${r.hostname}:${r.port}`)).join(', ');
  return `forbidden: expected a Host header of ${shown}, got "${hostHeader ?? ''}" (add a host name with --allowed-host)`;
}

/** undefined when the Origin header is absent or allowed, else why not. */
export function originProblem(rules: AccessRules, originHeader: string | undefined): string | undefined {
  if (originHeader === undefined) return undefined;
  if (originHeader === 'null') {
    return rules.origins.has('null') ? undefined : 'forbidden: Origin "null" is not allowed (list it with --allowed-origin null to accept it)';
  }
  let url: URL | undefined;
  try {
    url = new URL(originHeader);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    if (isLoopbackHost(url.hostname)) return undefined;
    if (rules.origins.has(url.origin)) return undefined;
  }
  const extra = rules.origins.size > 0 ? ` or one of ${[...rules.origins].join(', ')}` : '';
  return `forbidden: expected no Origin header, a loopback origin (http://localhost:PORT, http://127.0.0.1:PORT, http://[::1]:PORT)${extra}, got "${originHeader}" (add one with --allowed-origin)`;
}

export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseHostEntry(entry: string): HostRule {
  const split = /[/@?#\s]/.test(entry) || entry === '' ? undefined : splitHost(entry);
  if (!split || split.hostname === '' || (split.port !== undefined && !/^\d{1,5}$/.test(split.port))) {
    throw new ParallelMcpError(
      'config_invalid',
      `allowed host: expected a host name with an optional :port (mcp.example.com, mcp.example.com:8443, [::1]:3000), got "${entry}"`,
    );
  }
  return split;
}

function parseOriginEntry(entry: string): string {
  if (entry === 'null') return 'null';
  let url: URL | undefined;
  try {
    url = new URL(entry);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new ParallelMcpError(
      'config_invalid',
      `allowed origin: expected scheme://host[:port] with scheme http or https and no path (https://app.example.com), got "${entry}"`,
    );
  }
  return url.origin;
}

/** `name`, `name:port`, `[v6]`, `[v6]:port` -> lower-case hostname (IPv6 in brackets) and port. */
function splitHost(value: string): { hostname: string; port?: string } | undefined {
  const lower = value.toLowerCase();
  const v6 = /^(\[[0-9a-f:.]+\])(?::(.*))?$/.exec(lower);
  if (v6) return v6[2] === undefined ? { hostname: v6[1]! } : { hostname: v6[1]!, port: v6[2] };
  const parts = lower.split(':');
  if (parts.length === 1) return { hostname: lower };
  if (parts.length === 2) return { hostname: parts[0]!, port: parts[1]! };
  return undefined; // a bare IPv6 address without brackets is not a Host header
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}
