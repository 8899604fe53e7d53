import { describe, expect, it } from 'vitest';
import { createProgressReporter, type ProgressExtra } from '../../src/tools/progress.js';

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

function slowClient() {
  const sent: Array<{ progress: number; release: () => void }> = [];
  const extra: ProgressExtra = {
    _meta: { progressToken: 't' },
    sendNotification: (notification) =>
      new Promise<void>((resolve, reject) => {
        sent.push({ progress: notification.params.progress, release: notification.params.progress === 2 ? () => reject(new Error('gone')) : resolve });
      }),
  };
  return { extra, sent };
}

describe('createProgressReporter flush', () => {
  it('flushes once every notification sent so far is handed over, a failed one included', async () => {
    const { extra, sent } = slowClient();
    const report = createProgressReporter(extra);
    report(1, 3, '1/3');
    report(1, 3, 'again'); // progress must increase: not sent
    report(2, 3, '2/3');
    expect(sent.map((s) => s.progress)).toEqual([1, 2]);
    let flushed = false;
    const flushing = report.flush().then(() => {
      flushed = true;
    });
    sent[0]!.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(flushed).toBe(false);
    sent[1]!.release();
    await flushing;
    expect(flushed).toBe(true);
    await report.flush(); // nothing pending: at once
  });

  it('sends nothing without a progressToken', async () => {
    const { sent } = slowClient();
    const report = createProgressReporter({ sendNotification: () => Promise.resolve() });
    report(1, 1, 'done');
    await report.flush();
    expect(sent).toEqual([]);
  });
});
