/**
 * The one owner of how big a tool response may get. Pure: sizes in, decisions out.
 *
 * - A result over `maxResultBytes` (its JSON, as the downstream server sent it) is not
 *   returned: that call/step gets `result_too_large` with its size and the limit.
 * - The whole response — the text copy and structuredContent counted together — stays under
 *   `maxResponseBytes` (default 8 MiB, under the 10 MiB a stdio SDK client accepts in one
 *   message): while it does not fit, the largest remaining result is replaced by
 *   `result_too_large`. No call or step is ever dropped: each keeps its record and status.
 */
import { callError, type CallError } from '../engine/outcome.js';

export const DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const MIN_LIMIT_BYTES = 1024;
export const MAX_LIMIT_BYTES = 1024 * 1024 * 1024;

export interface ResponseLimits {
  maxResultBytes: number;
  maxResponseBytes: number;
}

/** One returned result: its JSON in structuredContent and its copy in the text block. */
export interface BudgetItem {
  resultBytes: number;
  textBytes: number;
}

/** What an error in place of a result costs in the response (its record and text line, both copies). */
export const ERROR_ALLOWANCE_BYTES = 1024;

export interface FitOptions {
  /** Everything in the response except the results: records, summary, the gantt, framing. */
  fixedBytes: number;
  /** How a caller gets a result that did not fit, for this tool. */
  advice: string;
}

/**
 * By position, the results that cannot be returned and why. `items[i]` is undefined for a
 * position that returns no result (failed, or not among run_plan's `outputs`).
 */
export function fitResponse(items: ReadonlyArray<BudgetItem | undefined>, limits: ResponseLimits, options: FitOptions): Map<number, CallError> {
  const refused = new Map<number, CallError>();
  const kept: Array<{ position: number; cost: number }> = [];
  items.forEach((item, position) => {
    if (!item) return;
    if (item.resultBytes > limits.maxResultBytes) {
      refused.set(
        position,
        callError(
          'result_too_large',
          `the tool succeeded, but its result is ${formatBytes(item.resultBytes)}, over the per-result limit of ${formatBytes(limits.maxResultBytes)} ` +
            `(parallelMcp.maxResultBytes); it was not returned. To get it: ask the tool for less (a range, a page, a filter) or raise parallelMcp.maxResultBytes in mcp.json`,
        ),
      );
      return;
    }
    kept.push({ position, cost: item.resultBytes + item.textBytes });
  });
  let total = options.fixedBytes + refused.size * ERROR_ALLOWANCE_BYTES + kept.reduce((sum, k) => sum + k.cost, 0);
  if (total <= limits.maxResponseBytes) return refused;
  const wanted = total;
  // Largest first; of equal sizes the later one goes first, so earlier results are kept.
  kept.sort((a, b) => b.cost - a.cost || b.position - a.position);
  for (const item of kept) {
    if (total <= limits.maxResponseBytes) break;
    total += ERROR_ALLOWANCE_BYTES - item.cost;
    refused.set(
      item.position,
      callError(
        'result_too_large',
        `the tool succeeded, but its result takes ${formatBytes(item.cost)} of the response (text and structuredContent copies) and all results together ` +
          `would make a ${formatBytes(wanted)} response, over the limit of ${formatBytes(limits.maxResponseBytes)} (parallelMcp.maxResponseBytes); ` +
          `the largest results were left out. To get it: ${options.advice}, or raise parallelMcp.maxResponseBytes in mcp.json (most clients accept at most 10 MiB)`,
      ),
    );
  }
  return refused;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const unit = bytes < 1024 * 1024 ? ['KiB', 1024] as const : ['MiB', 1024 * 1024] as const;
  return `${(bytes / unit[1]).toFixed(1)} ${unit[0]} (${bytes} bytes)`;
}
