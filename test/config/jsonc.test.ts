/**
 * mcp.json with comments and trailing commas (VS Code's format): read as VS Code reads it,
 * plain JSON unchanged, and a syntax error placed by line and column.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { blankCommentsAndTrailingCommas, parseJsonc } from '../../src/config/jsonc.js';

describe('parseJsonc', () => {
  it('reads a VS Code mcp.json with line and block comments and trailing commas', () => {
    const text = [
      '{',
      '  // Servers for this workspace',
      '  "servers": {',
      '    "fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch",], }, /* the fetch server */',
      '  },',
      '  "inputs": [],',
      '}',
    ].join('\n');
    expect(parseJsonc(text)).toEqual({ servers: { fetch: { type: 'stdio', command: 'uvx', args: ['mcp-server-fetch'] } }, inputs: [] });
  });

  it('leaves comment and comma look-alikes inside strings alone', () => {
    const text = '{ "url": "https://example.com//x", "glob": "/* not a comment */", "s": "a,}", "q": "say \\"//\\",]", }';
    expect(parseJsonc(text)).toEqual({ url: 'https://example.com//x', glob: '/* not a comment */', s: 'a,}', q: 'say "//",]' });
  });

  it('does not take a comma with no value before it for a trailing comma', () => {
    expect(() => parseJsonc('{ "mcpServers": { , } }')).toThrow(/line 1, column 19/);
    expect(() => parseJsonc('[1,,]')).toThrow();
    expect(() => parseJsonc('[,]')).toThrow();
  });

  it('names the line and column of a syntax error, counted in the file as written', () => {
    const text = '{\n  // a comment\n  "mcpServers": {\n    "a": { "command": "node" "args": [] }\n  }\n}';
    expect(() => parseJsonc(text)).toThrow(/\(line 4, column 30\)/);
  });

  it('parses every JSON document as JSON.parse does, and the same document with comments and trailing commas added', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('// note\n', '/* note, } ] */', '\n'), (value, comment) => {
        const text = JSON.stringify(value, null, 2);
        expect(parseJsonc(text)).toEqual(JSON.parse(text));
        // A comment before every line break and a comma before every closing bracket of a non-empty container.
        const withCommas = text.replace(/([^\s[{,])(\n\s*[}\]])/g, '$1,$2');
        if (/[[{]\n/.test(text)) expect(withCommas).not.toBe(text);
        const decorated = withCommas.replace(/\n/g, ` ${comment}\n`);
        if (decorated !== text && comment !== '\n') expect(() => JSON.parse(decorated)).toThrow();
        expect(parseJsonc(decorated)).toEqual(JSON.parse(text));
        expect(blankCommentsAndTrailingCommas(decorated).length).toBe(decorated.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadConfig with comments', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pmcp-jsonc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a commented VS Code file', async () => {
    const file = join(dir, 'mcp.json');
    await writeFile(file, '{\n  // VS Code allows comments\n  "servers": {\n    "everything": { "type": "stdio", "command": "node", "args": ["x.js"], },\n  },\n}\n');
    const config = await loadConfig(file, {});
    expect(config.servers.map((s) => [s.name, s.transport, s.command, s.args])).toEqual([['everything', 'stdio', 'node', ['x.js']]]);
  });

  it('says where the syntax error is and that comments are allowed', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "mcpServers": {\n    "a": { "command": "node" }\n    "b": {}\n  }\n}\n');
    await expect(loadConfig(file, {})).rejects.toMatchObject({
      code: 'config_invalid_json',
      message: expect.stringMatching(/: expected valid JSON \(comments and trailing commas allowed, as in VS Code's mcp\.json\), got a syntax error: .*\(line 4, column 5\)$/),
    });
  });
});
