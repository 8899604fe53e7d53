/**
 * The longest time any input may ask for, and the words of its error: a timer longer than
 * 2^31 - 1 ms fires at once in Node (and warns). Apart from input-bounds.ts (which re-exports
 * both) so that the config reader at start-up needs no zod to know them.
 */
export const MAX_TIMEOUT_MS = 86_400_000;

export const TIMEOUT_EXPECTED = `expected an integer number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`;
