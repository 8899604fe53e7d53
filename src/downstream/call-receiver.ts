/**
 * Who hears of a call started with DownstreamPool.startCall (a flat batch, execution/flat-batch.ts),
 * by the caller's own number for the call: what callTool's promise and its options' `onSent` and
 * `onLateAnswer` closures tell, without a promise, a reaction or a closure per call. The calls
 * of a batch share one receiver. The outcome is told once, when callTool's promise's reaction
 * would have run: a microtask after the call ended (tellLater), never within startCall itself;
 * `callSent` comes within it when the request is written at once, as `onSent` does.
 */
import type { CallOutcome, LateAnswer } from '../engine/outcome.js';

export interface CallReceiver {
  /** Call `key`'s request is being sent now (CallOptions.onSent). */
  callSent(key: number): void;
  /** Call `key` ended: its outcome (callTool's promise's value), once. */
  callReported(key: number, outcome: CallOutcome): void;
  /** The answer of call `key`, timed out or cancelled, that the server sent anyway within the grace (CallOptions.onLateAnswer). */
  callLate(key: number, answer: LateAnswer): void;
}

/** CallOptions whose `onSent` and `onLateAnswer` tell `receiver` (the paths that take closures: the SDK Client, a slot waited for). */
export function optionsTelling<T extends { onSent?: () => void; onLateAnswer?: (answer: LateAnswer) => void }>(options: T, receiver: CallReceiver, key: number): T {
  return { ...options, onSent: () => receiver.callSent(key), onLateAnswer: (answer: LateAnswer) => receiver.callLate(key, answer) };
}

/**
 * Tells `receiver` of call `key`'s outcome a microtask from now, where a promise resolved now
 * would run its reaction, in the same place in the microtask queue (so the order against every
 * other microtask is the promise path's): one reaction of a shared function on a resolved
 * promise per outcome, which tells the oldest outcome waiting (reactions run in the order they
 * were queued), instead of a promise, its resolving functions, a reaction and two closures.
 * Not queueMicrotask: Node makes an AsyncResource and a bound function for each.
 */
export function tellLater(receiver: CallReceiver, key: number, outcome: CallOutcome): void {
  waitingReceivers.push(receiver);
  waitingKeys.push(key);
  waitingOutcomes.push(outcome);
  void RESOLVED.then(tellOldest);
}

const RESOLVED = Promise.resolve();
/** The outcomes told by tellLater not yet handed on, oldest first from `oldest`. */
const waitingReceivers: Array<CallReceiver | undefined> = [];
const waitingKeys: number[] = [];
const waitingOutcomes: Array<CallOutcome | undefined> = [];
let oldest = 0;

function tellOldest(): void {
  const k = oldest;
  const receiver = waitingReceivers[k]!;
  const outcome = waitingOutcomes[k]!;
  const key = waitingKeys[k]!;
  waitingReceivers[k] = undefined;
  waitingOutcomes[k] = undefined;
  if (k + 1 === waitingReceivers.length) {
    // None left: the lists start again (no growth over a long run).
    waitingReceivers.length = 0;
    waitingKeys.length = 0;
    waitingOutcomes.length = 0;
    oldest = 0;
  } else {
    oldest = k + 1;
  }
  receiver.callReported(key, outcome);
}
