/**
 * call_tools_parallel's calls as steps of a run and its records as results: shared by the
 * general path (call-tools-parallel.ts) and the one-call path (one-call.ts), so both build
 * the same step, the same options and the same result, key for key.
 */
import type { CallError } from '../engine/outcome.js';
import type { SchedulerEvent, StepRecord } from '../engine/scheduler.js';
import type { PromptStepUsage } from '../execution/kinds/prompt-step.js';
import { isResolved, type Resolution, type RunnableStep, type RunStepsOptions } from '../execution/run-steps.js';
import type { ServerDeps } from '../server/deps.js';
import type { Call, CallInput, CallResult, CallSummary, CallToolsParallelOptions } from './call-tools-parallel.js';
import { promptUsageOutput } from './prompt-steps.js';
import { round } from './render.js';

/** One call as a tool step of the run (no spreads: this runs once per call). */
export function toolStepOf(call: Call, tool: string, index: number, batchTimeoutMs: number | undefined): RunnableStep {
  const step: RunnableStep = { id: String(index), tool, dependsOn: NO_DEPENDENCIES };
  if (call.server !== undefined) step.server = call.server;
  if (call.arguments !== undefined) step.arguments = call.arguments;
  if (call.estimated_ms !== undefined) step.estimatedMs = call.estimated_ms;
  if (call.as_task) step.asTask = true;
  if (call.reset_timeout_on_progress !== undefined) step.resetTimeoutOnProgress = call.reset_timeout_on_progress;
  if (call.max_total_timeout_ms !== undefined) step.maxTotalTimeoutMs = call.max_total_timeout_ms;
  const timeoutMs = call.timeout_ms ?? batchTimeoutMs;
  if (timeoutMs !== undefined) step.timeoutMs = timeoutMs;
  return step;
}

const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** The run's options for the calls' steps (set field by field, no conditional spreads: once per request). */
export function callStepsOptions(deps: ServerDeps, input: CallInput, options: CallToolsParallelOptions, total: number): RunStepsOptions {
  const stepOptions: RunStepsOptions = {
    maxConcurrency: input.max_concurrency ?? deps.config.settings.maxConcurrency,
    failureMode: input.fail_fast ? 'fail_fast' : 'partial_completion',
    defaultTimeoutMs: deps.config.settings.timeoutMs,
    serverTimeoutOf: (name: string | undefined) => (name === undefined ? undefined : deps.config.servers.find((s) => s.name === name)?.timeoutMs),
    durations: deps.durations,
  };
  if (input.retries !== undefined) stepOptions.retries = input.retries;
  if (options.signal) stepOptions.signal = options.signal;
  const onEvent = options.onEvent;
  const progress = options.progress;
  if (progress) {
    let done = 0;
    stepOptions.onEvent = (event: SchedulerEvent) => {
      onEvent?.(event);
      if (event.type === 'finished') progress(++done, total, `${done}/${total} calls done`);
    };
  } else if (onEvent) {
    stepOptions.onEvent = onEvent;
  }
  return stepOptions;
}

/**
 * A call's result from its record: built field by field (no spreads), keys in the documented order.
 * callResultJson below writes the same keys in the same order: change both together.
 */
export function callResultOf(call: Call, index: number, record: StepRecord, resolution: Resolution | undefined, usage: ReadonlyMap<string, PromptStepUsage>): CallResult {
  const resolved = resolution && isResolved(resolution) ? resolution : undefined;
  const ok = record.status === 'ok';
  let result: CallResult;
  if (call.tool === undefined) {
    result = { index, kind: 'prompt', usage: promptUsageOutput(usage, { id: String(index), model: call.model }), attempts: record.attempts, started_ms: 0, duration_ms: 0, ok };
  } else {
    const server = resolved?.server ?? call.server;
    result = server === undefined
      ? { index, tool: resolved?.tool ?? call.tool, attempts: record.attempts, started_ms: 0, duration_ms: 0, ok }
      : { index, server, tool: resolved?.tool ?? call.tool, attempts: record.attempts, started_ms: 0, duration_ms: 0, ok };
  }
  if (record.started_ms !== undefined) {
    const start = round(record.started_ms);
    result.started_ms = start;
    result.duration_ms = round(round(record.ended_ms ?? record.started_ms + (record.duration_ms ?? 0)) - start);
  }
  if (record.wait_ms !== undefined) result.wait_ms = round(record.wait_ms);
  if (ok) result.result = record.result;
  else result.error = errorOf(record);
  if (record.late) result.late = record.late;
  return result;
}

/** The batch's summary over its results (the usage of prompt calls is added by the caller). */
export function summaryOf(results: readonly CallResult[], records: readonly StepRecord[], makespanMs: number): CallSummary {
  const total = results.length;
  let succeeded = 0;
  let cancelled = 0;
  let sum = 0;
  for (let i = 0; i < total; i++) {
    const r = results[i]!;
    if (r.ok) succeeded += 1;
    else if (r.error?.code === 'cancelled') cancelled += 1;
    sum += records[i]?.duration_ms ?? 0;
  }
  return {
    total,
    succeeded,
    failed: total - succeeded - cancelled,
    cancelled,
    wall_ms: round(makespanMs),
    sum_ms: round(sum),
    speedup: makespanMs > 0 ? round(sum / makespanMs, 2) : 1,
  };
}

/**
 * JSON.stringify(result) for a tool call's result as callResultOf builds it, written key by key
 * in callResultOf's order (issue 13: a batch writes one per call as the call settles, and a
 * generic stringify of a small object costs about twice this). Objects inside (the downstream
 * result, the error, a late answer) are stringified as they are, except the usual one-text-block
 * result. A prompt call's result (kind, usage) is stringified whole.
 * test/tools/render-settled.test.ts holds the bytes equal on generated results.
 */
export function callResultJson(result: CallResult): string {
  if (result.kind !== undefined || typeof (result as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(result);
  const usual = usualResultJson(result);
  if (usual !== undefined) return usual;
  let out = '{"index":' + numberJson(result.index);
  if (result.server !== undefined) out += ',"server":' + serverJson(result.server);
  if (result.tool !== undefined) out += ',"tool":' + toolJson(result.tool);
  out += ',"attempts":' + numberJson(result.attempts) + ',"started_ms":' + numberJson(result.started_ms) + ',"duration_ms":' + numberJson(result.duration_ms) + (result.ok ? ',"ok":true' : ',"ok":false');
  if (result.wait_ms !== undefined) out += ',"wait_ms":' + numberJson(result.wait_ms);
  const value = result.result;
  if (value !== undefined) {
    const json = resultJson(value);
    if (json !== undefined) out += ',"result":' + json;
  }
  if (result.error !== undefined) out += ',"error":' + JSON.stringify(result.error);
  if (result.late !== undefined) out += ',"late":' + JSON.stringify(result.late);
  return out + '}';
}

/**
 * The usual call's JSON (it succeeded on a named server, was sent at once, and its result is one
 * text block) joined from one array kept for it: one flat string made, no tree of a dozen
 * strings to die or to flatten. Undefined for any other call.
 */
function usualResultJson(result: CallResult): string | undefined {
  if (!result.ok || result.server === undefined || result.tool === undefined || result.wait_ms !== undefined || result.error !== undefined || result.late !== undefined) return undefined;
  const text = oneTextOf(result.result);
  if (text === undefined) return undefined;
  const parts = USUAL_PARTS;
  parts[1] = numberJson(result.index);
  parts[3] = serverJson(result.server);
  parts[5] = toolJson(result.tool);
  parts[7] = numberJson(result.attempts);
  parts[9] = numberJson(result.started_ms);
  parts[11] = numberJson(result.duration_ms);
  if (NEEDS_ESCAPE.test(text)) {
    parts[13] = '';
    parts[14] = JSON.stringify(text);
    parts[15] = '';
  } else {
    parts[13] = '"';
    parts[14] = text;
    parts[15] = '"';
  }
  const json = parts.join('');
  parts[14] = '';
  return json;
}

const USUAL_PARTS: string[] = [
  '{"index":', '', ',"server":', '', ',"tool":', '', ',"attempts":', '', ',"started_ms":', '', ',"duration_ms":', '',
  ',"ok":true,"result":{"content":[{"type":"text","text":', '', '', '', '}]}}',
];

/** A number as JSON writes it. */
function numberJson(value: number): string {
  return Number.isFinite(value) ? '' + value : 'null';
}

/** The server and tool names of a batch's calls mostly repeat: the last ones' JSON is kept. */
let lastServer = '';
let lastServerJson = '""';
let lastTool = '';
let lastToolJson = '""';

function serverJson(name: string): string {
  if (name !== lastServer) {
    lastServerJson = quoted(name);
    lastServer = name;
  }
  return lastServerJson;
}

function toolJson(name: string): string {
  if (name !== lastTool) {
    lastToolJson = quoted(name);
    lastTool = name;
  }
  return lastToolJson;
}

/** What JSON.stringify escapes in a string: quote, backslash, control characters, and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text): a text with nothing to escape between quotes (4 times faster on a short text), any other by it. */
function quoted(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/** A downstream result's JSON: the usual { content: [one text block] } written around its text, any other by JSON.stringify. */
function resultJson(value: unknown): string | undefined {
  const text = oneTextOf(value);
  if (text !== undefined) return '{"content":[{"type":"text","text":' + quoted(text) + '}]}';
  return JSON.stringify(value) as string | undefined;
}

/** The text of a result that is exactly { content: [{ type: "text", text }] } as JSON.stringify writes it member by member; else undefined. */
function oneTextOf(value: unknown): string | undefined {
  if (!isPlain(value)) return undefined;
  const content = (value as { content?: unknown }).content;
  if (!Array.isArray(content) || content.length !== 1 || Object.getPrototypeOf(content) !== Array.prototype || !onlyKeys(value, 'content')) return undefined;
  const block: unknown = content[0];
  if (!isPlain(block)) return undefined;
  const text = (block as { text?: unknown }).text;
  return (block as { type?: unknown }).type === 'text' && typeof text === 'string' && onlyKeys(block, 'type', 'text') ? text : undefined;
}

/** An object JSON.stringify writes member by member: Object's prototype, no toJSON. */
function isPlain(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && (value as { toJSON?: unknown }).toJSON === undefined;
}

/** Whether `object`'s own enumerable keys are exactly `first` (and `second`), in that order. */
function onlyKeys(object: object, first: string, second?: string): boolean {
  let seen = 0;
  for (const key in object) {
    if (seen === 0 ? key !== first : seen === 1 && second !== undefined ? key !== second : true) return false;
    seen += 1;
  }
  return seen === (second === undefined ? 1 : 2);
}

function errorOf(record: StepRecord): CallError {
  if (record.error) return record.error;
  if (record.status === 'skipped' || record.status === 'cancelled') {
    return { code: 'cancelled', message: record.reason ?? 'cancelled before it ran' };
  }
  return { code: 'internal_error', message: `call ended with status ${record.status} and no error` };
}
