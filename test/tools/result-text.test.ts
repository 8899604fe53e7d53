import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ToolResult } from '../../src/engine/outcome.js';
import { resultText } from '../../src/tools/result-text.js';
import { previousResultText } from '../helpers/previous-result-text.js';

describe('resultText', () => {
  it('gives every text block in full, however long', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i}`).join('\n');
    expect(resultText({ content: [{ type: 'text', text: long }, { type: 'text', text: 'second' }] })).toBe(`${long}\nsecond`);
  });

  it('describes images, audio, blobs and links in one line each, and keeps an embedded text resource', () => {
    const text = resultText({
      content: [
        { type: 'image', mimeType: 'image/png', data: 'A'.repeat(12 * 1024) },
        { type: 'audio', mimeType: 'audio/wav', data: 'AAAA' },
        { type: 'resource_link', uri: 'file:///a.txt', name: 'a', mimeType: 'text/plain' },
        { type: 'resource', resource: { uri: 'file:///b.txt', mimeType: 'text/plain', text: 'b body' } },
        { type: 'resource', resource: { uri: 'file:///c.bin', blob: 'QUJD' } },
      ],
    });
    expect(text.split('\n')).toEqual([
      '[image image/png, 12 kB base64; the data is in structuredContent]',
      '[audio audio/wav, 4 B base64; the data is in structuredContent]',
      '[resource link file:///a.txt "a" (text/plain)]',
      '[resource file:///b.txt (text/plain)]',
      'b body',
      '[resource file:///c.bin, 4 B base64; the data is in structuredContent]',
    ]);
  });

  it('gives structuredContent as JSON when the result has no text', () => {
    expect(resultText({ content: [], structuredContent: { a: [1, 2] } })).toBe('{"a":[1,2]}');
    expect(resultText({ structuredContent: { a: 1 } })).toBe('{"a":1}');
  });

  it('gives the text content, not a second JSON copy, when a result has both', () => {
    expect(resultText({ content: [{ type: 'text', text: '{"a": 1}' }], structuredContent: { a: 1 } })).toBe('{"a": 1}');
  });

  it('answers what it answered before its one-text-block fast path, for any result (property)', () => {
    const block = fc.oneof(
      fc.record({ type: fc.constant('text'), text: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()) }, { requiredKeys: ['type'] }),
      fc.record({ type: fc.constantFrom('image', 'audio', 'resource_link', 'resource', 'other'), data: fc.string(), uri: fc.string(), resource: fc.record({ text: fc.string() }) }),
      fc.constantFrom(null, 7, 'text', undefined),
    );
    const result = fc.record(
      { content: fc.oneof(fc.array(block, { maxLength: 3 }), fc.constant(undefined)), structuredContent: fc.jsonValue({ maxDepth: 2 }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(result, (r) => {
        expect(resultText(r as ToolResult)).toBe(previousResultText(r as ToolResult));
      }),
      { numRuns: 2000 },
    );
  });
});
