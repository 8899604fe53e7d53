import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { checkedToolResult, plainTextResult } from '../../src/server/lean-tool-result.js';

const textBlock = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string() }),
  // Shapes the hand check leaves to the schema.
  fc.record({ text: fc.string(), type: fc.constant('text') }),
  fc.record({ type: fc.constant('text'), text: fc.string(), annotations: fc.constant({ priority: 0.5 }) }),
  fc.record({ type: fc.constantFrom('text', 'image'), text: fc.oneof(fc.string(), fc.integer()) }),
  fc.record({ type: fc.constant('image'), data: fc.string(), mimeType: fc.constant('image/png') }),
  fc.constant(null),
);

const result = fc.oneof(
  fc.record(
    {
      content: fc.oneof(fc.array(textBlock, { maxLength: 3 }), fc.constant('text' as unknown)),
      structuredContent: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })), fc.constant([1, 2] as unknown), fc.constant(null as unknown)),
      isError: fc.oneof(fc.boolean(), fc.constant('yes' as unknown)),
      _meta: fc.constant({ note: 1 } as unknown),
      extra: fc.constant(1 as unknown),
    },
    { requiredKeys: [] },
  ),
  // Keys in another order than the schema's.
  fc.record({ isError: fc.boolean(), structuredContent: fc.dictionary(fc.string({ maxLength: 4 }), fc.integer()), content: fc.array(textBlock, { maxLength: 2 }) }),
);

describe('checkedToolResult', () => {
  it('answers what the SDK sends after its CallToolResultSchema parse, byte for byte, for any result (property)', () => {
    fc.assert(
      fc.property(result, (r) => {
        const input = r as Record<string, unknown>;
        const schema = CallToolResultSchema.safeParse(input);
        const checked = checkedToolResult(input);
        expect(checked.ok).toBe(schema.success);
        if (checked.ok && schema.success) expect(JSON.stringify(checked.result)).toBe(JSON.stringify(schema.data));
        if (!checked.ok && !schema.success) expect(checked.message).toBe(schema.error.message);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes by hand the run tools\' shape, and leaves every other shape to the schema', () => {
    expect(plainTextResult({ content: [{ type: 'text', text: 'a' }], structuredContent: { run_id: 'r' }, isError: false })).toBeDefined();
    expect(plainTextResult({ content: [{ type: 'text', text: 'a' }], isError: true })).toBeDefined();
    expect(plainTextResult({ content: [{ text: 'a', type: 'text' }] })).toBeUndefined();
    expect(plainTextResult({ content: [{ type: 'text', text: 'a' }], _meta: {} })).toBeUndefined();
    expect(plainTextResult({ content: [], structuredContent: [] as unknown as Record<string, unknown> })).toBeUndefined();
  });

  it('answers a result whose members already come in the schema\'s order as it is, and reorders any other', () => {
    const inOrder = { content: [{ type: 'text', text: 'a' }], structuredContent: { run_id: 'r' }, isError: false };
    expect(plainTextResult(inOrder)).toBe(inOrder);
    const reordered = { isError: false, content: [{ type: 'text', text: 'a' }] };
    const answered = plainTextResult(reordered)!;
    expect(answered).not.toBe(reordered);
    expect(JSON.stringify(answered)).toBe('{"content":[{"type":"text","text":"a"}],"isError":false}');
    const withUndefined = { content: [{ type: 'text', text: 'a' }], structuredContent: undefined, isError: true };
    expect(JSON.stringify(plainTextResult(withUndefined))).toBe(JSON.stringify(CallToolResultSchema.parse(withUndefined)));
  });
});
