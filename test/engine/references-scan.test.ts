import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsTemplate, parseTemplate, NO_TEMPLATE, referencedStepIds, templateIds, scanReferences, type InvalidReference } from '../../src/engine/references.js';
import { loadCorpus } from '../../bench/corpus/corpus.js';
import { generatePlan } from '../../bench/generate-plan.js';
import { previousHoldsTemplate, previousParseTemplate, previousScanReferences } from '../helpers/previous-references.js';

/** Strings dense in the template syntax: braces, escapes, ids, paths, quotes. */
const PARTS = ['{{', '}}', '\\{{', '\\', '{', '}', 'a', 'step_1', '.x', '[0]', '["k"]', "['k']", ' ', '"', 'é', '{{a}}', '{{ b .x }}', '{{}}', 'text'];
const templateText = fc.array(fc.constantFrom(...PARTS), { maxLength: 12 }).map((parts) => parts.join(''));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, templateText, fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'odd key', 'x.y'), tie('node'), { maxKeys: 3 })),
})).node;

describe('parseTemplate against the previous scanner (test/helpers/previous-references.ts)', () => {
  it('splits generated strings into the same literals, references and problems', () => {
    fc.assert(
      fc.property(fc.oneof(templateText, fc.string()), (text) => {
        const invalid: InvalidReference[] = [];
        const before: InvalidReference[] = [];
        expect({ segments: parseTemplate(text, 'at', invalid), invalid }).toEqual({ segments: previousParseTemplate(text, 'at', before), invalid: before });
      }),
      { numRuns: 5000, seed: 5 },
    );
  });

  it('scans generated values alike, and holdsTemplate agrees', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(scanReferences(v)).toEqual(previousScanReferences(v));
        expect(holdsTemplate(v)).toBe(previousHoldsTemplate(v));
      }),
      { numRuns: 2000, seed: 6 },
    );
  });

  it('scans the corpus plans and generated plans alike', () => {
    const steps = [...loadCorpus().flatMap((p) => p.steps), ...generatePlan(500, 1)];
    expect(steps.length).toBeGreaterThan(500);
    for (const step of steps) {
      for (const v of [step.arguments, (step as { prompt?: unknown }).prompt]) expect(scanReferences(v)).toEqual(previousScanReferences(v));
    }
  });

  it('keeps escapes, unclosed and malformed references as before (examples)', () => {
    for (const text of ['\\{{{a}}', 'a{{{b}}', '{{a}}\\{{b}}', '\\{{{{a}}', 'x {{a', '{{a}}{{b}}', '{{ b .x }}', 'plain', '\\{{', '{{a}}tail']) {
      const invalid: InvalidReference[] = [];
      const before: InvalidReference[] = [];
      expect({ text, segments: parseTemplate(text, '', invalid), invalid }).toEqual({ text, segments: previousParseTemplate(text, '', before), invalid: before });
    }
  });
});

describe('templateIds against holdsTemplate and scanReferences (the path it bypasses)', () => {
  /** What certainEdges read before: no template, the ids of the well-formed references, or undefined when there is a malformed one. */
  const viaScan = (v: unknown) => {
    if (!holdsTemplate(v)) return 'none';
    const scanned = scanReferences(v);
    return scanned.invalid.length > 0 ? undefined : referencedStepIds(scanned.references);
  };
  const viaNew = (v: unknown) => {
    const ids = templateIds(v);
    return ids === NO_TEMPLATE ? 'none' : ids;
  };
  const ids = fc.constantFrom('a', 'step_1', 'b-2', 'x\u007f', 'é', '$', '`', '~z');
  const denseText = fc.array(fc.oneof(fc.constantFrom(...PARTS), ids.map((id) => `{{${id}}}`), ids), { maxLength: 12 }).map((parts) => parts.join(''));
  const dense: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, denseText, fc.string(), fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'odd key'), tie('node'), { maxKeys: 3 })),
  })).node;

  it('tells values without a template apart, and gives the same ids, or undefined exactly when a reference is malformed, on generated values', () => {
    fc.assert(
      fc.property(fc.oneof(value, dense), (v) => {
        expect(viaNew(v)).toEqual(viaScan(v));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it('gives the same on the corpus plans, generated plans and examples', () => {
    const steps = [...loadCorpus().flatMap((p) => p.steps), ...generatePlan(500, 1)];
    let withIds = 0;
    for (const step of steps) {
      for (const v of [step.arguments, (step as { prompt?: unknown }).prompt]) {
        expect(viaNew(v)).toEqual(viaScan(v));
        if ((templateIds(v)?.length ?? 0) > 0) withIds++;
      }
    }
    expect(withIds).toBeGreaterThan(100);
    for (const text of ['{{a}}{{a}}{{b}}', '{{ a }}', '{{a.x}}', '{{a[0]}}', '{{}}', '{{ }}', '{{a', '\\{{a}}', '\\{{{{a}}', '{{\u00a0a}}', '{{a\u2028}}', '{{"a"}}', "{{a'}}", '{{a{b}}']) {
      expect({ text, ids: viaNew({ k: [text] }) }).toEqual({ text, ids: viaScan({ k: [text] }) });
    }
  });
});
