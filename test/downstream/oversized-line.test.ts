import { describe, expect, it } from 'vitest';
import { OversizedLine } from '../../src/downstream/oversized-line.js';

function lineOf(text: string, pieces = 7): OversizedLine {
  const line = new OversizedLine();
  const bytes = Buffer.from(text, 'utf8');
  const size = Math.ceil(bytes.length / pieces);
  for (let at = 0; at < bytes.length; at += size) line.add(bytes.subarray(at, at + size));
  return line;
}

const filler = 'x'.repeat(50_000);

describe('OversizedLine', () => {
  it('reads the id at the end of the line, as SDK servers write it', () => {
    const line = lineOf(JSON.stringify({ result: { content: [{ type: 'text', text: filler }] }, jsonrpc: '2.0', id: 12 }));
    expect(line.id()).toBe(12);
    expect(line.bytes).toBeGreaterThan(50_000);
    expect(lineOf(JSON.stringify({ result: { text: filler }, jsonrpc: '2.0', id: 'pm-7' })).id()).toBe('pm-7');
  });

  it('reads the id at the start of the line (jsonrpc, id, result order)', () => {
    expect(lineOf(JSON.stringify({ jsonrpc: '2.0', id: 'pm-3', result: { text: filler } })).id()).toBe('pm-3');
    expect(lineOf(JSON.stringify({ id: 4, jsonrpc: '2.0', result: { text: filler } })).id()).toBe(4);
  });

  it('takes no id of a nested object, and none from a line without one', () => {
    expect(lineOf(JSON.stringify({ jsonrpc: '2.0', result: { text: filler, item: { id: 5 } } })).id()).toBeUndefined();
    expect(lineOf(JSON.stringify({ result: { item: { id: 5 }, text: filler } })).id()).toBeUndefined();
    expect(lineOf(JSON.stringify(filler)).id()).toBeUndefined();
  });
});
