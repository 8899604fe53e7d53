/**
 * notifications/progress for a tools/call, sent only when the client asked for it with a
 * progressToken. progress must increase, so it counts finished units.
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
  let sent: Promise<void> = Promise.resolve();
  const report = (done: number, total: number, message: string): void => {
    if (token === undefined || done <= last) return;
    last = done;
    const sending = extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: done, total, message } })
      .catch(() => {
        /* the client may have gone away; progress is best effort */
      });
    sent = Promise.all([sent, sending]).then(() => undefined);
  };
  return Object.assign(report, { flush: () => sent });
}
