import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { checkToolResult } from '../../src/downstream/tool-result-check.js';

/** What the SDK's zod parse makes of a result (the SDK path), in checkToolResult's terms. */
function viaSdk(value: unknown) {
  const parsed = CallToolResultSchema.safeParse(value);
  return parsed.success ? { ok: true, result: parsed.data } : { ok: false };
}

const SAMPLES: Record<string, unknown> = {
  'text blocks': { content: [{ type: 'text', text: 'a' }, { type: 'text', text: '' }] },
  'empty content': { content: [] },
  'structuredContent and isError': { content: [{ type: 'text', text: '{}' }], structuredContent: { a: [1, { b: null }] }, isError: true },
  'extra top-level keys (kept)': { content: [], extra: { x: 1 } },
  'no content (defaulted)': { structuredContent: { a: 1 } },
  'a text block with an extra key (stripped)': { content: [{ type: 'text', text: 'a', extra: 1 }] },
  'annotations': { content: [{ type: 'text', text: 'a', annotations: { audience: ['user'], priority: 0.5 } }] },
  '_meta': { content: [], _meta: { 'x/y': 1 } },
  'an image': { content: [{ type: 'image', data: 'aGk=', mimeType: 'image/png' }] },
  'an embedded resource': { content: [{ type: 'resource', resource: { uri: 'file:///a', text: 'a' } }] },
  'a resource link': { content: [{ type: 'resource_link', uri: 'file:///a', name: 'a' }] },
  'content not an array': { content: 'no' },
  'a text block without text': { content: [{ type: 'text' }] },
  'a block of no known type': { content: [{ type: 'video', url: 'x' }] },
  'a null block': { content: [null] },
  'structuredContent an array': { content: [], structuredContent: [1] },
  'structuredContent null': { content: [], structuredContent: null },
  'isError a string': { content: [], isError: 'yes' },
  'not an object': 'text',
  'null': null,
  'an array': [],
};

describe('checkToolResult', () => {
  for (const [name, value] of Object.entries(SAMPLES)) {
    it(`accepts, turns and refuses like the SDK's CallToolResultSchema: ${name}`, () => {
      const checked = checkToolResult(value);
      expect(checked.ok ? { ok: true, result: checked.result } : { ok: false }).toEqual(viaSdk(value));
    });
  }

  it('hands back a plain text result itself, without a copy', () => {
    const value = { content: [{ type: 'text', text: 'a' }], structuredContent: { n: 1 } };
    const checked = checkToolResult(value);
    expect(checked.ok && checked.result).toBe(value);
  });

  it('names the JSON path and what came for a broken result', () => {
    expect(checkToolResult({ content: 'no' })).toEqual({ ok: false, problem: 'result.content: Invalid input: expected array, received string' });
    expect(checkToolResult({ content: [{ type: 'text', text: 'a' }, { type: 'text', text: 3 }] })).toEqual({
      ok: false,
      problem: 'result.content[1].text: Invalid input: expected string, received number',
    });
  });
});
