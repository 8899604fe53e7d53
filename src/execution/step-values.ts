/** A finished step's value as references see it: shared by every step kind. */
import { valueOfResult } from '../engine/outcome.js';
import type { StepRecord } from '../engine/scheduler.js';

/** A finished step's value for references: its result's value, or (under `continue`) its error. */
export function lookupValue(
  records: ReadonlyMap<string, StepRecord>,
  id: string,
): { found: true; value: unknown } | { found: false } {
  const record = records.get(id);
  if (!record) return { found: false };
  if (record.status === 'ok' && record.result) return { found: true, value: valueOfResult(record.result) };
  if (record.error) return { found: true, value: { error: record.error } };
  return { found: false };
}
