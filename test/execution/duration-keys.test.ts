import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callShapeKey, canonicalJson, toolDurationKey } from '../../src/execution/duration-keys.js';

describe('duration keys', () => {
  it('returns the same call shape key whatever the order of argument keys', () => {
    const tool = toolDurationKey('fs', 'read');
    expect(callShapeKey(tool, { b: 1, a: { y: [1, 2], x: null } })).toBe(callShapeKey(tool, { a: { x: null, y: [1, 2] }, b: 1 }));
    expect(callShapeKey(tool, { a: 1 })).not.toBe(callShapeKey(tool, { a: 2 }));
  });

  it('returns a key that holds a digest, not the arguments', () => {
    const key = callShapeKey('api/call', { token: 'sk-SECRET-123' });
    expect(key).toMatch(/^api\/call#[A-Za-z0-9_-]{16}$/);
    expect(key).not.toContain('SECRET');
  });

  it('returns canonical JSON with sorted keys', () => {
    expect(canonicalJson({ z: 1, a: [{ d: 2, c: 'x' }] })).toBe('{"a":[{"c":"x","d":2}],"z":1}');
    expect(toolDurationKey(undefined, 't')).toBe('?/t');
  });

  it('returns the SHA-256 prefix of the canonical JSON, keys already in order or not (keys saved earlier stay valid)', () => {
    const reference = (args: Record<string, unknown>) => `t/x#${createHash('sha256').update(canonicalJson(args)).digest('base64url').slice(0, 16)}`;
    for (const args of [{}, { message: 'm1' }, { a: 1, b: [1, { c: 'é', d: null }] }, { b: 1, a: 2 }, { 10: 'x', 9: 'y' }, { a: { z: 1, y: 2 } }]) {
      expect(callShapeKey('t/x', args)).toBe(reference(args));
    }
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (args) => callShapeKey('t/x', args) === reference(args)), { numRuns: 300 });
  });

  it('returns the same keys when arguments come again, short or long, after more distinct ones than the digest cache keeps', () => {
    const reference = (args: Record<string, unknown>) => `t/x#${createHash('sha256').update(canonicalJson(args)).digest('base64url').slice(0, 16)}`;
    const args = [...Array.from({ length: 5000 }, (_, i) => ({ message: `m${i}` })), { long: 'x'.repeat(600) }, { long: 'y'.repeat(600) }];
    for (let round = 0; round < 3; round++) {
      const keys = args.map((a) => callShapeKey('t/x', a));
      expect(keys.filter((key, i) => key !== reference(args[i]!))).toEqual([]);
    }
    expect(new Set(args.map((a) => callShapeKey('t/x', a))).size).toBe(args.length);
  });
});
