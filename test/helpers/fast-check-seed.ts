/**
 * Vitest setup: every property test draws its inputs from one seed, so that `npm test` runs
 * the same cases wherever it runs, CI included (a property that fails there fails here too).
 * FC_SEED=<integer> runs them from another seed; FC_SEED=random from a new one each time
 * (fast-check prints it with a failure, to replay). A test that names its own seed keeps it.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261201;
const chosen = process.env.FC_SEED;

if (chosen !== 'random') {
  const seed = chosen === undefined || chosen === '' ? DEFAULT_SEED : Number(chosen);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED: expected an integer or "random", got ${JSON.stringify(chosen)}`);
  fc.configureGlobal({ seed });
}
