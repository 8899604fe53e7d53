/**
 * run_plan — a whole plan as a DAG: data flows between steps through {{step.path}}
 * references, steps run as soon as their dependencies succeed, critical path first.
 * Thin: parse, validate (engine/plan.ts), run (execution/run-steps.ts), report.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { PlanStepSchema, formatPlanIssues, isPromptStep, validatePlan, type PlanIssue,type ToolPlanStep } from '../engine/plan.js';
import { DEFAULT_PRESET, PRESETS, type PresetName } from '../engine/presets.js';
import { renderGantt, summarizeSchedule } from '../engine/report.js';
import type { SchedulerEvent, StepRecord } from '../engine/scheduler.js';
import type { ToolResult } from '../engine/outcome.js';
import { graphFromEdges, edgesOf } from '../engine/graph.js';
import { isResolved, resolveKnownTools, runSteps, type AnyStep, type RunnableStep } from '../execution/run-steps.js';
import { LateAnswerShape } from './call-tools-parallel.js';
import { promptPlanIssues, promptStepsOf, promptUsageOutput, totalUsage, UsageOutputSchema } from './prompt-steps.js';
import { withPool, type ServerDeps } from '../server/deps.js';
import { BackgroundField, registerRunTool, type RunToolDeps } from '../server/run-tool.js';
import { inferPlanDependencies, type InferredEdge } from './infer-dependencies.js';
import { strictObject } from '../engine/strict-object.js';
import { MAX_CALLS_PER_SECOND, MAX_TIMEOUT_MS, MIN_CALLS_PER_SECOND, callsPerSecondSchema, concurrencySchema, retriesSchema, timeoutMsSchema } from '../engine/input-bounds.js';
import { round, roundedTiming } from './render.js';
import { runPlanResponse } from './run-plan-response.js';
import { reportOf } from '../runs/run-answer.js';

const FAILURE_MODES = ['partial_completion', 'fail_fast', 'continue'] as const;

/** Resolution errors that make a plan invalid (others, like an unavailable server, fail the step). */
const PLAN_TOOL_CODES: ReadonlySet<string> = new Set(['unknown_server', 'unknown_tool', 'ambiguous_tool']);

export const RunPlanInputShape = {
  steps: z.array(PlanStepSchema).min(1).describe(
    'The plan. Each step: { id, server?, tool, arguments?, depends_on?, timeout_ms?, retries?, estimated_ms?, priority?, title?, description? }, ' +
      'or a prompt step run by a model: { id, prompt, system?, provider?, model?, output_schema?, max_tokens?, temperature?, context?, depends_on?, ... }. ' +
      'An argument "{{a}}" is replaced by step a\'s value (its structuredContent, else its text) with its type kept; ' +
      '"{{a.items[0].title}}" selects a path (JSON text is parsed on demand); inside a longer string it is interpolated. ' +
      'References imply dependencies.',
  ),
  preset: z
    .enum(['speed', 'balanced', 'reliability', 'cost'])
    .optional()
    .describe(
      'Defaults for concurrency, retries, timeouts and failure mode; explicit fields override them. Without a preset: ' +
        'balanced\'s retries (1) and failure mode, with concurrency and timeouts from the server config.',
    ),
  max_concurrency: concurrencySchema().optional().describe('How many steps may run at once.'),
  failure_mode: z.enum(FAILURE_MODES).optional().describe('partial_completion (default): dependents of a failed step are skipped, other branches go on; fail_fast: the first failure cancels the rest; continue: dependents run anyway.'),
  timeout_ms: timeoutMsSchema().optional().describe(`Timeout for the whole plan in ms (1 to ${MAX_TIMEOUT_MS}).`),
  step_timeout_ms: timeoutMsSchema().optional().describe(`Per-attempt timeout in ms (1 to ${MAX_TIMEOUT_MS}) for steps without their own timeout_ms.`),
  retries: retriesSchema().optional().describe('Retries for steps without their own, for retryable failures only (timeout, transport error, server unavailable). Default: the preset\'s (1 without a preset).'),
  max_calls_per_second: callsPerSecondSchema().optional().describe(`Rate limit on dispatched calls, from ${MIN_CALLS_PER_SECOND} to ${MAX_CALLS_PER_SECOND} per second.`),
  outputs: z.array(z.string()).optional().describe('Ids of the steps whose results are returned in full; the others return status and timings only. Default: all.'),
  infer_dependencies: z.boolean().optional().describe('Run analyze_dependencies first to add dependencies for steps that declare none (explicit depends_on and references are kept).'),
  background: BackgroundField,
};

const StepOutputSchema = z.object({
  id: z.string(),
  /** Tool steps: where the call went. Prompt steps have `kind: "prompt"` and `usage` instead. */
  server: z.string().optional(),
  tool: z.string().optional(),
  kind: z.literal('prompt').optional(),
  usage: UsageOutputSchema.optional(),
  status: z.enum(['ok', 'failed', 'skipped', 'cancelled']),
  attempts: z.number().int(),
  started_ms: z.number().optional().describe('When the step was sent (after any wait for its server).'),
  duration_ms: z.number().optional(),
  wait_ms: z.number().optional().describe('Time spent before sending: waiting for its server to start.'),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
  reason: z.string().optional(),
  late: LateAnswerShape.optional().describe('Present when the step failed (timeout, cancelled) but its server answered afterwards: it ran.'),
  reused: z.boolean().optional().describe('resume_run: the step succeeded in the resumed run; its result is reused, its tool not called again.'),
});

export const RunPlanOutputShape = {
  steps: z.array(StepOutputSchema),
  summary: z.object({
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    cancelled: z.number().int(),
    makespan_ms: z.number(),
    sum_ms: z.number(),
    speedup: z.number().describe('sum_ms / makespan_ms (1 when makespan_ms is 0). It measures overlap only when two steps ran at once and one succeeded; the text then says n/a.'),
    critical_path: z.object({ steps: z.array(z.string()), ms: z.number() }),
    lower_bound_ms: z.number(),
    efficiency: z.number(),
    max_concurrency: z.number().nullable(),
    failure_mode: z.enum(FAILURE_MODES),
    preset: z.enum(['speed', 'balanced', 'reliability', 'cost']),
    retries: z.number().int(),
    not_retried: z
      .array(z.object({ id: z.string(), reason: z.string() }))
      .optional()
      .describe('Failed steps that had retries left but were not retried, and why (a timeout or transport error of a tool not marked read-only or idempotent).'),
    inferred_edges: z.array(z.object({ from: z.string(), to: z.string(), source: z.string(), reason: z.string() })).optional(),
    analysis_method: z.string().optional(),
    /** Tokens of every prompt step's requests (null counts left out); only when the plan has prompt steps. */
    usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() }).optional(),
  }),
};

export type RunPlanInput = z.infer<z.ZodObject<typeof RunPlanInputShape>>;
export type RunPlanOutput = z.infer<z.ZodObject<typeof RunPlanOutputShape>>;

export function registerRunPlanTool(server: McpServer, deps: ServerDeps, runTool: RunToolDeps): void {
  registerRunTool<RunPlanInput>(server, runTool, 'run_plan', {
    title: 'Run a plan of tool calls as a DAG',
    description:
      'Run a whole plan of downstream tool calls at once. Steps run as soon as their dependencies ' +
      'succeed (longest remaining path first), data flows between steps through "{{step_id.path}}" ' +
      'references, with per-step retries and timeouts and a failure mode. Returns every step\'s ' +
      'status in plan order, the results of the `outputs` steps, and a schedule summary ' +
      '(makespan, speedup, critical path, efficiency) with a Mermaid gantt chart. ' +
      'With background: true it answers { run_id } at once; follow it with get_run.',
    inputSchema: strictObject(RunPlanInputShape),
    outputShape: RunPlanOutputShape,
    annotations: { title: 'Run a plan', openWorldHint: true },
    prepare: (input) => ({
      spec: {
        steps: input.steps.map((step) => ({ id: step.id, ...(step.server === undefined ? {} : { server: step.server }), ...(step.tool === undefined ? {} : { tool: step.tool }) })),
        ...(input.outputs ? { outputs: input.outputs } : {}),
      },
      run: async (context) => {
        const outcome = await runPlan(withPool(deps, context.pool), input, {
          signal: context.signal,
          onEvent: context.onEvent,
          server: context.server,
          ...(context.progress ? { progress: context.progress } : {}),
        });
        if (!outcome.ok) return { text: outcome.message, isError: true, runFailed: true };
        return reportOf(runPlanResponse(outcome.output, outcome.gantt, deps.config.settings));
      },
    }),
  });
}

export async function runPlan(
  deps: ServerDeps,
  input: RunPlanInput,
  options: {
    signal?: AbortSignal;
    progress?: (done: number, total: number, message: string) => void;
    server?: McpServer;
    /** Every scheduler event (the run registry follows the steps with them). */
    onEvent?: (event: SchedulerEvent) => void;
    /** resume_run: steps that succeeded before, by id, answered with this result and not called. */
    reuse?: ReadonlyMap<string, ToolResult>;
  },
): Promise<{ ok: true; output: RunPlanOutput; gantt: string } | { ok: false; message: string }> {
  // A named preset sets concurrency, retries, timeouts and failure mode. Without one the plan
  // runs as `balanced` for retries and failure mode, while concurrency and timeouts come from
  // mcp.json (parallelMcp, then each server's timeoutMs): the user's own settings win over a
  // default they did not choose. Explicit fields win over both.
  const presetName: PresetName = (input.preset as PresetName | undefined) ?? DEFAULT_PRESET;
  const preset = PRESETS[presetName];
  const named = input.preset !== undefined;
  const maxConcurrency = input.max_concurrency ?? (named ? preset.max_concurrency : deps.config.settings.maxConcurrency);
  const failureMode = input.failure_mode ?? preset.failure_mode;
  const stepTimeoutMs = input.step_timeout_ms ?? (named ? preset.timeout_ms : undefined);
  const retries = input.retries ?? preset.retries;

  const serverTimeoutOf = (name: string | undefined) =>
    stepTimeoutMs !== undefined || name === undefined ? undefined : deps.config.servers.find((s) => s.name === name)?.timeoutMs;
  // The plan itself first, before any downstream I/O.
  const issues = [...checkOutputs(input), ...promptPlanIssues(input.steps)];
  const validation = validatePlan(input.steps);
  if (!validation.ok) issues.push(...validation.issues);
  // Then its tools, as far as servers that are ready now can tell (nothing is started or waited
  // for): a tool unknown to a ready server is a mistake in the plan, reported with the others.
  // A step whose server is not ready resolves when it runs, and fails alone (unknown_tool,
  // server_unavailable) if it must.
  const known = await resolveKnownTools(deps.pool, input.steps);
  known.forEach((resolution, index) => {
    if (!resolution || isResolved(resolution) || !PLAN_TOOL_CODES.has(resolution.code)) return;
    const code = resolution.code as 'unknown_server' | 'unknown_tool' | 'ambiguous_tool';
    issues.push({ path: `steps[${index}].${code === 'unknown_server' ? 'server' : 'tool'}`, code, message: resolution.message } as PlanIssue);
  });
  if (issues.length > 0 || !validation.ok) return notRun(issues);

  let graph = validation.graph;
  let inferred: { edges: InferredEdge[]; method: string } | undefined;
  if (input.infer_dependencies) {
    inferred = await inferPlanDependencies(deps, input.steps, graph, options.server, options.signal);
    graph = graphFromEdges(graph.ids, [...edgesOf(graph), ...inferred.edges]);
  }

  const prompts = promptStepsOf(input.steps, graph, { server: options.server, deps });
  const steps: AnyStep[] = input.steps.map((step, index) =>
    isPromptStep(step) ? prompts.steps.get(index)! : withReuse(toRunnable(step as ToolPlanStep, graph.dependsOn.get(step.id) ?? []), options.reuse),
  );
  let done = 0;
  const result = await runSteps(deps.pool, steps, known, {
    maxConcurrency,
    failureMode,
    defaultTimeoutMs: stepTimeoutMs ?? deps.config.settings.timeoutMs,
    serverTimeoutOf,
    ...(input.timeout_ms === undefined ? {} : { timeoutMs: input.timeout_ms }),
    // Retries the caller wrote apply to every retryable failure; the preset's only where a repeat is safe.
    ...(input.retries === undefined ? {} : { retries: input.retries }),
    defaultRetries: preset.retries,
    ...(input.max_calls_per_second === undefined ? {} : { maxCallsPerSecond: input.max_calls_per_second }),
    ...(options.signal ? { signal: options.signal } : {}),
    durations: deps.durations,
    onEvent: (event) => {
      options.onEvent?.(event);
      if (event.type === 'finished') {
        options.progress?.(++done, steps.length, `${event.record.id}: ${event.record.status} (${done}/${steps.length})`);
      }
    },
  });

  const summary = summarizeSchedule(result, graph, maxConcurrency);
  const wanted = input.outputs ? new Set(input.outputs) : undefined;
  const output: RunPlanOutput = {
    steps: result.records.map((record, index) => {
      const step = input.steps[index]!;
      const withResult = !wanted || wanted.has(record.id);
      if (isPromptStep(step)) {
        return { ...toStepOutput(record, withResult), kind: 'prompt' as const, usage: promptUsageOutput(prompts.usage, step) };
      }
      const resolution = result.resolutions[index];
      const where = resolution && isResolved(resolution) ? resolution : { server: step.server, tool: step.tool ?? '' };
      const output = { ...toStepOutput(record, withResult), ...(where.server === undefined ? {} : { server: where.server }), tool: where.tool };
      return options.reuse?.has(record.id) && record.status === 'ok' ? { ...output, reused: true } : output;
    }),
    summary: {
      ...summary,
      makespan_ms: round(summary.makespan_ms),
      sum_ms: round(summary.sum_ms),
      speedup: round(summary.speedup, 2),
      critical_path: { steps: summary.critical_path.steps, ms: round(summary.critical_path.ms) },
      lower_bound_ms: round(summary.lower_bound_ms),
      efficiency: round(summary.efficiency, 3),
      failure_mode: failureMode,
      preset: presetName,
      retries,
      ...(result.notRetried.length > 0 ? { not_retried: result.notRetried } : {}),
      ...(inferred ? { inferred_edges: inferred.edges, analysis_method: inferred.method } : {}),
      ...(prompts.steps.size > 0 ? { usage: totalUsage(prompts.usage) } : {}),
    },
  };
  return { ok: true, output, gantt: renderGantt(result.records, 'run_plan schedule') };
}

/** resume_run: a step that succeeded before answers its earlier result and calls nothing. */
function withReuse(step: RunnableStep, reuse: ReadonlyMap<string, ToolResult> | undefined): RunnableStep {
  const result = reuse?.get(step.id);
  return result ? { ...step, reuse: result } : step;
}

function toRunnable(step: ToolPlanStep, dependsOn: readonly string[]): RunnableStep {
  return {
    id: step.id,
    ...(step.server === undefined ? {} : { server: step.server }),
    tool: step.tool,
    ...(step.arguments === undefined ? {} : { arguments: step.arguments }),
    dependsOn,
    ...(step.timeout_ms === undefined ? {} : { timeoutMs: step.timeout_ms }),
    ...(step.retries === undefined ? {} : { retries: step.retries }),
    ...(step.estimated_ms === undefined ? {} : { estimatedMs: step.estimated_ms }),
    ...(step.priority === undefined ? {} : { priority: step.priority }),
    ...(step.as_task ? { asTask: true } : {}),
    ...(step.reset_timeout_on_progress === undefined ? {} : { resetTimeoutOnProgress: step.reset_timeout_on_progress }),
    ...(step.max_total_timeout_ms === undefined ? {} : { maxTotalTimeoutMs: step.max_total_timeout_ms }),
  };
}

function toStepOutput(record: StepRecord, withResult: boolean) {
  return {
    id: record.id,
    status: record.status,
    attempts: record.attempts,
    ...roundedTiming(record),
    ...(withResult && record.result !== undefined ? { result: record.result } : {}),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.reason === undefined ? {} : { reason: record.reason }),
    ...(record.wait_ms === undefined ? {} : { wait_ms: round(record.wait_ms) }),
    ...(record.late === undefined ? {} : { late: withResult || !record.late.ok ? record.late : { ok: true, after_ms: record.late.after_ms } }),
  };
}

function notRun(issues: PlanIssue[]): { ok: false; message: string } {
  return { ok: false, message: `The plan was not run: ${issues.length} problem(s).\n${formatPlanIssues(issues)}` };
}

function checkOutputs(input: RunPlanInput): PlanIssue[] {
  const ids = new Set(input.steps.map((s) => s.id));
  return (input.outputs ?? []).flatMap((id, index) =>
    ids.has(id)
      ? []
      : [{ path: `outputs[${index}]`, code: 'unknown_output', message: `Expected the id of a step, got "${id}"` } as PlanIssue],
  );
}
