/**
 * The environment a stdio server inherits is the SDK's default (we keep our own copy so that
 * start-up does not load the SDK's stdio client module and cross-spawn): the same variables,
 * shell functions left out. HTTP and SSE transports load when made.
 */
import { DEFAULT_INHERITED_ENV_VARS, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/config.js';
import { createTransport, defaultEnvironment, INHERITED_ENV_VARS } from '../../src/downstream/create-transport.js';
import { ObservedStdioTransport } from '../../src/downstream/stdio-transport.js';

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const server = (fields: Partial<ServerConfig>): ServerConfig => ({ name: 's', transport: 'stdio', args: [], env: {}, headers: {}, ...fields }) as ServerConfig;

describe('createTransport', () => {
  it('inherits the variables the SDK inherits, with the same values', () => {
    expect(INHERITED_ENV_VARS).toEqual(DEFAULT_INHERITED_ENV_VARS);
    process.env.HOME = '/home/someone';
    process.env.TERM = 'xterm';
    process.env.NOT_INHERITED_SECRET = 'sk-123456';
    expect(defaultEnvironment()).toEqual(getDefaultEnvironment());
    expect(defaultEnvironment()).toMatchObject({ HOME: '/home/someone', TERM: 'xterm' });
    expect(defaultEnvironment()).not.toHaveProperty('NOT_INHERITED_SECRET');
  });

  it('leaves out a value that is a shell function, as the SDK does', () => {
    process.env.SHELL = '() { :; }; echo pwned';
    expect(defaultEnvironment()).not.toHaveProperty('SHELL');
    expect(defaultEnvironment()).toEqual(getDefaultEnvironment());
  });

  it('makes a stdio transport at once and the HTTP and SSE ones after loading them', async () => {
    expect(createTransport(server({ command: 'node' }), () => {})).toBeInstanceOf(ObservedStdioTransport);
    const http = createTransport(server({ transport: 'http', url: 'http://127.0.0.1:9/mcp' }), () => {});
    const sse = createTransport(server({ transport: 'sse', url: 'http://127.0.0.1:9/sse' }), () => {});
    expect(http).toBeInstanceOf(Promise);
    expect(await http).toBeInstanceOf(StreamableHTTPClientTransport);
    expect(await sse).toBeInstanceOf(SSEClientTransport);
  });
});
