/**
 * Small facts about steps that both ways of running them need (run-steps.ts through the
 * scheduler, flat-batch.ts without it); run-steps.ts re-exports them.
 */
import type { ResolvedTool } from '../downstream/pool.js';
import type { CallError } from '../engine/outcome.js';

export function isResolved(resolution: ResolvedTool | CallError): resolution is ResolvedTool {
  return 'definition' in resolution;
}

/**
 * Runs of at most this many steps leave their run signal's listener limit alone: at most one
 * listener per step at a time, plus the scheduler's, stays under Node's default of 10.
 */
export const SMALL_RUN_STEPS = 3;

/**
 * True when some string inside `value` contains "{{" (a reference, or an escaped "\\{{").
 * Iterative (arguments may nest deep), and without arrays for arguments that do not nest: this
 * runs once per call of a batch.
 */
export function mayHoldReferences(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (value === null || typeof value !== 'object') return false;
  let stack: object[] | undefined;
  let item: object | undefined = value;
  while (item !== undefined) {
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child: unknown = item[i];
        if (typeof child === 'string') {
          if (child.includes('{{')) return true;
        } else if (child !== null && typeof child === 'object') {
          (stack ??= []).push(child);
        }
      }
    } else {
      for (const key in item) {
        if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
        const child: unknown = (item as Record<string, unknown>)[key];
        if (typeof child === 'string') {
          if (child.includes('{{')) return true;
        } else if (child !== null && typeof child === 'object') {
          (stack ??= []).push(child);
        }
      }
    }
    item = stack?.pop();
  }
  return false;
}
