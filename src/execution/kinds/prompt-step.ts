/**
 * The prompt step kind: a plan step (or a call) answered by a model. Per attempt:
 * `{{references}}` in prompt and system resolve through engine/references.ts, the
 * dependencies' results are appended when `context` is "dependencies", the provider
 * answers (llm/), and with an output schema the JSON is validated, repaired once, and
 * becomes the step's structured value. Provider, model and token usage are kept per step.
 */
import { callError, type CallError, type CallOutcome, type ToolResult } from '../../engine/outcome.js';
import { resolveArguments } from '../../engine/references.js';
import type { ExecuteContext, StepRecord } from '../../engine/scheduler.js';
import { LlmError, type Completion, type CompletionRequest, type LlmClient, type LlmProviderName } from '../../llm/client.js';
import { chooseProvider, type LlmProviders, type ProviderChoice } from '../../llm/providers.js';
import { compileOutputSchema, completeValidated } from '../../llm/structured-output.js';
import { lookupValue } from '../step-values.js';
import type { KindStep } from './step-kind.js';

export interface PromptStepSpec {
  id: string;
  title?: string;
  dependsOn: readonly string[];
  prompt: string;
  system?: string;
  provider?: ProviderChoice;
  model?: string;
  outputSchema?: Record<string, unknown>;
  maxTokens?: number;
  temperature?: number;
  context?: 'none' | 'dependencies';
  timeoutMs?: number;
  retries?: number;
  estimatedMs?: number;
  priority?: number;
}

/** What a prompt step's record adds: who answered and the tokens of every request it made. */
export interface PromptStepUsage {
  provider: LlmProviderName | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
}

export interface PromptSteps {
  steps: KindStep[];
  /** By step id: filled as requests answer (null counts where the provider gives none). */
  usage: Map<string, PromptStepUsage>;
}

export function promptKindSteps(
  specs: readonly PromptStepSpec[],
  options: { providers: LlmProviders; titles?: ReadonlyMap<string, string | undefined> },
): PromptSteps {
  const usage = new Map<string, PromptStepUsage>();
  const steps = specs.map((spec): KindStep => {
    const chosen = chooseProvider(spec.provider ?? 'auto', options.providers);
    const compiled = spec.outputSchema === undefined ? undefined : compileOutputSchema(spec.outputSchema);
    const failsAtOnce: CallError | undefined = !chosen.ok
      ? toCallError(chosen.error)
      : compiled && !compiled.ok
        ? callError('invalid_arguments', `output_schema: ${compiled.message}`)
        : undefined;
    if (chosen.ok) usage.set(spec.id, { provider: chosen.client.name, model: spec.model ?? null, input_tokens: null, output_tokens: null });
    return {
      kind: 'prompt',
      id: spec.id,
      dependsOn: spec.dependsOn,
      durationKey: `llm/${chosen.ok ? chosen.client.name : 'none'}`,
      ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
      ...(spec.retries === undefined ? {} : { retries: spec.retries }),
      ...(spec.estimatedMs === undefined ? {} : { estimatedMs: spec.estimatedMs }),
      ...(spec.priority === undefined ? {} : { priority: spec.priority }),
      ...(failsAtOnce ? { settlesAtOnce: true } : {}),
      run: (context) => {
        if (failsAtOnce) return { ok: false, error: failsAtOnce };
        if (!chosen.ok) return { ok: false, error: toCallError(chosen.error) };
        const validate = compiled?.ok ? compiled.validate : undefined;
        return withTimeout(spec.id, context, (attempt) =>
          runPrompt(spec, chosen.client, validate, attempt, options.titles, (c) => addUsage(usage, spec.id, c)),
        );
      },
    };
  });
  return { steps, usage };
}

/**
 * The attempt's timeout, enforced here (the executor owns it: the scheduler keeps no
 * deadline for steps whose executor times them): on expiry the request is aborted through
 * its signal and the attempt ends with `timeout`. The wait for a model slot counts.
 */
async function withTimeout(
  id: string,
  context: ExecuteContext,
  run: (context: ExecuteContext) => Promise<CallOutcome>,
): Promise<CallOutcome> {
  const timeoutMs = context.timeoutMs;
  if (timeoutMs === undefined) return run(context);
  const controller = new AbortController();
  const onAbort = () => controller.abort(context.signal.reason);
  if (context.signal.aborted) controller.abort(context.signal.reason);
  else context.signal.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => {
      const error = callError('timeout', `Expected step "${id}" to finish within ${timeoutMs} ms, got no answer in time (attempt ${context.attempt})`);
      controller.abort(new Error(error.message));
      resolve({ ok: false, error });
    }, timeoutMs);
  });
  try {
    // Not a spread: the context's signal is made on first read (engine/scheduler.ts).
    const timed: ExecuteContext = { attempt: context.attempt, timeoutMs, records: context.records, signal: controller.signal, ...(context.runSignal ? { runSignal: context.runSignal } : {}) };
    return await Promise.race([run(timed), expired]);
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', onAbort);
  }
}

async function runPrompt(
  spec: PromptStepSpec,
  client: LlmClient,
  validate: Parameters<typeof completeValidated>[2] | undefined,
  context: ExecuteContext,
  titles: ReadonlyMap<string, string | undefined> | undefined,
  onCompletion: (completion: Completion) => void,
): Promise<CallOutcome> {
  const fields: Record<string, unknown> = spec.system === undefined ? { prompt: spec.prompt } : { prompt: spec.prompt, system: spec.system };
  const resolved = resolveArguments(fields, (id) => lookupValue(context.records, id), '');
  if (!resolved.ok) return { ok: false, error: resolved.error };
  let prompt = asText(resolved.value.prompt);
  if (spec.context === 'dependencies') prompt += dependencyContext(spec.dependsOn, context.records, titles);
  const request: CompletionRequest = {
    messages: [{ role: 'user', text: prompt }],
    signal: context.signal,
    ...(resolved.value.system === undefined ? {} : { system: asText(resolved.value.system) }),
    ...(spec.model === undefined ? {} : { model: spec.model }),
    ...(spec.maxTokens === undefined ? {} : { maxTokens: spec.maxTokens }),
    ...(spec.temperature === undefined ? {} : { temperature: spec.temperature }),
    // Sampling's SDK request timeout sits past the step's, so the step's timeout decides.
    ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs + 5_000 }),
  };
  try {
    if (spec.outputSchema && validate) {
      const answer = await completeValidated(client, { ...request, schema: spec.outputSchema }, validate, onCompletion);
      const result: ToolResult = {
        content: [{ type: 'text', text: JSON.stringify(answer.value) }],
        // The parsed JSON is the step's value (typed for {{step.path}}), whatever its type.
        structuredContent: answer.value as ToolResult['structuredContent'],
      };
      return { ok: true, result };
    }
    const answer = await client.complete(request);
    onCompletion(answer);
    return { ok: true, result: { content: [{ type: 'text', text: answer.text }] } };
  } catch (error) {
    if (error instanceof LlmError) return { ok: false, error: toCallError(error) };
    if (context.signal.aborted) return { ok: false, error: callError('cancelled', `model request aborted: ${error instanceof Error ? error.message : String(error)}`) };
    return { ok: false, error: callError('llm_error', `model request failed: ${error instanceof Error ? error.message : String(error)}`) };
  }
}

/** The dependencies' results, each labelled with its id and title, after the prompt. */
function dependencyContext(
  dependsOn: readonly string[],
  records: ReadonlyMap<string, StepRecord>,
  titles: ReadonlyMap<string, string | undefined> | undefined,
): string {
  if (dependsOn.length === 0) return '';
  const parts = dependsOn.map((id) => {
    const found = lookupValue(records, id);
    const title = titles?.get(id);
    const value = found.found ? found.value : '(no result)';
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    return `### ${id}${title ? ` (${title})` : ''}\n${text}`;
  });
  return `\n\nResults of the steps this one depends on:\n\n${parts.join('\n\n')}`;
}

function addUsage(usage: Map<string, PromptStepUsage>, id: string, completion: Completion): void {
  const current = usage.get(id) ?? { provider: completion.provider, model: null, input_tokens: null, output_tokens: null };
  const sum = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  usage.set(id, {
    provider: completion.provider,
    model: completion.model ?? current.model,
    input_tokens: sum(current.input_tokens, completion.usage.input_tokens),
    output_tokens: sum(current.output_tokens, completion.usage.output_tokens),
  });
}

export function toCallError(error: LlmError): CallError {
  const { provider, status, retryAfterMs } = error.details;
  const details = {
    ...(provider === undefined ? {} : { provider }),
    ...(status === undefined ? {} : { status }),
    ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }),
  };
  const message = status === undefined ? error.message : `${provider ?? 'the model'} answered HTTP ${status}: ${error.message}`;
  return callError(error.code, message, Object.keys(details).length > 0 ? details : undefined);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The spec of a plan step or call with a `prompt` (field names as in the tool input). */
export function promptSpecOf(
  step: {
    id: string;
    prompt: string;
    title?: string | undefined;
    system?: string | undefined;
    provider?: ProviderChoice | undefined;
    model?: string | undefined;
    output_schema?: Record<string, unknown> | undefined;
    max_tokens?: number | undefined;
    temperature?: number | undefined;
    context?: 'none' | 'dependencies' | undefined;
    timeout_ms?: number | undefined;
    retries?: number | undefined;
    estimated_ms?: number | undefined;
    priority?: number | undefined;
  },
  dependsOn: readonly string[],
): PromptStepSpec {
  const spec: PromptStepSpec = { id: step.id, prompt: step.prompt, dependsOn };
  if (step.title !== undefined) spec.title = step.title;
  if (step.system !== undefined) spec.system = step.system;
  if (step.provider !== undefined) spec.provider = step.provider;
  if (step.model !== undefined) spec.model = step.model;
  if (step.output_schema !== undefined) spec.outputSchema = step.output_schema;
  if (step.max_tokens !== undefined) spec.maxTokens = step.max_tokens;
  if (step.temperature !== undefined) spec.temperature = step.temperature;
  if (step.context !== undefined) spec.context = step.context;
  if (step.timeout_ms !== undefined) spec.timeoutMs = step.timeout_ms;
  if (step.retries !== undefined) spec.retries = step.retries;
  if (step.estimated_ms !== undefined) spec.estimatedMs = step.estimated_ms;
  if (step.priority !== undefined) spec.priority = step.priority;
  return spec;
}
