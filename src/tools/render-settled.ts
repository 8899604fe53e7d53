/**
 * call_tools_parallel's answer made while its calls run (issue 13). Round 11 measured 4-6 ms of
 * serial work per 1,000-call batch after the last answer came, with the server idle: making
 * every result, its text and the answer's JSON, whose stringify alone was most of it. Here each
 * call's JSON (call-records.ts callResultJson, about half a generic stringify's cost) is made
 * when it settles, in a turn of its own after the turn that settled it (setImmediate: the
 * refills that turn started are written first), so that after the last call the results, the
 * text, the summary, one join and the answer line are left.
 *
 * Made early only what cannot change once the call settles: a tool call that succeeded, whose
 * tool was resolved before the run (so its resolution is final). Failures (a late answer may be
 * put on their record when the run ends), prompt calls (their usage is known at the end) and
 * calls resolved during the run are made at the end, the same way. Results and text are made at
 * the end (callResultOf and renderCallResults, as before: cheap, and kept from the start they
 * would outlive scavenges). The response is what callToolsResponse answers for the same results,
 * byte for byte (test/tools/render-settled.test.ts); where the response budget might refuse a
 * result, callToolsResponse itself answers.
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
import { callToolsResponse, FRAMING_BYTES, renderCallResults, type CallToolsResponse } from './call-tools-response.js';
import { stringByteLength } from './json-size.js';
import type { ResponseLimits } from './response-budget.js';
import { resultText } from './result-text.js';

export class SettledRender {
  readonly #calls: readonly Call[];
  readonly #known: ReadonlyArray<Resolution | undefined>;
  readonly #n: number;
  /**
   * Per call, once made: the record it was made from and its JSON (its result is made again at
   * the end from the same record, and its text there too: kept, they would outlive scavenges).
   */
  readonly #records: Array<StepRecord | undefined>;
  readonly #jsons: Array<string | undefined>;
  /** Settled calls not made yet (they are made in the next turn). */
  #pending: StepRecord[] = [];
  #ended = false;
  /** Something threw while making a call: callToolsResponse answers from the results alone. */
  #broken = false;

  constructor(calls: readonly Call[], known: ReadonlyArray<Resolution | undefined>) {
    const n = calls.length;
    this.#calls = calls;
    this.#known = known;
    this.#n = n;
    this.#records = new Array<StepRecord | undefined>(n);
    this.#jsons = new Array<string | undefined>(n);
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
    // Flat (one string, not a tree of the dozen it was joined from): what is kept through
    // scavenges is one string, and the join at the end copies instead of walking a tree.
    const json = callResultJson(callResultOf(call, index, record, resolution, NO_USAGE));
    flatten(json);
    this.#jsons[index] = json;
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
      if (this.#records[i] !== record || resolutions[i] !== this.#known[i]) this.#jsons[i] = undefined;
      results.push(callResultOf(this.#calls[i]!, i, record, resolutions[i], usage));
    }
    return results;
  }

  /** callToolsResponse(results, summary, limits), with the JSON made as the calls settled. */
  response(results: CallResult[], summary: CallSummary, limits: ResponseLimits): CallToolsResponse {
    const n = results.length;
    if (this.#broken || n !== this.#n) return callToolsResponse(results, summary, limits);
    const jsons = this.#jsons;
    const texts: Array<string | undefined> = [];
    for (let i = 0; i < n; i++) {
      const r = results[i]!;
      let json = jsons[i];
      if (json === undefined) {
        json = callResultJson(r);
        jsons[i] = json;
      }
      // A result's JSON is part of its record's, at most 3 UTF-8 bytes per UTF-16 unit: over the
      // limit only when this says it may be; then callToolsResponse counts and decides.
      if (r.ok && r.result !== undefined) {
        if (3 * json.length > limits.maxResultBytes) return callToolsResponse(results, summary, limits);
        texts.push(resultText(r.result as ToolResult));
      } else {
        texts.push(undefined);
      }
    }
    const text = renderCallResults(results, summary, texts);
    // JSON.stringify({ results, summary }) without its opening brace (what the answer line writes after run_id and status).
    const members = '"results":[' + jsons.join(',') + '],"summary":' + JSON.stringify(summary) + '}';
    // callToolsResponse's test of the whole response, with structuredContent's bytes bounded
    // (3 per unit) and counted only when the bound does not fit.
    let fixed = FRAMING_BYTES + 1 + 3 * members.length;
    if (fixed + 2 + 6 * text.length > limits.maxResponseBytes) {
      fixed = FRAMING_BYTES + 1 + Buffer.byteLength(members, 'utf8');
      if (!(fixed + 2 + 6 * text.length <= limits.maxResponseBytes || fixed + stringByteLength(text) <= limits.maxResponseBytes)) {
        return callToolsResponse(results, summary, limits);
      }
    }
    const structuredContent = { results, summary };
    preparedJson.set(structuredContent, members);
    // Kept for the answer line of this turn only (a run's report may be kept long after).
    setImmediate(forget, structuredContent);
    return { content: [{ type: 'text', text }], structuredContent, isError: summary.total > 0 && summary.succeeded === 0 };
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

/** structuredContent objects of responses made here, and their JSON's members, until the next turn. */
const preparedJson = new WeakMap<object, string>();

function forget(structuredContent: object): void {
  preparedJson.delete(structuredContent);
}

/**
 * JSON.stringify(structured) without its opening brace, when `structured` is the
 * structuredContent of a response made here in this turn (and let go of: once). The response's
 * objects are not changed after it is made.
 */
export function takeStructuredMembers(structured: object): string | undefined {
  const json = preparedJson.get(structured);
  if (json !== undefined) preparedJson.delete(structured);
  return json;
}
