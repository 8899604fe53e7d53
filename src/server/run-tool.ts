/**
 * Registers a tool whose calls are runs (run_plan, call_tools_parallel, resume_run). Every
 * call is a run in the registry, followed one of three ways:
 * - foreground: the request waits and answers the run's report (with its run_id); a
 *   cancelled request cancels the run;
 * - `background: true`: answers `{ run_id, status: "working" }` at once; get_run follows it;
 * - an MCP task (a task-augmented tools/call): answers CreateTaskResult; tasks/get,
 *   tasks/result, tasks/list, tasks/cancel come from the SDK over RunTaskStore, with
 *   notifications/tasks/status as steps finish.
 * The experimental tasks API stays here, at the server edge; the tools hand in plain work.
 */
import type { CreateTaskRequestHandlerExtra, TaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { RequestId, Task, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { DownstreamPool } from '../downstream/pool.js';
import type { SchedulerEvent } from '../engine/scheduler.js';
import { RUN_STATUSES, type RunMode, type RunReport, type RunSpec, type RunStepSpec, type RunTool } from '../runs/run-types.js';
import { stepNews } from '../runs/step-news.js';
import type { BeginOptions, ReserveOptions, RunRegistry } from '../runs/run-registry.js';
import { finishedAnswer, startedAnswer } from '../runs/run-answer.js';
import { createProgressReporter, type ProgressExtra, type ProgressReporter } from '../tools/progress.js';
import { registerLeanTool, type LeanReply, type LeanRequest } from './lean-tools-call.js';
import { innerTask, taskOf, type RunTaskStore } from './run-task-store.js';

export interface RunToolContext {
  signal: AbortSignal;
  onEvent: (event: SchedulerEvent) => void;
  /** Foreground calls with a progressToken only. */
  progress?: ProgressReporter;
  server: McpServer;
  /** The pool the run calls through (its relay target set: create-server.ts); else the tool's own. */
  pool?: DownstreamPool;
}

/** A prepared run: what it will do, and the work. */
export interface PreparedRun {
  spec: Omit<RunSpec, 'tool'>;
  /**
   * Every reader of the run's signal uses only aborted, reason, throwIfAborted and 'abort'
   * listeners (runs/run-stop.ts): the registry may give it a signal without an EventTarget.
   */
  lightSignal?: boolean;
  run: (context: RunToolContext) => Promise<RunReport>;
}

export interface RunToolConfig<Input> {
  title: string;
  description: string;
  inputSchema: z.ZodType<Input>;
  /** The foreground output shape; its fields become optional beside `run_id` and `status`. */
  outputShape: ZodRawShapeCompat;
  annotations: ToolAnnotations;
  /** Checks what can be checked without I/O; throws (the call fails) on bad input. */
  prepare: (input: Input) => PreparedRun;
  /**
   * The lean path's check of the common input shape, without zod: the input as `inputSchema`
   * parses it, or undefined to let the schema parse it (a property test must hold that).
   */
  parsePlain?: (input: unknown) => Input | undefined;
}

/**
 * What a run tool's call reads of the request that made it, whichever path brought it: the
 * SDK's (its handler `extra`) or the lean one (server/lean-tools-call.ts).
 */
export interface RunRequest extends ProgressExtra {
  requestId: RequestId;
  sessionId?: string | undefined;
  /** Reserves the call's run (the SDK's RequestTaskStore.createTask). */
  createTask: (options: { ttl: number }) => Promise<Task>;
  /** `onCancel` runs when the request is cancelled from now on; the function returned stops that. */
  onCancel: (onCancel: () => void) => () => void;
}

/** What a run reads of its request after it is reserved, whichever path brought it. */
export type RequestOfRun = Omit<RunRequest, 'createTask'>;

export interface RunToolDeps {
  runs: RunRegistry;
  taskStore: RunTaskStore;
  /** Wraps each run's work, handing it the pool to call through (create-server.ts: one relaying to the request's session). */
  around?: <T>(request: RequestOfRun, mode: RunMode, work: (pool?: DownstreamPool) => Promise<T>) => Promise<T>;
}

/** The `background` input field of the run tools. */
export const BackgroundField = z
  .boolean()
  .optional()
  .describe('Answer at once with { run_id, status: "working" } and run on; follow it with get_run (long poll with wait_ms), stop it with cancel_run.');

/** A run tool's output schema: the foreground fields, optional, beside run_id and status. */
export function runOutputShape(shape: ZodRawShapeCompat): ZodRawShapeCompat {
  const optional = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, (schema as z.ZodType).optional()]));
  return {
    run_id: z.string().describe('This run; get_run, cancel_run and resume_run take it.'),
    status: z.enum(RUN_STATUSES).optional(),
    ...optional,
  };
}

export function registerRunTool<Input extends { background?: boolean | undefined }>(
  server: McpServer,
  deps: RunToolDeps,
  name: RunTool,
  config: RunToolConfig<Input>,
): void {
  const { runs, taskStore } = deps;
  /** A call's run, started for a request of either path; answers what the SDK's createTask answers. */
  const startRun = async (args: Input, request: RunRequest) => {
    const prepared = config.prepare(args);
    const created = await request.createTask({ ttl: runs.ttlMs });
    const id = created.taskId;
    const asTask = runs.modeOf(id) === 'task';
    const background = !asTask && args.background === true;
    if (background) runs.setMode(id, 'background');
    const foreground = !asTask && !background;
    const progress = foreground ? progressOf(request) : undefined;
    const mode: RunMode = asTask ? 'task' : background ? 'background' : 'foreground';
    beginRun(id, args, prepared, request, mode, progress);
    if (asTask) {
      followAsTask(server, runs, id);
      return { task: created };
    }
    if (background) {
      const view = runs.get(id)!;
      taskStore.answerOnce(id, startedAnswer(view));
      return { task: { ...taskOf(view, runs.ttlMs), status: 'completed' as const } };
    }
    await holdForeground(id, request, progress);
    // The SDK then answers the request with taskStore.getTaskResult (the run's report).
    return { task: innerTask(id, 'completed') };
  };
  /** Starts a reserved run's work; a run that cannot start fails, and so does the call. */
  const beginRun = (id: string, args: Input, prepared: PreparedRun, request: RequestOfRun, mode: RunMode, progress: ProgressReporter | undefined): void => {
    const around = deps.around ?? aroundNothing;
    try {
      runs.begin(
        id,
        specOf(name, args, prepared.spec),
        (run) =>
        around(request, mode, (pool) => {
          // Set field by field, no conditional spreads: this runs once per request.
          const context: RunToolContext = {
            signal: run.signal,
            onEvent: progress ? withNewsAsProgress(run.onEvent, progress, name, prepared.spec.steps) : run.onEvent,
            server,
          };
          if (progress) context.progress = progress;
          if (pool) context.pool = pool;
          return prepared.run(context);
        }),
        prepared.lightSignal === true ? LIGHT_SIGNAL : undefined,
      );
    } catch (error) {
      runs.fail(id, `The run could not start: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };
  /** Foreground: the request holds the run until it ends; cancelling the request cancels the run. */
  const holdForeground = async (id: string, request: RequestOfRun, progress: ProgressReporter | undefined): Promise<void> => {
    const stopWatching = request.onCancel(() => runs.cancel(id, 'the client cancelled the request'));
    try {
      await runs.whenEnded(id);
      if (progress) await progress.flush();
    } finally {
      stopWatching();
    }
  };
  /**
   * A plain call that is not a background one, on the lean path: what the SDK's automatic
   * task polling does with createTask, the completed task and the task store's result, without
   * the round trips through the store (RunTaskStore.createTask and getTaskResult do the same
   * for a request without a task field) and without building the run's view.
   */
  const answerForeground = (args: Input, request: LeanRequest, reply: LeanReply): void => {
    const prepared = config.prepare(args);
    const id = runs.reserve(request.sessionId === undefined ? FOREGROUND : { mode: 'foreground', session: request.sessionId });
    const progress = progressOf(request);
    beginRun(id, args, prepared, request, 'foreground', progress);
    if (progress) {
      answerWithProgress(id, request, progress).then(
        (result) => reply.answered(result),
        (error: unknown) => reply.failed(error),
      );
      return;
    }
    // holdForeground, inline: the answer is made inside the run's end (runs.onEnded) and
    // handed to the reply there, with no promise of its own (this runs once per request).
    const stopWatching = request.onCancel(() => runs.cancel(id, 'the client cancelled the request'));
    runs.onEnded(id, () => {
      try {
        stopWatching();
        const end = runs.endOf(id);
        if (end) reply.answeredRun(end);
        else reply.failed(new Error(`Task not found: ${id}`));
      } catch (error) {
        reply.failed(error);
      }
    });
  };
  /** answerForeground for a call with a progressToken: the progress sent is flushed before the answer. */
  const answerWithProgress = async (id: string, request: LeanRequest, progress: ProgressReporter): Promise<Record<string, unknown>> => {
    const stopWatching = request.onCancel(() => runs.cancel(id, 'the client cancelled the request'));
    try {
      await runs.whenEnded(id);
      await progress.flush();
    } finally {
      stopWatching();
    }
    const end = runs.endOf(id);
    if (!end) throw new Error(`Task not found: ${id}`);
    return finishedAnswer(end);
  };
  /** A plain `background: true` call: the started answer, through the task store as the SDK's path gives it. */
  const answerBackground = async (args: Input, request: LeanRequest): Promise<Record<string, unknown>> => {
    // Member by member: the lean request may be a class whose methods a spread would not copy.
    const runRequest: RunRequest = {
      requestId: request.requestId,
      sessionId: request.sessionId,
      sendNotification: (notification) => request.sendNotification(notification),
      onCancel: (onCancel) => request.onCancel(onCancel),
      createTask: (options) => taskStore.createTask(options, request.requestId, { method: 'tools/call', params: request.params }, request.sessionId),
    };
    if (request._meta !== undefined) runRequest._meta = request._meta;
    const { task } = await startRun(args, runRequest);
    return taskStore.getTaskResult(task.taskId, request.sessionId);
  };
  const registered = server.experimental.tasks.registerToolTask(
    name,
    {
      title: config.title,
      description: config.description,
      inputSchema: config.inputSchema as never,
      outputSchema: runOutputShape(config.outputShape),
      annotations: config.annotations,
      execution: { taskSupport: 'optional' },
    },
    {
      createTask: (input: unknown, extra: CreateTaskRequestHandlerExtra) => startRun(input as Input, sdkRunRequest(extra)),
      getTask: async (_input: unknown, extra: TaskRequestHandlerExtra) => {
        const task = await taskStore.getTask(extra.taskId, extra.sessionId);
        if (!task) throw new Error(`Task not found: ${extra.taskId}`);
        return task;
      },
      getTaskResult: async (_input: unknown, extra: TaskRequestHandlerExtra) => (await taskStore.getTaskResult(extra.taskId, extra.sessionId)) as never,
    } as never,
  );
  // A plain call (not task-augmented) is the SDK's automatic task polling: createTask, whose
  // task is then completed, and the task store's result (server/lean-tools-call.ts).
  registerLeanTool(server, name, {
    registered,
    ...(config.parsePlain ? { parsePlain: config.parsePlain } : {}),
    call: (args, request, reply) => {
      if ((args as Input).background !== true) {
        answerForeground(args as Input, request, reply);
        return;
      }
      answerBackground(args as Input, request).then(
        (result) => reply.answered(result),
        (error: unknown) => reply.failed(error),
      );
    },
  });
}

/** The run as the registry keeps it (field by field: once per request). */
function specOf(tool: RunTool, input: unknown, spec: PreparedRun['spec']): RunSpec {
  const full: RunSpec = { tool, input, steps: spec.steps };
  if (spec.outputs !== undefined) full.outputs = spec.outputs;
  if (spec.input !== undefined) full.input = spec.input;
  if (spec.resumed_from !== undefined) full.resumed_from = spec.resumed_from;
  return full;
}

const FOREGROUND: ReserveOptions = Object.freeze({ mode: 'foreground' });
const LIGHT_SIGNAL: BeginOptions = Object.freeze({ lightSignal: true });

/** A foreground call's progress notifications, when its client asked for them (a progressToken). */
function progressOf(request: ProgressExtra): ProgressReporter | undefined {
  return request._meta?.progressToken !== undefined ? createProgressReporter(request) : undefined;
}

/** No `around` given: the work runs as it is. */
function aroundNothing<T>(_request: RequestOfRun, _mode: RunMode, work: (pool?: DownstreamPool) => Promise<T>): Promise<T> {
  return work();
}

/** The SDK's request context as a RunRequest. */
function sdkRunRequest(extra: CreateTaskRequestHandlerExtra): RunRequest {
  const request: RunRequest = {
    requestId: extra.requestId,
    sessionId: extra.sessionId,
    sendNotification: extra.sendNotification,
    createTask: (options) => extra.taskStore.createTask(options),
    onCancel: (onCancel) => {
      // An aborted signal fires no more 'abort': a request cancelled before the tool listened.
      if (extra.signal.aborted) {
        onCancel();
        return () => {};
      }
      extra.signal.addEventListener('abort', onCancel, { once: true });
      return () => extra.signal.removeEventListener('abort', onCancel);
    },
  };
  if (extra._meta !== undefined) request._meta = extra._meta;
  return request;
}

/** A foreground run's step news (a downstream task's status) also goes to its progress notifications. */
function withNewsAsProgress(onEvent: (event: SchedulerEvent) => void, progress: ProgressReporter, tool: RunTool, steps: readonly RunStepSpec[]): (event: SchedulerEvent) => void {
  const byId = new Map(steps.map((step) => [step.id, step]));
  return (event) => {
    onEvent(event);
    if (event.type === 'progress') progress.note(stepNews(tool, byId.get(event.id), event.id, event.message), steps.length);
  };
}

/** notifications/tasks/status as the run's steps finish or tell news (a downstream task's status), and when it ends. */
function followAsTask(server: McpServer, runs: RunRegistry, id: string): void {
  // Steps starting are not news: a notification per finished step, and one for the end.
  let lastDone = 0;
  let lastStatus = 'working';
  let lastNews: string | undefined;
  const unsubscribe = runs.subscribe(id, (view) => {
    if (view.progress.done === lastDone && view.status === lastStatus && view.progress_message === lastNews && view.report === undefined) return;
    lastDone = view.progress.done;
    lastStatus = view.status;
    lastNews = view.progress_message;
    const ended = view.report !== undefined;
    if (ended) unsubscribe();
    void server.server
      .notification({ method: 'notifications/tasks/status', params: taskOf(view, runs.ttlMs) })
      .catch(() => undefined);
  });
}
