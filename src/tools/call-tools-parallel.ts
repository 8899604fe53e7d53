/**
 * call_tools_parallel — many downstream calls in one: concurrent, results in input order,
 * each failure kept to its own call. Runs on the same scheduler as run_plan (no edges).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { SchedulerEvent } from '../engine/scheduler.js';
import { PromptFieldsShape, checkStepKind } from '../engine/prompt-step.js';
import { promptKindSteps, promptSpecOf, type PromptStepUsage } from '../execution/kinds/prompt-step.js';
import { fillPromptArgument } from '../execution/prompt-argument.js';
import { isResolved, resolveKnownTools, runSteps, type AnyStep, type RunnableStep } from '../execution/run-steps.js';
import { providersFor, totalUsage, UsageOutputSchema } from './prompt-steps.js';
import { withPool, type ServerDeps } from '../server/deps.js';
import { BackgroundField, registerRunTool, type RunToolDeps } from '../server/run-tool.js';
import { strictObject } from '../engine/strict-object.js';
import { concurrencySchema, estimatedMsSchema, MAX_TIMEOUT_MS, retriesSchema, timeoutMsSchema } from '../engine/input-bounds.js';
import { callToolsResponse } from './call-tools-response.js';
import { reportOf } from '../runs/run-answer.js';
import type { RunStepSpec } from '../runs/run-types.js';
import { callStepsOptions, summaryOf, toolStepOf } from './call-records.js';
import { SettledRender } from './render-settled.js';
import { fastCallToolsParallelInput } from './call-tools-input.js';
import { oneToolCallOf, runOneCall } from './one-call.js';

export const CallSchema = strictObject({
  server: z.string().min(1).optional().describe('Downstream server name from mcp.json. Optional when `tool` is "server__tool" or unique across servers.'),
  tool: z.string().min(1).optional().describe('Tool name on the downstream server (or "server__tool"). Without it, a call with "prompt" is answered by a model.'),
  arguments: z.record(z.string(), z.unknown()).optional().describe('Arguments for the tool, checked against its inputSchema before sending.'),
  timeout_ms: timeoutMsSchema().optional().describe(`Timeout for this call in ms (1 to ${MAX_TIMEOUT_MS}); overrides the batch timeout_ms.`),
  estimated_ms: estimatedMsSchema()
    .optional()
    .describe(`How long this call is expected to take, in ms (0 to ${MAX_TIMEOUT_MS}): when calls wait for slots, longer ones start first. Default: the duration learned for this tool (and these arguments).`),
  as_task: z.boolean().optional().describe('Call a tool whose execution.taskSupport is "optional" as an MCP task (tools that require it always are).'),
  reset_timeout_on_progress: z.boolean().optional().describe('Progress reported by the server restarts this call\'s timeout (default: the server\'s resetTimeoutOnProgress in mcp.json).'),
  max_total_timeout_ms: timeoutMsSchema().optional().describe(`With reset_timeout_on_progress: the most the call may take in all, in ms (1 to ${MAX_TIMEOUT_MS}).`),
  ...PromptFieldsShape,
  prompt: z.string().min(1).optional().describe('Without "tool": a model call (Gemini or the client\'s model via sampling). With "tool": fills the tool\'s one required string parameter.'),
}).superRefine((call, context) => checkStepKind(call, context, { toolOnly: ['server', 'arguments'], allowToolPrompt: true }));
export type Call = z.infer<typeof CallSchema>;

export const CallToolsParallelInputShape = {
  calls: z.array(CallSchema).min(1).describe('The calls to run. Results come back in this order, one per call.'),
  max_concurrency: concurrencySchema().optional().describe('How many calls may run at once (default from mcp.json parallelMcp.maxConcurrency, 16).'),
  timeout_ms: timeoutMsSchema().optional().describe(`Per-call timeout in ms (1 to ${MAX_TIMEOUT_MS}) for calls without their own (default: the server's timeoutMs, else parallelMcp.timeoutMs, 60000).`),
  fail_fast: z.boolean().optional().describe('Cancel the remaining calls after the first failure (default false: every call runs).'),
  retries: retriesSchema().optional().describe('Retries for retryable failures (timeout, transport error, server unavailable). Default 0.'),
  background: BackgroundField,
};

const ErrorShape = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

/** A timed-out or cancelled call's answer that came anyway while the batch went on: the call ran. */
export const LateAnswerShape = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: ErrorShape.optional(),
  after_ms: z.number().describe('From sending the request to this answer.'),
});

export const CallToolsParallelOutputShape = {
  results: z.array(
    z.object({
      index: z.number().int(),
      /** Tool calls: where the call went. Prompt calls have `kind: "prompt"` and `usage` instead. */
      server: z.string().optional(),
      tool: z.string().optional(),
      kind: z.literal('prompt').optional(),
      usage: UsageOutputSchema.optional(),
      ok: z.boolean(),
      result: z.unknown().optional(),
      error: ErrorShape.optional(),
      attempts: z.number().int(),
      started_ms: z.number().describe('When the call was sent (after any wait for its server).'),
      duration_ms: z.number(),
      wait_ms: z.number().optional().describe('Time spent before sending: waiting for its server to start.'),
      late: LateAnswerShape.optional().describe('Present when the call failed (timeout, cancelled) but its server answered afterwards: it ran.'),
    }),
  ),
  summary: z.object({
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int().describe('Calls that failed, cancelled ones not included: succeeded + failed + cancelled = total.'),
    cancelled: z.number().int().describe('Calls cancelled (fail_fast, or the client cancelled the request): error code "cancelled".'),
    wall_ms: z.number(),
    sum_ms: z.number(),
    speedup: z.number().describe('sum_ms / wall_ms (1 when wall_ms is 0). It measures overlap only when two calls ran at once and one succeeded; the text then says n/a.'),
    usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }).optional(),
  }),
};

export type CallInput = z.infer<z.ZodObject<typeof CallToolsParallelInputShape>>;

/** The registered input schema: the strict object, with the hand check of call-tools-input.ts in front. */
export const CallToolsParallelInputSchema = strictObject(CallToolsParallelInputShape);
export type CallResult = z.infer<(typeof CallToolsParallelOutputShape)['results']>[number];
export type CallSummary = z.infer<(typeof CallToolsParallelOutputShape)['summary']>;

export function registerCallToolsParallelTool(server: McpServer, deps: ServerDeps, runTool: RunToolDeps): void {
  registerRunTool<CallInput>(server, runTool, 'call_tools_parallel', {
    title: 'Call tools in parallel',
    description:
      'Run many downstream MCP tool calls concurrently in one request. Results come back in input ' +
      'order, one per call; a failing call (unknown tool, invalid arguments, tool error, timeout, ' +
      'crashed server) fails alone with an error code while the others complete. Use it whenever ' +
      'several tool calls do not depend on each other. Use list_tools to see the available tools. ' +
      'With background: true it answers { run_id } at once; follow it with get_run.',
    inputSchema: CallToolsParallelInputSchema,
    outputShape: CallToolsParallelOutputShape,
    annotations: { title: 'Call tools in parallel', openWorldHint: true },
    parsePlain: fastCallToolsParallelInput,
    prepare: (input) => ({
      spec: { steps: input.calls.map(runStepSpecOf) },
      // One tool call: its signal goes to the one-step run or the scheduler and the
      // downstream call alone (no model call, no setMaxListeners): runs/run-stop.ts serves.
      lightSignal: input.calls.length === 1 && input.calls[0]!.tool !== undefined && input.calls[0]!.prompt === undefined,
      // Not async: the report is made in callToolsParallel's own last step (no turn of the microtask queue more).
      run: (context) => {
        const callOptions: CallToolsParallelOptions = { signal: context.signal, onEvent: context.onEvent, server: context.server };
        // Without a progressToken there is nobody to tell: no per-call events at all.
        if (context.progress) callOptions.progress = context.progress;
        const finish = (results: CallResult[], summary: CallSummary, settled?: SettledRender) => {
          // Not built for a logger known to drop it (this runs once per request).
          if (deps.log.level === undefined || deps.log.level === 'debug') {
            deps.log.debug(
              `call_tools_parallel done: ${summary.succeeded}/${summary.total} ok, ${summary.cancelled} cancelled in ${summary.wall_ms} ms` +
                (context.signal.aborted ? ' (the run was cancelled)' : ''),
            );
          }
          return reportOf(settled ? settled.response(results, summary, deps.config.settings) : callToolsResponse(results, summary, deps.config.settings));
        };
        // One tool call (a one-call request): the direct way (one-call.ts).
        const one = oneToolCallOf(input);
        if (one) return runOneCall(deps, context.pool ?? deps.pool, input, one, callOptions, finish);
        return runCallTools(withPool(deps, context.pool), input, callOptions, finish);
      },
    }),
  });
}

export interface CallToolsParallelOptions {
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
  server?: McpServer;
  /** Every scheduler event (the run registry follows the calls with them). */
  onEvent?: (event: SchedulerEvent) => void;
}

export function callToolsParallel(deps: ServerDeps, input: CallInput, options: CallToolsParallelOptions): Promise<{ results: CallResult[]; summary: CallSummary }> {
  return runCallTools(deps, input, options, bothOf);
}

function bothOf(results: CallResult[], summary: CallSummary): { results: CallResult[]; summary: CallSummary } {
  return { results, summary };
}

/**
 * callToolsParallel, handing its results to `finish` in its own last step (what the run tool
 * answers is made there), with the pieces of the answer made as the calls settled.
 */
/**
 * The batch's steps by position (undefined for a call without a tool), in a loop with push, not
 * `calls.map`: Array.prototype.map's result is a packed array from the builtin and a holey one
 * once TurboFan inlines it into runCallTools, so when runCallTools was optimized (~20 batches in)
 * every optimized function reading the steps (the flat batch, resolveKnownTools, isFlatBatch,
 * prepareFlatBatch, ~12 in all) met a new map, deoptimized and was compiled again. A pushed
 * array has one map in every tier (test/tools/call-steps-map.test.ts).
 */
export function toolStepsOf(input: CallInput): Array<RunnableStep | undefined> {
  const calls = input.calls;
  const steps: Array<RunnableStep | undefined> = [];
  for (let index = 0; index < calls.length; index++) {
    const call = calls[index]!;
    steps.push(call.tool === undefined ? undefined : toolStepOf(call, call.tool, index, input.timeout_ms));
  }
  return steps;
}

async function runCallTools<T>(
  deps: ServerDeps,
  input: CallInput,
  options: CallToolsParallelOptions,
  finish: (results: CallResult[], summary: CallSummary, settled: SettledRender) => T,
): Promise<T> {
  const toolSteps = toolStepsOf(input);
  // Loops, not flatMap: no array per call (this runs once per call of a batch).
  const promptCalls: Array<ReturnType<typeof promptSpecOf>> = [];
  const toolPrompts: number[] = [];
  let everyTool = true;
  for (let index = 0; index < input.calls.length; index++) {
    const call = input.calls[index]!;
    if (call.tool === undefined) everyTool = false;
    if (call.prompt === undefined) continue;
    if (call.tool === undefined) promptCalls.push(promptSpecOf({ ...call, id: String(index), prompt: call.prompt, timeout_ms: call.timeout_ms ?? input.timeout_ms }, []));
    else if (toolSteps[index]) toolPrompts.push(index);
  }
  const prompts = promptCalls.length > 0 ? promptKindSteps(promptCalls, { providers: providersFor(options.server, deps) }) : undefined;
  const promptById = prompts ? new Map(prompts.steps.map((step) => [step.id, step])) : undefined;
  // Every call a tool call: the list is the steps (no second list as long as the batch).
  const steps: AnyStep[] = everyTool ? (toolSteps as RunnableStep[]) : input.calls.map((_call, index) => toolSteps[index] ?? promptById!.get(String(index))!);
  const stepOptions = callStepsOptions(deps, input, options, steps.length);
  // Only what ready servers can tell now; a call to a server still starting waits for it alone.
  const known = await resolveKnownTools(deps.pool, everyTool ? (toolSteps as RunnableStep[]) : toolSteps.map((step) => step ?? {}));
  // The seed's { tool, prompt } form: the prompt fills the tool's one required string
  // parameter, so that tool's schema is needed now (its server is waited for, within the call's timeout).
  if (toolPrompts.length > 0) await Promise.all(
    toolPrompts.map(async (index) => {
      const call = input.calls[index]!;
      const step = toolSteps[index];
      if (call.prompt === undefined || !step) return;
      let resolution = known[index];
      if (resolution === undefined) {
        const timeoutMs = step.timeoutMs ?? (step.server === undefined ? undefined : stepOptions.serverTimeoutOf?.(step.server)) ?? deps.config.settings.timeoutMs;
        resolution = await deps.pool.resolveTool(step.server, step.tool, { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
        known[index] = resolution;
      }
      if (!isResolved(resolution)) return;
      const filled = fillPromptArgument(resolution.tool, resolution.definition.inputSchema, call.prompt, call.arguments);
      if (filled.ok) step.arguments = filled.arguments;
      else known[index] = filled.error;
    }),
  );
  // Each call's result, text and JSON are made as it settles (render-settled.ts), not all after the last.
  const settled = new SettledRender(input.calls, known);
  stepOptions.onEvent = settled.follow(stepOptions.onEvent);
  const { records, makespan_ms, resolutions } = await runSteps(deps.pool, steps, known, stepOptions);

  const usage: ReadonlyMap<string, PromptStepUsage> = prompts?.usage ?? NO_USAGE;
  const results = settled.results(records, resolutions, usage);
  const summary = summaryOf(results, records, makespan_ms);
  if (prompts) summary.usage = totalUsage(prompts.usage);
  return finish(results, summary, settled);
}

/** Calls without prompts use no model: read only. */
const NO_USAGE: ReadonlyMap<string, PromptStepUsage> = new Map();

/** A call as the run registry lists it: id, then server and tool when given (no spreads: once per call). */
function runStepSpecOf(call: Call, index: number): RunStepSpec {
  const step: RunStepSpec = { id: String(index) };
  if (call.server !== undefined) step.server = call.server;
  if (call.tool !== undefined) step.tool = call.tool;
  return step;
}
