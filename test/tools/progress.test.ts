import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../src/tools/progress.js';

function recorder() {
  const sent: Array<{ progress: number; total?: number; message?: string }> = [];
  const reporter = createProgressReporter({
    _meta: { progressToken: 't' },
    sendNotification: async (n) => void sent.push({ progress: n.params.progress, total: n.params.total, message: n.params.message }),
  });
  return { sent, reporter };
}

describe('createProgressReporter', () => {
  it('sends notes as strictly increasing fractions within the current unit, below the next one', () => {
    const { sent, reporter } = recorder();
    reporter.note('a working', 3);
    reporter.note('a still working', 3);
    reporter(1, 3, '1/3 done');
    reporter.note('b working', 3);
    reporter(1, 3, 'the same unit again');
    for (let i = 0; i < 1000; i++) reporter.note(`b ${i}`, 3);
    reporter(2, 3, '2/3 done');
    const values = sent.map((s) => s.progress);
    expect(values.slice(0, 4)).toEqual([0.5, 2 / 3, 1, 1.5]);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
    expect(values.at(-1)).toBe(2);
    expect(values.at(-2)).toBeLessThan(2);
    expect(sent.filter((s) => s.message === 'the same unit again')).toEqual([]);
  });

  it('sends nothing without a progressToken', () => {
    const sent: unknown[] = [];
    const reporter = createProgressReporter({ sendNotification: async (n) => void sent.push(n) });
    reporter.note('x', 1);
    reporter(1, 1, 'done');
    expect(sent).toEqual([]);
  });
});
