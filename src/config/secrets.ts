/**
 * The one owner of redaction: what of a server's config is secret, and how text that may
 * reach a tool result (or the model) is cleaned of it.
 *
 * Secret are: every `env` and `headers` value, a URL's userinfo and query values, and the
 * value of every environment variable the config expanded into the server's strings
 * (`"--token=${API_KEY}"`), except well-known non-secret ones (HOME, PATH, ...). Values
 * shorter than MIN_SECRET_LENGTH are not searched for: they would blank out every "true",
 * "debug" or "call". (A URL's userinfo and query values are redacted by position, whatever
 * their length.)
 *
 * A redactor replaces each secret, and its URL-encoded form, with `***`, and redacts every
 * URL in the text: `http://user:pw@host/mcp?api_key=k` -> `http://***@host/mcp?api_key=***`.
 * Pure: no I/O. Built once per server (connection.ts) from its ServerConfig.
 */
import type { ServerConfig } from './model.js';

export const REDACTED = '***';
export const MIN_SECRET_LENGTH = 6;

/** Environment variables whose expanded value is a path or a name, not a secret. */
const NOT_SECRET_VARIABLES = new Set([
  'HOME', 'USER', 'LOGNAME', 'USERNAME', 'PATH', 'PWD', 'SHELL', 'TERM', 'TMPDIR', 'TMP', 'TEMP', 'LANG',
  'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMFILES', 'SYSTEMROOT', 'HOMEDRIVE', 'HOMEPATH',
  'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR',
]);

/** Whether the value of environment variable `name`, expanded into a config string, is to be redacted. */
export function isSecretVariable(name: string): boolean {
  return !NOT_SECRET_VARIABLES.has(name);
}

/** Scheme, then userinfo up to the `@` that ends the authority. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;
/** URLs inside free text: a scheme, `://`, then anything up to white space or a quote. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** Punctuation that ends a sentence rather than the URL before it. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** A URL with its userinfo and every query value replaced by `***`; the rest as written. */
export function redactUrl(url: string): string {
  const withoutUserinfo = url.replace(USERINFO, `$1${REDACTED}@`);
  const queryStart = withoutUserinfo.indexOf('?');
  if (queryStart === -1) return withoutUserinfo;
  const hashStart = withoutUserinfo.indexOf('#', queryStart);
  const query = withoutUserinfo.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart);
  const redactedQuery = query
    .split('&')
    .map((pair) => {
      if (pair === '') return pair;
      const equals = pair.indexOf('=');
      return equals === -1 ? REDACTED : `${pair.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
  return `${withoutUserinfo.slice(0, queryStart)}?${redactedQuery}${hashStart === -1 ? '' : withoutUserinfo.slice(hashStart)}`;
}

/** The secret parts of a URL: decoded and raw userinfo parts and query values. */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secrets = [parsed.username, parsed.password, safeDecode(parsed.username), safeDecode(parsed.password)];
  for (const [key, value] of parsed.searchParams) secrets.push(value === '' ? key : value);
  return secrets;
}

/** Every value of a server's config that must not be shown. */
export function secretsOf(server: ServerConfig): string[] {
  return [
    ...Object.values(server.env),
    ...Object.values(server.headers).flatMap(headerSecrets),
    ...(server.url === undefined ? [] : urlSecrets(server.url)),
    ...(server.expandedSecrets ?? []),
  ];
}

/** A header value, its credentials after an auth scheme (`Bearer X`), and a Basic pair decoded. */
export function headerSecrets(value: string): string[] {
  const secrets = [value];
  const scheme = /^([A-Za-z][\w-]*) +(\S.*)$/.exec(value);
  if (!scheme) return secrets;
  const credentials = scheme[2]!;
  secrets.push(credentials);
  if (scheme[1]!.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) secrets.push(decoded, decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  return secrets;
}

export type Redact = (text: string) => string;

/** A function that removes `secrets` (and every URL's userinfo and query values) from a text. */
export function createRedactor(secrets: Iterable<string>): Redact {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    literals.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) literals.add(encoded);
  }
  // Longest first, so that a secret containing another is replaced whole.
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(URL_IN_TEXT, (match) => {
      const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
      return redactUrl(match.slice(0, match.length - tail.length)) + tail;
    });
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** The redactor of one server, from its config. */
export function redactorFor(server: ServerConfig): Redact {
  return createRedactor(secretsOf(server));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
