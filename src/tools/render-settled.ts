/**
 * call_tools_parallel's answer made while its calls run (issue 13). Round 11 measured 4-6 ms of
 * serial work per 1,000-call batch after the last answer came, with the server idle: making
 * every result, its text and the answer's JSON. Here each call's result, its lines of the text
 * and its JSON (call-records.ts callResultJson) are made when it settles, in a turn of their own
 * after the turn that settled it (setImmediate: the refills that turn started are written
 * first), so that after the last call only the summary, the joining and the answer line are left.
 *
 * Made early only what cannot change once the call settles: a tool call that succeeded, whose
 * tool was resolved before the run (so its resolution is final). Failures (a late answer may be
 * put on their record when the run ends), prompt calls (their usage is known at the end) and
 * calls resolved during the run are made at the end, the same way. The response is what
 * callToolsResponse answers for the same results, byte for byte (test/tools/render-settled.test.ts);
 * where the response budget might refuse a result, callToolsResponse itself answers.
 *
 * The structured content's JSON is kept beside the response until the next turn, for the answer
 * line (server/prepared-answer-line.ts takes it), so the answer is not stringified again whole.
 */
import type { ToolResult } from '../engine/outcome.js';
import type { SchedulerEvent, StepRecord } from '../engine/scheduler.js';
import type { PromptStepUsage } from '../execution/kinds/prompt-step.js';
import { isResolved, type Resolution } from '../execution/run-steps.js';
import type { Call, CallResult, CallSummary } from './call-tools-parallel.js';
import { callResultJson, callResultOf } from './call-records.js';
import { callToolsResponse, FRAMING_BYTES, summaryLine, type CallToolsResponse } from './call-tools-response.js';
import { stringByteLength } from './json-size.js';
import { formatMs, lateNote } from './render.js';
import type { ResponseLimits } from './response-budget.js';
import { resultText } from './result-text.js';

export class SettledRender {
  readonly #calls: readonly Call[];
  readonly #known: ReadonlyArray<Resolution | undefined>;
  readonly #n: number;
  /**
   * Per call, once made: the record it was made from, its lines of the text and its JSON (its
   * result is made again at the end from the same record: kept, it would outlive scavenges).
   */
  readonly #records: Array<StepRecord | undefined>;
  /**
   * A call's lines: its header and, for a call with a result, the result's text. A line with a
   * result starts with the blank line that sets it off; one without gets it only after one with.
   */
  readonly #lines: Array<string | undefined>;
  readonly #jsons: Array<string | undefined>;
  /** 1 where the call's lines carry a result. */
  readonly #bodies: Uint8Array;
  /** Settled calls not made yet (they are made in the next turn). */
  #pending: StepRecord[] = [];
  #ended = false;
  /** Something threw while making a call: callToolsResponse answers from the results alone. */
  #broken = false;
  /** The calls of a batch mostly go to one server and tool: their header's text is made once. */
  #lastServer: string | undefined = undefined;
  #lastTool: string | undefined = undefined;
  #lastWhere = '';
  #lastOkHead = '';

  constructor(calls: readonly Call[], known: ReadonlyArray<Resolution | undefined>) {
    const n = calls.length;
    this.#calls = calls;
    this.#known = known;
    this.#n = n;
    this.#records = new Array<StepRecord | undefined>(n);
    this.#lines = new Array<string | undefined>(n);
    this.#jsons = new Array<string | undefined>(n);
    this.#bodies = new Uint8Array(n);
  }

  /** The run's onEvent (`inner`, called first), noting each call that finished. */
  follow(inner: ((event: SchedulerEvent) => void) | undefined): (event: SchedulerEvent) => void {
    return (event) => {
      if (inner) inner(event);
      if (event.type === 'finished' && event.record.status === 'ok' && !this.#ended && this.#pending.push(event.record) === 1) setImmediate(this.#drain);
    };
  }

  readonly #drain = (): void => {
    if (this.#ended) return;
    const pending = this.#pending;
    this.#pending = [];
    this.#makeAll(pending);
  };

  #makeAll(records: readonly StepRecord[]): void {
    try {
      for (let i = 0; i < records.length; i++) this.#make(records[i]!);
    } catch {
      this.#broken = true;
    }
  }

  /** A call that succeeded, made now when its resolution is final. */
  #make(record: StepRecord): void {
    const index = Number(record.id);
    if (!Number.isInteger(index) || index < 0 || index >= this.#n) return;
    const call = this.#calls[index]!;
    const resolution = this.#known[index];
    if (call.tool === undefined || resolution === undefined || !isResolved(resolution)) return;
    this.#piece(index, callResultOf(call, index, record, resolution, NO_USAGE), true);
    this.#records[index] = record;
  }

  /**
   * The run's results, in input order, as call-tools-parallel.ts made them all (callResultOf is
   * pure: a call made while the run went on from this very record and resolution keeps its pieces).
   */
  results(records: readonly StepRecord[], resolutions: ReadonlyArray<Resolution | undefined>, usage: ReadonlyMap<string, PromptStepUsage>): CallResult[] {
    this.#ended = true;
    const pending = this.#pending;
    this.#pending = [];
    this.#makeAll(pending);
    const results: CallResult[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (this.#records[i] !== record || resolutions[i] !== this.#known[i]) {
        this.#lines[i] = undefined;
        this.#jsons[i] = undefined;
      }
      results.push(callResultOf(this.#calls[i]!, i, record, resolutions[i], usage));
    }
    return results;
  }

  /** callToolsResponse(results, summary, limits), from the pieces made as the calls settled. */
  response(results: CallResult[], summary: CallSummary, limits: ResponseLimits): CallToolsResponse {
    const n = results.length;
    if (this.#broken || n !== this.#n) return callToolsResponse(results, summary, limits);
    const jsons = this.#jsons;
    for (let i = 0; i < n; i++) {
      const r = results[i]!;
      let json = jsons[i];
      if (json === undefined) {
        this.#piece(i, r, false);
        json = jsons[i]!;
      }
      // A result's JSON is part of its record's, at most 3 UTF-8 bytes per UTF-16 unit: over the
      // limit only when this says it may be; then callToolsResponse counts and decides.
      if (3 * json.length > limits.maxResultBytes && r.ok && r.result !== undefined) return callToolsResponse(results, summary, limits);
    }
    const text = this.#text(results, summary);
    const structuredJson = '{"results":[' + jsons.join(',') + '],"summary":' + JSON.stringify(summary) + '}';
    // callToolsResponse's test of the whole response, with structuredContent's bytes bounded
    // (3 per unit) and counted only when the bound does not fit.
    let fixed = FRAMING_BYTES + 3 * structuredJson.length;
    if (fixed + 2 + 6 * text.length > limits.maxResponseBytes) {
      fixed = FRAMING_BYTES + Buffer.byteLength(structuredJson, 'utf8');
      if (!(fixed + 2 + 6 * text.length <= limits.maxResponseBytes || fixed + stringByteLength(text) <= limits.maxResponseBytes)) {
        return callToolsResponse(results, summary, limits);
      }
    }
    const structuredContent = { results, summary };
    preparedJson.set(structuredContent, structuredJson);
    // Kept for the answer line of this turn only (a run's report may be kept long after).
    setImmediate(forget, structuredContent);
    return { content: [{ type: 'text', text }], structuredContent, isError: summary.total > 0 && summary.succeeded === 0 };
  }

  /** call-tools-response.ts renderCallResults, from each call's lines. */
  #text(results: readonly CallResult[], summary: CallSummary): string {
    // Joined once (one flat string, no tree of a thousand parts for the answer's JSON to walk).
    const parts: string[] = [summaryLine(results, summary)];
    let afterBody = true;
    const lines = this.#lines;
    const bodies = this.#bodies;
    for (let i = 0; i < results.length; i++) {
      if (bodies[i] === 1) {
        parts.push(lines[i]!);
        afterBody = true;
      } else {
        if (afterBody) parts.push('\n');
        parts.push(lines[i]!);
        afterBody = false;
      }
    }
    return parts.join('');
  }

  /**
   * Call `index`'s lines and JSON, set together. Kept until the run ends (`keep`), the JSON is
   * made one flat string: the dozen strings it was joined from die young instead of outliving
   * scavenges, and the join at the end copies instead of walking them (its lines are a few
   * strings: joined as they are).
   */
  #piece(index: number, r: CallResult, keep: boolean): void {
    const body = r.ok && r.result !== undefined ? resultText(r.result as ToolResult) : undefined;
    const json = callResultJson(r);
    const lines = this.#linesOf(r, body);
    if (keep) flatten(json);
    this.#jsons[index] = json;
    this.#lines[index] = lines;
    this.#bodies[index] = body === undefined ? 0 : 1;
  }

  /** renderCallResults' lines for one call: `[index] status server/tool (duration)` and its result's text. */
  #linesOf(r: CallResult, body: string | undefined): string {
    let where: string | undefined;
    let okHead: string | undefined;
    if (r.kind === 'prompt') where = `prompt/${r.usage?.provider ?? 'no model'}`;
    else if (!r.server) where = r.tool;
    else {
      if (r.server !== this.#lastServer || r.tool !== this.#lastTool) {
        this.#lastServer = r.server;
        this.#lastTool = r.tool;
        this.#lastWhere = `${r.server}/${r.tool}`;
        this.#lastOkHead = `] ok ${this.#lastWhere} (`;
      }
      where = this.#lastWhere;
      okHead = this.#lastOkHead;
    }
    if (r.ok) {
      const head = '[' + r.index + (okHead ?? `] ok ${where} (`) + formatMs(r.duration_ms) + ')';
      return body === undefined ? '\n' + head : '\n\n' + head + '\n' + body;
    }
    const state = r.error?.code === 'cancelled' ? 'CANCELLED' : 'FAILED';
    return `\n[${r.index}] ${state} ${where}: ${r.error?.code}: ${r.error?.message}${r.late ? lateNote(r.late) : ''}`;
  }
}

/**
 * Makes V8 flatten a string joined with `+` (a tree of its parts) into one: reading a character
 * of a tree does that, in place.
 */
function flatten(text: string): void {
  text.charCodeAt(0);
}

/** Calls without prompts use no model: read only. */
const NO_USAGE: ReadonlyMap<string, PromptStepUsage> = new Map();

/** structuredContent objects of responses made here, and their JSON, until the next turn. */
const preparedJson = new WeakMap<object, string>();

function forget(structuredContent: object): void {
  preparedJson.delete(structuredContent);
}

/**
 * JSON.stringify(structured) when `structured` is the structuredContent of a response made here
 * in this turn (and let go of: once). The response's objects are not changed after it is made.
 */
export function takeStructuredJson(structured: object): string | undefined {
  const json = preparedJson.get(structured);
  if (json !== undefined) preparedJson.delete(structured);
  return json;
}
