import { describe, expect, it } from 'vitest';
import { resultText } from '../../src/tools/result-text.js';

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
});
