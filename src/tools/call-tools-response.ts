/**
 * call_tools_parallel's MCP result: structuredContent and a text content that carries every
 * returned result in full (for clients that give the model only the text), both kept under
 * the response budget (tools/response-budget.ts).
 */
import type { ToolResult } from '../engine/outcome.js';
import type { CallResult, CallSummary } from './call-tools-parallel.js';
import { jsonByteLength, jsonByteLengthOmitting, stringByteLength } from './json-size.js';
import { anyTimingOverlap, formatMs, formatRatio, lateNote } from './render.js';
import { fitResponse, type ResponseLimits } from './response-budget.js';
import { resultText } from './result-text.js';
import { speedupOverRest, startWaitMs, startWaitNote } from './start-wait.js';

/** JSON-RPC framing, the content array and the isError flag around the two copies. */
export const FRAMING_BYTES = 512;

export interface CallToolsResponse {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent: { [key: string]: unknown; results: CallResult[]; summary: CallSummary };
  isError: boolean;
}

export function callToolsResponse(results: readonly CallResult[], summary: CallSummary, limits: ResponseLimits): CallToolsResponse {
  // Each returned result's text and JSON size, measured once, in one pass.
  const texts: Array<string | undefined> = [];
  const resultBytes: Array<number | undefined> = [];
  let everyResultFits = true;
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r.ok && r.result !== undefined) {
      const bytes = jsonByteLength(r.result);
      if (bytes > limits.maxResultBytes) everyResultFits = false;
      texts.push(resultText(r.result as ToolResult));
      resultBytes.push(bytes);
    } else {
      texts.push(undefined);
      resultBytes.push(undefined);
    }
  }
  // The common case: every result fits. The response as it will be sent is measured (the text
  // rendered once); it is never smaller than fitResponse's estimate below, so when it fits,
  // fitResponse would refuse nothing.
  if (everyResultFits) {
    const text = renderCallResults(results, summary, texts);
    const structured = structuredBytes(results, resultBytes, summary);
    // The text's JSON is at most 6 bytes per UTF-16 unit (\uXXXX) and its quotes: counted exactly only when that bound does not fit.
    const fixed = FRAMING_BYTES + structured;
    if (fixed + 2 + 6 * text.length <= limits.maxResponseBytes || fixed + stringByteLength(text) <= limits.maxResponseBytes) {
      return { content: [{ type: 'text', text }], structuredContent: { results: results as CallResult[], summary }, isError: summary.total > 0 && summary.succeeded === 0 };
    }
  }
  return fittedCallToolsResponse(results, summary, limits, texts, resultBytes);
}

/**
 * The response with fitResponse's decisions (results over a limit replaced by
 * `result_too_large`). callToolsResponse comes here when the measured response does not fit;
 * exported so tests can check that both ways answer the same.
 */
export function fittedCallToolsResponse(
  results: readonly CallResult[],
  summary: CallSummary,
  limits: ResponseLimits,
  texts: Array<string | undefined> = results.map((r) => (r.ok && r.result !== undefined ? resultText(r.result as ToolResult) : undefined)),
  resultBytes: ReadonlyArray<number | undefined> = results.map((r) => (r.ok && r.result !== undefined ? jsonByteLength(r.result) : undefined)),
): CallToolsResponse {
  const items = results.map((_r, i) => {
    const bytes = resultBytes[i];
    return bytes === undefined ? undefined : { resultBytes: bytes, textBytes: jsonByteLength(texts[i]) };
  });
  const skeleton = results.map(({ result: _result, ...rest }) => rest);
  const fixedBytes =
    FRAMING_BYTES + jsonByteLength({ results: skeleton, summary }) + jsonByteLength(renderCallResults(skeleton, summary, []));
  const refused = fitResponse(items, limits, { fixedBytes, advice: 'fewer calls per batch' });

  let fitted = results as CallResult[];
  let fittedSummary = summary;
  if (refused.size > 0) {
    fitted = results.map((r, i) => {
      const error = refused.get(i);
      if (!error) return r;
      texts[i] = undefined;
      const { result: _result, ...rest } = r;
      return { ...rest, ok: false, error };
    });
    fittedSummary = { ...summary, succeeded: summary.succeeded - refused.size, failed: summary.failed + refused.size };
  }
  return {
    content: [{ type: 'text', text: renderCallResults(fitted, fittedSummary, texts) }],
    structuredContent: { results: fitted, summary: fittedSummary },
    isError: fittedSummary.total > 0 && fittedSummary.succeeded === 0,
  };
}

/** The bytes of JSON.stringify({ results, summary }), with each result's size already known. */
function structuredBytes(results: readonly CallResult[], resultBytes: ReadonlyArray<number | undefined>, summary: CallSummary): number {
  // {"results":[...],"summary":{...}}
  let total = '{"results":[],"summary":}'.length + jsonByteLength(summary) + Math.max(0, results.length - 1);
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const bytes = resultBytes[i] ?? (r.result === undefined ? undefined : jsonByteLength(r.result));
    // ,"result": and its JSON, beside the record's other members (a record always has some).
    total += jsonByteLengthOmitting(r, 'result') + (bytes === undefined ? 0 : ',"result":'.length + bytes);
  }
  return total;
}

/**
 * One summary line, then each call: a header `[index] status server/tool (duration)` and,
 * for a call that succeeded, its full result on the lines below (`texts[index]`).
 */
export function renderCallResults(results: ReadonlyArray<Omit<CallResult, 'result'>>, summary: CallSummary, texts: ReadonlyArray<string | undefined>): string {
  // Appended piece by piece (no array of lines to join): each line is "\n" and the line.
  let out = summaryLine(results, summary);
  // A result body is set off by blank lines; a call without one is a single line.
  let afterBody = true;
  // The calls of a batch mostly go to one server and tool: their `server/tool`, and the
  // header's text around it for a call that succeeded, are made once.
  let lastServer: string | undefined;
  let lastTool: string | undefined;
  let lastWhere = '';
  let lastOkHead = '';
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    let where: string | undefined;
    let okHead: string | undefined;
    if (r.kind === 'prompt') where = `prompt/${r.usage?.provider ?? 'no model'}`;
    else if (!r.server) where = r.tool;
    else {
      if (r.server !== lastServer || r.tool !== lastTool) {
        lastServer = r.server;
        lastTool = r.tool;
        lastWhere = `${r.server}/${r.tool}`;
        lastOkHead = `] ok ${lastWhere} (`;
      }
      where = lastWhere;
      okHead = lastOkHead;
    }
    const text = r.ok ? texts[r.index] : undefined;
    if (afterBody || text !== undefined) out += '\n';
    afterBody = text !== undefined;
    if (r.ok) {
      out += '\n[' + r.index + (okHead ?? `] ok ${where} (`) + formatMs(r.duration_ms) + ')';
      if (text !== undefined) out += '\n' + text;
    } else {
      const state = r.error?.code === 'cancelled' ? 'CANCELLED' : 'FAILED';
      out += `\n[${r.index}] ${state} ${where}: ${r.error?.code}: ${r.error?.message}${r.late ? lateNote(r.late) : ''}`;
    }
  }
  return out;
}

function summaryLine(results: ReadonlyArray<Omit<CallResult, 'result'>>, s: CallSummary): string {
  const counts = `${s.succeeded}/${s.total} calls succeeded` + (s.failed ? `, ${s.failed} failed` : '') + (s.cancelled ? `, ${s.cancelled} cancelled` : '');
  // The wall time spent waiting for servers to start is named, and the speedup is over the rest.
  const waitMs = Math.min(startWaitMs(results), s.wall_ms);
  const speedup =
    s.succeeded === 0
      ? 'n/a, nothing succeeded'
      : !anyTimingOverlap(results)
        ? 'n/a, no two calls ran at once'
        : waitMs > 0
          ? speedupOverRest(s.sum_ms, s.wall_ms, waitMs, formatRatio, formatMs)
          : formatRatio(s.speedup);
  return `${counts} in ${formatMs(s.wall_ms)}${startWaitNote(waitMs, formatMs)} (sequential ${formatMs(s.sum_ms)}, speedup ${speedup})`;
}
