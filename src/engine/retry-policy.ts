/** Exponential backoff with jitter between retry attempts. Pure. */

export interface RetryPolicy {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Each further retry waits `factor` times longer. */
  factor: number;
  /** Upper bound of a delay, before jitter. */
  maxMs: number;
  /** 0..1: a delay is drawn from [d * (1 - jitter), d]. */
  jitter: number;
}

/** Frozen: every run without its own `retry` shares it. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({ baseMs: 250, factor: 2, maxMs: 10_000, jitter: 0.2 });

/** The wait after failed attempt number `attempt` (1-based); `random` returns [0, 1). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return nominal * (1 - jitter * random());
}
