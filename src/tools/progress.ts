/**
 * notifications/progress for a tools/call, sent only when the client asked for it with a
 * progressToken. progress must increase with each notification (MCP 2025-11-25), so it
 * counts finished units, and news between two units (`note`: a downstream task's status)
 * takes a fraction of the next unit: after k units, the n-th note is k + n/(n+1) — above
 * everything sent before, below k + 1.
 */
export interface ProgressExtra {
  _meta?: { progressToken?: string | number; [key: string]: unknown };
  sendNotification: (notification: {
    method: 'notifications/progress';
    params: { progressToken: string | number; progress: number; total?: number; message?: string };
  }) => Promise<void>;
}

export interface ProgressReporter {
  (done: number, total: number, message: string): void;
  /** News with no unit finished: progress rises within the current unit, `message` says what happened. */
  note(message: string, total: number): void;
  /**
   * Resolves once every notification sent so far has been handed to the transport. Await it
   * before answering: a notification that leaves after the response is one the client can
   * no longer match to its request.
   */
  flush(): Promise<void>;
}

export function createProgressReporter(extra: ProgressExtra): ProgressReporter {
  const token = extra._meta?.progressToken;
  let last = 0;
  /** Units finished, and notes sent since the last one. */
  let units = 0;
  let notes = 0;
  // A count of notifications not yet handed over, not a chain of promises per notification.
  let pending = 0;
  let waiting: Array<() => void> = [];
  const handedOver = (): void => {
    pending -= 1;
    if (pending > 0) return;
    const resolve = waiting;
    waiting = [];
    for (const done of resolve) done();
  };
  const send = (progress: number, total: number, message: string): void => {
    last = progress;
    pending += 1;
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token!, progress, total, message } })
      .then(handedOver, handedOver); // the client may have gone away; progress is best effort
  };
  const flush = (): Promise<void> => (pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)));
  const report = (done: number, total: number, message: string): void => {
    if (token === undefined || done <= last) return;
    units = done;
    notes = 0;
    send(done, total, message);
  };
  const note = (message: string, total: number): void => {
    if (token === undefined) return;
    notes += 1;
    const progress = units + notes / (notes + 1);
    if (progress > last) send(progress, total, message);
  };
  return Object.assign(report, { note, flush });
}
