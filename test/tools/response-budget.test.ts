import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength, jsonByteLengthOmitting } from '../../src/tools/json-size.js';
import { ERROR_ALLOWANCE_BYTES, fitResponse, formatBytes } from '../../src/tools/response-budget.js';

const limits = { maxResultBytes: 1000, maxResponseBytes: 3000 };
const options = { fixedBytes: 100, advice: 'fewer calls per batch' };

describe('fitResponse', () => {
  it('refuses nothing when every result fits', () => {
    expect(fitResponse([{ resultBytes: 900, textBytes: 900 }, undefined, { resultBytes: 500, textBytes: 500 }], limits, options).size).toBe(0);
  });

  it('refuses a result over the per-result limit alone, with its size and the limit', () => {
    const refused = fitResponse([{ resultBytes: 1001, textBytes: 10 }, { resultBytes: 10, textBytes: 10 }], limits, options);
    expect([...refused.keys()]).toEqual([0]);
    expect(refused.get(0)).toEqual({
      code: 'result_too_large',
      message: expect.stringContaining('its result is 1001 bytes, over the per-result limit of 1000 bytes (parallelMcp.maxResultBytes)'),
    });
  });

  it('fails the largest results until the response fits, later ones first among equals, never more than needed', () => {
    const items = [
      { resultBytes: 800, textBytes: 800 },
      { resultBytes: 800, textBytes: 800 },
      { resultBytes: 300, textBytes: 300 },
      undefined,
      { resultBytes: 100, textBytes: 100 },
    ];
    const refused = fitResponse(items, { maxResultBytes: 1000, maxResponseBytes: 3600 }, options);
    // 100 + 1600 + 1600 + 600 + 200 = 4100; without [1]: 4100 - 1600 + the error in its place.
    expect(4100 - 1600 + ERROR_ALLOWANCE_BYTES).toBeLessThanOrEqual(3600);
    expect([...refused.keys()]).toEqual([1]);
    expect(refused.get(1)!.message).toMatch(/takes 1\.6 KiB \(1600 bytes\) of the response .* would make a 4\.0 KiB \(4100 bytes\) response, over the limit of 3\.5 KiB \(3600 bytes\) \(parallelMcp\.maxResponseBytes\).*To get it: fewer calls per batch, or raise parallelMcp\.maxResponseBytes/);
  });

  it('keeps the estimate under the limit for any sizes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.record({ resultBytes: fc.nat(1200), textBytes: fc.nat(1200) }), { nil: undefined }), { maxLength: 30 }), (items) => {
        const refused = fitResponse(items, limits, options);
        let total = options.fixedBytes;
        items.forEach((item, i) => {
          if (!item) return;
          total += refused.has(i) ? ERROR_ALLOWANCE_BYTES : item.resultBytes + item.textBytes;
          if (item.resultBytes > limits.maxResultBytes) expect(refused.has(i)).toBe(true);
        });
        // Refusing every result is the most it can do; short of that it must fit.
        const kept = items.filter((item, i) => item && !refused.has(i)).length;
        if (kept > 0) expect(total).toBeLessThanOrEqual(limits.maxResponseBytes);
      }),
    );
  });

  it('formats sizes with the exact byte count', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(8 * 1024 * 1024)).toBe('8.0 MiB (8388608 bytes)');
  });
});

describe('jsonByteLength', () => {
  it('equals the UTF-8 length of JSON.stringify for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        expect(jsonByteLength(value)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
        expect(jsonByteLength(text)).toBe(Buffer.byteLength(JSON.stringify(text), 'utf8'));
      }),
      { numRuns: 500 },
    );
    expect(jsonByteLength({ a: undefined, b: [undefined, () => 1], c: '\ud800x\u0001"' })).toBe(Buffer.byteLength(JSON.stringify({ a: undefined, b: [undefined, () => 1], c: '\ud800x\u0001"' })));
  });

  it('counts every number as JSON.stringify prints it: integers, fractions, exponents, -0, non-finite (property)', () => {
    const edges = [0, -0, 9, 10, 99, 100, -1, -10, 1e20, 1e21 - 65536, 1e21, -1e21, 123456789012345680000, 2 ** 53, 0.1, 1e-7, 5e-324, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity];
    for (const n of edges) expect(jsonByteLength(n)).toBe(JSON.stringify(n).length);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.maxSafeInteger()), (n) => {
        expect(jsonByteLength(n)).toBe(JSON.stringify(n).length);
        expect(jsonByteLength([n, { n }])).toBe(JSON.stringify([n, { n }]).length);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts numbers with one decimal (rounded timings) as JSON.stringify prints them (property)', () => {
    for (const n of [0.1, -0.1, 0.5, 9.9, 10.1, 99.9, 100.5, -123.4, 1e13 + 0.5, 99999999999999.9, 999999999999999.9, 1e15 + 0.5]) expect(jsonByteLength(n)).toBe(JSON.stringify(n).length);
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 16), max: 10 ** 16 }), fc.double({ min: -1e7, max: 1e7, noNaN: true }), (k, x) => {
        const tenth = k / 10;
        const rounded = Math.round(x * 10) / 10;
        expect(jsonByteLength(tenth)).toBe(JSON.stringify(tenth).length);
        expect(jsonByteLength(rounded)).toBe(JSON.stringify(rounded).length);
        expect(jsonByteLength(Math.round((rounded - 0.3) * 10) / 10)).toBe(JSON.stringify(Math.round((rounded - 0.3) * 10) / 10).length);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts own enumerable members only, as JSON.stringify does', () => {
    const withInherited = Object.assign(Object.create({ inherited: 'x' }) as Record<string, unknown>, { own: 1 });
    expect(jsonByteLength({ nested: withInherited })).toBe(JSON.stringify({ nested: withInherited }).length);
    expect(jsonByteLengthOmitting(withInherited, 'none')).toBe(JSON.stringify(withInherited).length);
  });

  it('measures an object without one member as JSON.stringify does (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), fc.string({ maxLength: 6 }), (object, omitted) => {
        const { [omitted]: _left, ...rest } = object;
        expect(jsonByteLengthOmitting(object, omitted)).toBe(Buffer.byteLength(JSON.stringify(rest), 'utf8'));
      }),
      { numRuns: 1000 },
    );
  });
});
