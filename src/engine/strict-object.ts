/**
 * z.strictObject with an error a person can act on: a misspelled field ("dependson",
 * "failure_mod") is not silently dropped — which would quietly change what a plan does —
 * but named, with the nearest known field and the list of fields expected there.
 */
import * as z from 'zod';
import { closeNames } from './close-names.js';

export function strictObject<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFieldsMessage(issue.keys, known) : undefined),
  });
}

export function unknownFieldsMessage(keys: readonly string[], known: readonly string[]): string {
  const named = keys.map((key) => {
    const [near] = closeNames(key, known, 1);
    return near === undefined ? `"${key}"` : `"${key}" (did you mean "${near}"?)`;
  });
  const expected = known.length === 0 ? 'Expected no fields' : `Expected only the fields ${known.map((k) => `"${k}"`).join(', ')}`;
  return `${expected}, got unknown field${keys.length > 1 ? 's' : ''} ${named.join(', ')}`;
}
