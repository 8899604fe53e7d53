import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, type Config } from '../src/config.js';
import { closestKey } from '../src/config/server-keys.js';
import { editDistance } from '../src/engine/close-names.js';
import { ParallelMcpError } from '../src/errors.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/config');
const DIR = '/etc/mcp';
const PATH = `${DIR}/mcp.json`;
const env = { HOME: '/home/ada', TOKEN: 's3cret', EMPTY: '' };

function parse(json: unknown, environment: Record<string, string | undefined> = env): Config {
  return parseConfig(json, { path: PATH, env: environment });
}

function problemOf(json: unknown, environment: Record<string, string | undefined> = env): { code: string; message: string } {
  try {
    parse(json, environment);
  } catch (error) {
    if (error instanceof ParallelMcpError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected parseConfig to throw');
}

const stdioDefaults = { transport: 'stdio', args: [], env: {}, headers: {}, disabled: false, cwd: DIR } as const;

describe('parseConfig', () => {
  it('returns stdio and http servers with defaults when given a Claude Desktop mcpServers map', () => {
    expect(
      parse({
        mcpServers: {
          memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { A: 'b' } },
          remote: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer x' } },
        },
        globalShortcut: 'Ctrl+Space',
      }),
    ).toEqual({
      path: PATH,
      servers: [
        { ...stdioDefaults, name: 'memory', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { A: 'b' } },
        { name: 'remote', transport: 'http', url: 'https://example.com/mcp', args: [], env: {}, headers: { Authorization: 'Bearer x' }, disabled: false },
      ],
      settings: { maxConcurrency: 16, timeoutMs: 60_000, eager: false, startTimeoutMs: 30_000, cancelGraceMs: 5_000, maxResultBytes: 4 * 1024 * 1024, maxResponseBytes: 8 * 1024 * 1024, runs: { ttlMs: 3_600_000, max: 100 } },
      warnings: [],
    });
  });

  it('returns servers of every type when given a VS Code servers map with inputs', () => {
    expect(
      parse({
        inputs: [{ type: 'promptString', id: 'key' }],
        servers: {
          local: { type: 'stdio', command: 'node', args: ['server.js'], cwd: 'sub' },
          web: { type: 'http', url: 'http://127.0.0.1:3000/mcp' },
          old: { type: 'sse', url: 'http://127.0.0.1:3001/sse' },
          cursorish: { type: 'streamable-http', url: 'http://127.0.0.1:3002/mcp' },
        },
      }).servers,
    ).toEqual([
      { ...stdioDefaults, name: 'local', command: 'node', args: ['server.js'], cwd: `${DIR}/sub` },
      { name: 'web', transport: 'http', url: 'http://127.0.0.1:3000/mcp', args: [], env: {}, headers: {}, disabled: false },
      { name: 'old', transport: 'sse', url: 'http://127.0.0.1:3001/sse', args: [], env: {}, headers: {}, disabled: false },
      { name: 'cursorish', transport: 'http', url: 'http://127.0.0.1:3002/mcp', args: [], env: {}, headers: {}, disabled: false },
    ]);
  });

  it('returns both maps merged when mcpServers and servers are both present', () => {
    expect(parse({ mcpServers: { a: { command: 'a' } }, servers: { b: { command: 'b' } } }).servers.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('returns per-server options and parallelMcp settings when they are given', () => {
    expect(
      parse({
        mcpServers: {
          s: { command: 'x', timeoutMs: 5000, maxConcurrency: 1, startTimeoutMs: 90_000, cancelGraceMs: 0, disabled: true, allow: ['read_*'], deny: ['read_secret'], extra: { any: 1 } },
        },
        parallelMcp: { maxConcurrency: 4, eager: true, startTimeoutMs: 45_000, cancelGraceMs: 2_000, maxResultBytes: 2048, llm: { maxConcurrency: 3, requestsPerMinute: 60 } },
      }),
    ).toEqual({
      path: PATH,
      servers: [{ ...stdioDefaults, name: 's', command: 'x', timeoutMs: 5000, maxConcurrency: 1, startTimeoutMs: 90_000, cancelGraceMs: 0, disabled: true, allow: ['read_*'], deny: ['read_secret'] }],
      settings: { maxConcurrency: 4, timeoutMs: 60_000, eager: true, startTimeoutMs: 45_000, cancelGraceMs: 2_000, maxResultBytes: 2048, maxResponseBytes: 8 * 1024 * 1024, llm: { maxConcurrency: 3, requestsPerMinute: 60 }, runs: { ttlMs: 3_600_000, max: 100 } },
      warnings: [`${PATH}: mcpServers.s.extra: unknown key, ignored`],
    });
  });

  it('returns every string expanded when it holds ${VAR}, ${env:VAR}, defaults and ${workspaceFolder}', () => {
    expect(
      parse({
        mcpServers: {
          s: {
            command: '${HOME}/bin/server',
            args: ['--token=${env:TOKEN}', '${MISSING:-fallback}', '${EMPTY:-used-when-empty}', '$HOME stays', '${workspaceFolder}/data'],
            env: { KEY: '${TOKEN}' },
            cwd: '${HOME}',
          },
          h: { url: 'https://${env:TOKEN}.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } },
        },
      }).servers,
    ).toEqual([
      {
        ...stdioDefaults,
        name: 's',
        command: '/home/ada/bin/server',
        args: ['--token=s3cret', 'fallback', 'used-when-empty', '$HOME stays', `${DIR}/data`],
        env: { KEY: 's3cret' },
        cwd: '/home/ada',
        expandedSecrets: ['s3cret'], // HOME's value is not a secret
      },
      {
        name: 'h',
        transport: 'http',
        url: 'https://s3cret.example.com/mcp',
        args: [],
        env: {},
        headers: { Authorization: 'Bearer s3cret' },
        disabled: false,
        expandedSecrets: ['s3cret'],
      },
    ]);
  });

  it('returns a disabled server with its text unexpanded when a variable in it is unset', () => {
    expect(parse({ mcpServers: { off: { command: '${NOPE}', disabled: true } } }).servers).toEqual([
      { ...stdioDefaults, name: 'off', command: '${NOPE}', disabled: true },
    ]);
  });

  it('returns a disabled http server with its URL unexpanded when a variable in it is unset', () => {
    expect(parse({ mcpServers: { off: { url: '${REMOTE_URL}', disabled: true } } }).servers).toEqual([
      { name: 'off', transport: 'http', url: '${REMOTE_URL}', args: [], env: {}, headers: {}, disabled: true },
    ]);
  });

  it('returns no servers when the map is empty', () => {
    expect(parse({ mcpServers: {} }).servers).toEqual([]);
  });
});

describe('URL credentials', () => {
  const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

  it('returns the userinfo of a URL moved into a Basic Authorization header, percent-decoded', () => {
    expect(parse({ mcpServers: { r: { url: 'https://ada%40x:pa%3Ass@host.example/mcp?v=1' } } }).servers).toEqual([
      { name: 'r', transport: 'http', url: 'https://host.example/mcp?v=1', args: [], env: {}, headers: { Authorization: basic('ada@x:pa:ss') }, disabled: false },
    ]);
  });

  it('returns an expanded ${VAR} password moved too, and the variable recorded as a secret', () => {
    const [server] = parse({ mcpServers: { r: { type: 'sse', url: 'http://bot:${TOKEN}@127.0.0.1:3001/sse' } } }).servers;
    expect(server).toMatchObject({ url: 'http://127.0.0.1:3001/sse', headers: { Authorization: basic('bot:s3cret') }, expandedSecrets: ['s3cret'] });
  });

  it('returns the configured Authorization header kept and a warning when the URL also has userinfo', () => {
    const config = parse({ mcpServers: { r: { url: 'http://u:pw@h/mcp', headers: { authorization: 'Bearer t0ken' } } } });
    expect([config.servers[0]!.url, config.servers[0]!.headers, config.warnings]).toEqual([
      'http://h/mcp',
      { authorization: 'Bearer t0ken' },
      [`${PATH}: mcpServers.r.url: the user and password in the URL are ignored: headers.authorization is configured and sent instead`],
    ]);
  });
});

describe('parseConfig errors', () => {
  const cases: Array<[string, unknown, string]> = [
    ['the top level is not an object', [1, 2], `${PATH}: expected a JSON object with "mcpServers" or "servers", got [1,2]`],
    ['there is no server map', { other: 1 }, `${PATH}: expected a "mcpServers" (or VS Code "servers") object, got neither (top-level keys: "other")`],
    ['mcpServers is not an object', { mcpServers: [] }, `${PATH}: mcpServers: expected an object mapping server names to server entries, got []`],
    ['an entry is not an object', { mcpServers: { a: 'node x' } }, `${PATH}: mcpServers.a: expected an object with "command" (stdio) or "url" (http/sse), got "node x"`],
    ['maxConcurrency is not an integer in range', { mcpServers: { memory: { command: 'x', maxConcurrency: 'x' } } }, `${PATH}: mcpServers.memory.maxConcurrency: expected an integer from 1 to 1024, got "x"`],
    ['maxConcurrency is too big', { mcpServers: { memory: { command: 'x', maxConcurrency: 2000 } } }, `${PATH}: mcpServers.memory.maxConcurrency: expected an integer from 1 to 1024, got 2000`],
    ['timeoutMs is fractional', { mcpServers: { a: { command: 'x', timeoutMs: 1.5 } } }, `${PATH}: mcpServers.a.timeoutMs: expected an integer number of milliseconds from 1 to 86400000, got 1.5`],
    ['an arg is not a string', { mcpServers: { a: { command: 'x', args: ['ok', 3] } } }, `${PATH}: mcpServers.a.args[1]: expected a string, got 3`],
    ['args is not an array', { mcpServers: { a: { command: 'x', args: '--flag' } } }, `${PATH}: mcpServers.a.args: expected an array of strings, got "--flag"`],
    ['an env value is not a string', { mcpServers: { a: { command: 'x', env: { PORT: 8080 } } } }, `${PATH}: mcpServers.a.env.PORT: expected a string, got 8080`],
    ['disabled is not a boolean', { mcpServers: { a: { command: 'x', disabled: 'yes' } } }, `${PATH}: mcpServers.a.disabled: expected true or false, got "yes"`],
    ['type is unknown', { servers: { a: { type: 'ws', url: 'ws://x' } } }, `${PATH}: servers.a.type: expected "stdio", "http" or "sse", got "ws"`],
    ['command is empty', { mcpServers: { a: { command: '' } } }, `${PATH}: mcpServers.a.command: expected a non-empty command, got ""`],
    ['an entry has neither command nor url', { mcpServers: { a: { args: [] } } }, `${PATH}: mcpServers.a: expected "command" (stdio) or "url" (http/sse), got neither`],
    ['an entry has both command and url', { mcpServers: { a: { command: 'x', url: 'http://h' } } }, `${PATH}: mcpServers.a: expected either "command" (stdio) or "url" (http/sse), got both; add "type" to choose`],
    ['a stdio entry has no command', { servers: { a: { type: 'stdio', url: 'http://h' } } }, `${PATH}: servers.a.command: expected a command for a stdio server, got nothing`],
    ['an sse entry has no url', { servers: { a: { type: 'sse', command: 'x' } } }, `${PATH}: servers.a.url: expected a URL for an sse server, got nothing`],
    ['the url is not http', { mcpServers: { a: { url: 'ftp://h/x' } } }, `${PATH}: mcpServers.a.url: expected an http:// or https:// URL, got "ftp://h/x"`],
    ['a variable is unset', { mcpServers: { memory: { command: 'x', env: { F: '${HOME2}/m.json' } } } }, `${PATH}: mcpServers.memory.env.F: expected environment variable HOME2 to be set, got it unset (write \${HOME2:-default} for a fallback)`],
    ['a variable is malformed', { mcpServers: { a: { command: '${1x}' } } }, `${PATH}: mcpServers.a.command: expected \${NAME}, \${env:NAME} or \${NAME:-default} with NAME made of letters, digits and "_", got "\${1x}"`],
    ['a variable is unterminated', { mcpServers: { a: { command: 'x', cwd: '${HOME' } } }, `${PATH}: mcpServers.a.cwd: expected a closing "}" after "\${" in "\${HOME"`],
    ['a header key needs quoting', { mcpServers: { a: { url: 'http://h', headers: { 'X-Key': 1 } } } }, `${PATH}: mcpServers.a.headers["X-Key"]: expected a string, got 1`],
    ['a name is in both maps', { mcpServers: { a: { command: 'x' } }, servers: { a: { command: 'y' } } }, `${PATH}: servers.a: expected unique server names, got "a" here and in mcpServers`],
    ['parallelMcp is not an object', { mcpServers: {}, parallelMcp: 3 }, `${PATH}: parallelMcp: expected an object, got 3`],
    ['a server key is misspelt', { mcpServers: { memory: { command: 'x', maxConcurency: 2 } } }, `${PATH}: mcpServers.memory.maxConcurency: unknown key; did you mean "maxConcurrency"?`],
    ['a server key has the wrong case', { mcpServers: { a: { command: 'x', timeoutMS: 5000 } } }, `${PATH}: mcpServers.a.timeoutMS: unknown key; did you mean "timeoutMs"?`],
    ['a server key is snake_case', { servers: { a: { command: 'x', max_concurrency: 1 } } }, `${PATH}: servers.a.max_concurrency: unknown key; did you mean "maxConcurrency"?`],
    ['a server key has two letters swapped', { mcpServers: { a: { command: 'x', evn: {} } } }, `${PATH}: mcpServers.a.evn: unknown key; did you mean "env"?`],
    ['a server key lost a letter', { mcpServers: { a: { url: 'http://h', header: {} } } }, `${PATH}: mcpServers.a.header: unknown key; did you mean "headers"?`],
    ['a server key is dash-case', { mcpServers: { a: { command: 'x', 'time-out-ms': 5 } } }, `${PATH}: mcpServers.a["time-out-ms"]: unknown key; did you mean "timeoutMs"?`],
    ['a parallelMcp setting is misspelt', { mcpServers: {}, parallelMcp: { maxConcurency: 3 } }, `${PATH}: parallelMcp.maxConcurency: unknown setting; expected one of maxConcurrency, timeoutMs, startTimeoutMs, cancelGraceMs, eager, maxResultBytes, maxResponseBytes, http, llm, runs`],
    ['an http setting is misspelt', { mcpServers: {}, parallelMcp: { http: { maxSesions: 3 } } }, `${PATH}: parallelMcp.http.maxSesions: unknown setting; expected one of maxSessions, maxBodyBytes, allowedHosts, allowedOrigins, downstreamIdleMs, downstream`],
    ['the http downstream setting is unknown', { mcpServers: {}, parallelMcp: { http: { downstream: 'pooled' } } }, `${PATH}: parallelMcp.http.downstream: expected "per-session" (a downstream connection per session; the default) or "shared", got "pooled"`],
    ['an http setting is out of range', { mcpServers: {}, parallelMcp: { http: { maxSessions: 0 } } }, `${PATH}: parallelMcp.http.maxSessions: expected an integer from 1 to 100000, got 0`],
    ['cancelGraceMs is negative', { mcpServers: { a: { command: 'x', cancelGraceMs: -1 } } }, `${PATH}: mcpServers.a.cancelGraceMs: expected an integer number of milliseconds from 0 to 600000, got -1`],
    ['startTimeoutMs is too large', { mcpServers: {}, parallelMcp: { startTimeoutMs: 1e12 } }, `${PATH}: parallelMcp.startTimeoutMs: expected an integer number of milliseconds from 1 to 86400000, got 1000000000000`],
    ['a parallelMcp.llm setting is out of range', { mcpServers: {}, parallelMcp: { llm: { requestsPerMinute: 0 } } }, `${PATH}: parallelMcp.llm.requestsPerMinute: expected a positive number of requests per minute up to 1000000, got 0`],
    ['a parallelMcp setting is out of range', { mcpServers: {}, parallelMcp: { timeoutMs: 0 } }, `${PATH}: parallelMcp.timeoutMs: expected an integer number of milliseconds from 1 to 86400000, got 0`],
    ['a byte limit is too small', { mcpServers: {}, parallelMcp: { maxResponseBytes: 10 } }, `${PATH}: parallelMcp.maxResponseBytes: expected an integer number of bytes from 1024 to 1073741824, got 10`],
  ];
  for (const [when, json, message] of cases) {
    it(`throws config_invalid naming the path when ${when}`, () => {
      expect(problemOf(json)).toEqual({ code: 'config_invalid', message });
    });
  }

  it('throws one error listing every problem when there are several', () => {
    expect(
      problemOf({
        mcpServers: { a: { command: 1, maxConcurrency: 0, Disabled: true }, b: { url: 'nope', dissabled: true, alwaysAllow: [] } },
        parallelMcp: { eager: 'no' },
      }),
    ).toEqual({
      code: 'config_invalid',
      message: [
        `${PATH}: mcpServers.a.Disabled: unknown key; did you mean "disabled"?`,
        `${PATH}: mcpServers.a.command: expected a string, got 1`,
        `${PATH}: mcpServers.a.maxConcurrency: expected an integer from 1 to 1024, got 0`,
        `${PATH}: mcpServers.b.dissabled: unknown key; did you mean "disabled"?`,
        `${PATH}: mcpServers.b.url: expected an http:// or https:// URL, got "nope"`,
        `${PATH}: parallelMcp.eager: expected true or false, got "no"`,
      ].join('\n'),
    });
  });
});

describe('unknown server keys', () => {
  it('returns the server and one warning per key when keys of other clients are not close to ours', () => {
    const config = parse({
      servers: {
        a: { command: 'x', envFile: '.env', dev: { watch: '*.ts' }, gallery: true, id: 'a', autoApprove: ['t'], enabled: true },
      },
    });
    expect(config.servers).toEqual([{ ...stdioDefaults, name: 'a', command: 'x' }]);
    expect(config.warnings).toEqual(
      ['envFile', 'dev', 'gallery', 'id', 'autoApprove', 'enabled'].map((key) => `${PATH}: servers.a.${key}: unknown key, ignored`),
    );
  });

  it('returns a warning naming timeoutMs when a server has the timeout key of Cline and Gemini CLI', () => {
    expect(parse({ mcpServers: { a: { command: 'x', timeout: 60 } } }).warnings).toEqual([
      `${PATH}: mcpServers.a.timeout: unknown key, ignored; parallel-mcp's per-server timeout is "timeoutMs", in milliseconds`,
    ]);
  });

  it('returns no warnings when every key is known', () => {
    expect(parse({ servers: { a: { type: 'stdio', command: 'x', args: [], env: {}, cwd: '.', timeoutMs: 1, maxConcurrency: 1, disabled: false, allow: [], deny: [] } } }).warnings).toEqual([]);
  });

  it('suggests the closest known key within 2 edits, and within 1 for keys of up to 4 letters', () => {
    const known = ['command', 'args', 'env', 'cwd', 'url', 'headers', 'type', 'timeoutMs', 'maxConcurrency', 'disabled', 'allow', 'deny'];
    expect(
      Object.fromEntries(['maxConcurency', 'MAX_CONCURRENCY', 'comand', 'commnad', 'arg', 'uri', 'URL', 'Env', 'allowed', 'dev', 'id', 'tags', 'envFile', 'timeoutSeconds'].map((key) => [key, closestKey(key, known)])),
    ).toEqual({
      maxConcurency: 'maxConcurrency',
      MAX_CONCURRENCY: 'maxConcurrency',
      comand: 'command',
      commnad: 'command',
      arg: 'args',
      uri: 'url',
      URL: 'url',
      Env: 'env',
      allowed: 'allow',
      dev: undefined,
      id: undefined,
      tags: undefined,
      envFile: undefined,
      timeoutSeconds: undefined,
    });
  });

  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect([editDistance('', 'abc'), editDistance('abc', ''), editDistance('abc', 'abc'), editDistance('abc', 'abd'), editDistance('abc', 'acb'), editDistance('dev', 'env'), editDistance('kitten', 'sitting')]).toEqual([
      3, 3, 0, 1, 1, 2, 3,
    ]);
  });
});

describe('VS Code inputs', () => {
  const inputWarning = (at: string, server: string, input: string, variable: string) =>
    `${PATH}: ${at}: server "${server}" is disabled: it uses VS Code input "${input}", which parallel-mcp cannot prompt for; ` +
    `set it through an environment variable instead (e.g. "\${env:${variable}}")`;

  it('returns the server that uses an input disabled, with a warning, and the others as usual', () => {
    const config = parse({
      inputs: [{ type: 'promptString', id: 'api-key', password: true }],
      servers: {
        local: { type: 'stdio', command: 'node', args: ['server.js'] },
        search: { type: 'http', url: 'https://search.example.com/mcp', headers: { Authorization: 'Bearer ${input:api-key}', 'X-Id': '${TOKEN}' } },
      },
    });
    expect(config.servers).toEqual([
      { ...stdioDefaults, name: 'local', command: 'node', args: ['server.js'] },
      {
        name: 'search',
        transport: 'http',
        url: 'https://search.example.com/mcp',
        args: [],
        env: {},
        headers: { Authorization: 'Bearer ${input:api-key}', 'X-Id': 's3cret' },
        disabled: true,
        disabledReason: 'it uses VS Code input "${input:api-key}", which parallel-mcp cannot prompt for',
        expandedSecrets: ['s3cret'],
      },
    ]);
    expect(config.warnings).toEqual([inputWarning('servers.search.headers.Authorization', 'search', '${input:api-key}', 'API_KEY')]);
  });

  it('returns the server disabled without other errors when an input is in its command, args, env, cwd or url', () => {
    const config = parse({
      servers: {
        c: { command: '${input:bin}' },
        a: { command: 'x', args: ['--db', '${input:db path}'] },
        e: { command: 'x', env: { KEY: '${input:key}', OTHER: '${UNSET}' } },
        w: { command: 'x', cwd: '${input:dir}' },
        u: { type: 'sse', url: 'https://${input:host}/sse' },
      },
    });
    expect(config.servers.map((s) => [s.name, s.disabled])).toEqual([
      ['c', true],
      ['a', true],
      ['e', true],
      ['w', true],
      ['u', true],
    ]);
    expect(config.warnings).toEqual([
      inputWarning('servers.c.command', 'c', '${input:bin}', 'BIN'),
      inputWarning('servers.a.args[1]', 'a', '${input:db path}', 'DB_PATH'),
      inputWarning('servers.e.env.KEY', 'e', '${input:key}', 'KEY'),
      inputWarning('servers.w.cwd', 'w', '${input:dir}', 'DIR'),
      inputWarning('servers.u.url', 'u', '${input:host}', 'HOST'),
    ]);
  });

  it('returns no warning when the server using an input is disabled already', () => {
    const config = parse({ servers: { off: { command: 'x', args: ['${input:key}'], disabled: true } } });
    expect(config).toMatchObject({ servers: [{ name: 'off', disabled: true, args: ['${input:key}'] }], warnings: [] });
  });

  it('returns the server enabled when ${input:} appears only in inputs or in a key parallel-mcp does not read', () => {
    const config = parse({
      inputs: [{ type: 'promptString', id: 'key', description: '${input:key}' }],
      servers: { a: { command: 'x', envFile: '${input:key}' } },
    });
    expect(config.servers).toEqual([{ ...stdioDefaults, name: 'a', command: 'x' }]);
    expect(config.warnings).toEqual([`${PATH}: servers.a.envFile: unknown key, ignored`]);
  });

  it('throws the other problems of the file when a server uses an input', () => {
    expect(problemOf({ servers: { a: { command: 'x', args: ['${input:key}'] }, b: { command: 'x', maxConcurency: 1 } } })).toEqual({
      code: 'config_invalid',
      message: `${PATH}: servers.b.maxConcurency: unknown key; did you mean "maxConcurrency"?`,
    });
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parallel-mcp-config-'));
    await mkdir(join(dir, 'folder'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the parsed config with cwd defaulting to the file directory when the file is valid', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(file, '\uFEFF{ "mcpServers": { "a": { "command": "node", "args": ["${X}"] } } }');
    expect(await loadConfig(file, { X: 'y' })).toEqual({
      path: file,
      servers: [{ ...stdioDefaults, name: 'a', command: 'node', args: ['y'], cwd: resolve(dir), expandedSecrets: ['y'] }],
      settings: { maxConcurrency: 16, timeoutMs: 60_000, eager: false, startTimeoutMs: 30_000, cancelGraceMs: 5_000, maxResultBytes: 4 * 1024 * 1024, maxResponseBytes: 8 * 1024 * 1024, runs: { ttlMs: 3_600_000, max: 100 } },
      warnings: [],
    });
  });

  it('throws config_not_found when the file does not exist', async () => {
    const file = join(dir, 'missing.json');
    await expect(loadConfig(file, {})).rejects.toMatchObject({
      code: 'config_not_found',
      message: `${file}: expected a readable config file, got no such file (pass --config PATH)`,
    });
  });

  it('throws config_not_found when the path is a directory', async () => {
    const file = join(dir, 'folder');
    await expect(loadConfig(file, {})).rejects.toMatchObject({
      code: 'config_not_found',
      message: `${file}: expected a readable config file, got it is a directory (pass --config PATH)`,
    });
  });

  it('throws config_invalid_json with the parser message when the JSON is malformed', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ "mcpServers": { , } }');
    const error = await loadConfig(file, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ParallelMcpError);
    expect((error as ParallelMcpError).code).toBe('config_invalid_json');
    expect((error as ParallelMcpError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected valid JSON \\(comments and trailing commas allowed, as in VS Code's mcp\\.json\\), got a syntax error: .*\\(line 1, column 19\\)$`));
  });

  it('returns a VS Code file with its own keys reported as warnings and the server using an input disabled', async () => {
    const file = join(FIXTURES, 'vscode-mcp.json');
    const config = await loadConfig(file, {});
    expect(config.servers.map((s) => [s.name, s.transport, s.disabled])).toEqual([
      ['fetch', 'stdio', false],
      ['github', 'http', false],
      ['search', 'http', true],
    ]);
    expect(config.warnings).toEqual([
      `${file}: servers.fetch.envFile: unknown key, ignored`,
      `${file}: servers.fetch.dev: unknown key, ignored`,
      `${file}: servers.github.gallery: unknown key, ignored`,
      `${file}: servers.github.version: unknown key, ignored`,
      `${file}: servers.search.headers.Authorization: server "search" is disabled: it uses VS Code input "\${input:api-key}", which parallel-mcp cannot prompt for; set it through an environment variable instead (e.g. "\${env:API_KEY}")`,
    ]);
  });

  it('returns a Cline file with its own keys loaded and reported as warnings', async () => {
    const file = join(FIXTURES, 'cline-mcp-settings.json');
    const config = await loadConfig(file, {});
    expect(config.servers.map((s) => [s.name, s.transport, s.disabled])).toEqual([['memory', 'stdio', false]]);
    expect(config.warnings).toEqual([
      `${file}: mcpServers.memory.autoApprove: unknown key, ignored`,
      `${file}: mcpServers.memory.alwaysAllow: unknown key, ignored`,
      `${file}: mcpServers.memory.timeout: unknown key, ignored; parallel-mcp's per-server timeout is "timeoutMs", in milliseconds`,
      `${file}: mcpServers.memory.transportType: unknown key, ignored`,
    ]);
  });

  it('returns the repository mcp.json parsed with its three reference servers', async () => {
    const config = await loadConfig(resolve('mcp.json'), { PWD: '/repo' });
    expect(config.servers.map((s) => [s.name, s.transport, s.maxConcurrency])).toEqual([
      ['everything', 'stdio', undefined],
      ['memory', 'stdio', 1],
      ['filesystem', 'stdio', undefined],
    ]);
    expect(config.warnings).toEqual([]);
  });
});

describe('progress-reset timeout keys', () => {
  it('reads resetTimeoutOnProgress and maxTotalTimeoutMs of a server, and bounds the total', () => {
    const config = parseConfig({ mcpServers: { s: { command: 'x', resetTimeoutOnProgress: true, maxTotalTimeoutMs: 600_000 } } }, { path: 'mcp.json', env: {} });
    expect(config.servers[0]).toMatchObject({ resetTimeoutOnProgress: true, maxTotalTimeoutMs: 600_000 });
    expect(() => parseConfig({ mcpServers: { s: { command: 'x', maxTotalTimeoutMs: 0 } } }, { path: 'mcp.json', env: {} })).toThrow(
      'mcp.json: mcpServers.s.maxTotalTimeoutMs: expected an integer number of milliseconds from 1 to 86400000, got 0',
    );
  });
});
