import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { causeLines, StderrTail } from '../../src/downstream/stderr-tail.js';

describe('causeLines', () => {
  it("returns Node's 'Cannot find module' line first when node is started at a wrong path", () => {
    const run = spawnSync(process.execPath, ['/nonexistent/parallel-mcp/server.js'], { encoding: 'utf8' });
    const lines = run.stderr.split('\n');
    expect(lines.slice(-3)).toEqual(['', `Node.js ${process.version}`, '']); // what the last 5 lines showed
    expect(causeLines(lines)).toEqual(["Error: Cannot find module '/nonexistent/parallel-mcp/server.js'", "code: 'MODULE_NOT_FOUND',", 'requireStack: []', '}']);
  });

  it('returns the error line and the last four when more follow it', () => {
    const lines = ['TypeError: x is not a function', ...Array.from({ length: 8 }, (_, i) => `line ${i}`)];
    expect(causeLines(lines)).toEqual(['TypeError: x is not a function', 'line 4', 'line 5', 'line 6', 'line 7']);
  });

  it('returns the last five telling lines when none names an error', () => {
    expect(causeLines(['a', '', 'b', '    at f (x.js:1:1)', 'c', 'd', 'e', 'f'])).toEqual(['b', 'c', 'd', 'e', 'f']);
  });

  it("returns a Python traceback's last line", () => {
    const lines = ['Traceback (most recent call last):', '  File "/srv/x.py", line 1, in <module>', '    import nope', "ModuleNotFoundError: No module named 'nope'"];
    expect(causeLines(lines)).toEqual(["ModuleNotFoundError: No module named 'nope'"]);
  });
});

describe('StderrTail', () => {
  it('returns the last error line, cut at 500 characters', () => {
    const tail = new StderrTail();
    for (let i = 0; i < 60; i++) tail.push(`Error: ${i} ${'x'.repeat(600)}`);
    const [line] = tail.causeLines();
    expect([line!.length, line!.startsWith('Error: 59 ')]).toEqual([500, true]);
  });
});
