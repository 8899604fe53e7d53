import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { createRedactor, headerSecrets, redactorFor, redactUrl, secretsOf } from '../../src/config/secrets.js';

const base: ServerConfig = { name: 's', transport: 'http', args: [], env: {}, headers: {}, disabled: false };

describe('redactUrl', () => {
  it.each([
    ['http://user:SECRET@host/mcp', 'http://***@host/mcp'],
    ['http://host/mcp?api_key=SECRET&v=2', 'http://host/mcp?api_key=***&v=***'],
    ['https://u:p@ss@host:8443/x?token#frag', 'https://***@host:8443/x?***#frag'],
    ['http://user:SECRET@host/mcp?api_key=SECRET', 'http://***@host/mcp?api_key=***'],
    ['http://127.0.0.1:3000/mcp', 'http://127.0.0.1:3000/mcp'],
    ['http://host/a@b', 'http://host/a@b'],
  ])('returns %s as %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('createRedactor', () => {
  it('returns the text with every secret, its URL-encoded form and every URL redacted', () => {
    const redact = createRedactor(['sk-live/123', 'hunter22']);
    expect(redact('key sk-live/123 and sk-live%2F123; see http://a:b@h/x?k=v: refused; pw hunter22.')).toBe(
      'key *** and ***; see http://***@h/x?k=***: refused; pw ***.',
    );
  });

  it('returns short values (under 6 characters) unredacted, so that "true" or "call" are not blanked everywhere', () => {
    expect(createRedactor(['1', 'true', 'debug', 'abcdef'])('1 true debug abcdef')).toBe('1 true debug ***');
  });

  it('returns a secret that contains another redacted whole', () => {
    expect(createRedactor(['abcdef', 'abcdefghij'])('abcdefghij abcdef')).toBe('*** ***');
  });
});

describe('secretsOf', () => {
  it('returns env and header values, URL userinfo and query values, and expanded variables', () => {
    const server: ServerConfig = {
      ...base,
      url: 'http://us%40r:p%3Ass@h/mcp?api_key=QKEY&flag',
      env: { TOKEN: 'ENVVALUE' },
      headers: { Authorization: 'Bearer BEARERTOKEN' },
      expandedSecrets: ['EXPANDED'],
    };
    expect(secretsOf(server)).toEqual(['ENVVALUE', 'Bearer BEARERTOKEN', 'BEARERTOKEN', 'us%40r', 'p%3Ass', 'us@r', 'p:ss', 'QKEY', 'flag', 'EXPANDED']);
  });

  it('returns a Basic header decoded too, so that user and password are redacted on their own', () => {
    expect(headerSecrets(`Basic ${Buffer.from('ada:pa55word').toString('base64')}`)).toEqual([
      'Basic YWRhOnBhNTV3b3Jk',
      'YWRhOnBhNTV3b3Jk',
      'ada:pa55word',
      'ada',
      'pa55word',
    ]);
  });

  it('returns a redactor that removes all of them from a message', () => {
    const redact = redactorFor({ ...base, url: 'http://h/mcp?api_key=QUERYKEY', env: { KEY: 'ENVVALUE' }, expandedSecrets: ['EXPANDED'] });
    expect(redact('QUERYKEY ENVVALUE EXPANDED http://h/mcp?api_key=QUERYKEY')).toBe('*** *** *** http://h/mcp?api_key=***');
  });
});
