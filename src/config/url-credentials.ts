/**
 * A URL's userinfo (`http://user:password@host/mcp`) moved into a Basic `Authorization`
 * header when the config loads: fetch refuses to send a URL with credentials ("Request
 * cannot be constructed from a URL that includes credentials"), and a URL is shown in
 * messages, a header never.
 */

/** Scheme, then the authority's userinfo up to its last `@`. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

export interface MovedCredentials {
  /** The URL as written, without its userinfo. */
  url: string;
  /** `Basic base64(user:password)`, user and password percent-decoded. */
  authorization: string;
}

/** The URL without its userinfo and the header carrying it; undefined when it has none. */
export function moveUserinfoToHeader(url: string): MovedCredentials | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username === '' && parsed.password === '') return undefined;
  const pair = `${decode(parsed.username)}:${decode(parsed.password)}`;
  return { url: url.replace(USERINFO, '$1'), authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
