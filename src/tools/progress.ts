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

export type ProgressReporter = (done: number, total: number, message: string) => void;

export function createProgressReporter(extra: ProgressExtra): ProgressReporter {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => {};
  let last = 0;
  return (done, total, message) => {
    if (done <= last) return;
    last = done;
    extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: done, total, message } })
      .catch(() => {
        /* the client may have gone away; progress is best effort */
      });
  };
}
