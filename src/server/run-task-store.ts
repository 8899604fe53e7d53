/**
 * The SDK's TaskStore (experimental MCP Tasks) over the run registry: a task is a run, its
 * taskId the run_id. tasks/get, tasks/result, tasks/list and tasks/cancel are answered by
 * the SDK's Protocol from this store; tasks are created by the run tools (server/run-tool.ts).
 * A session sees its own tasks only (the SDK's contract for shared stores).
 */
import type { CreateTaskOptions, TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { isTaskAugmentedRequestParams, type Request, type RequestId, type Result, type Task } from '@modelcontextprotocol/sdk/types.js';
import { finishedAnswer, type RunAnswer } from '../runs/run-answer.js';
import type { RunRegistry } from '../runs/run-registry.js';
import type { RunView } from '../runs/run-types.js';

/** How often a task's client should poll tasks/get (the SDK's callToolStream follows it). */
export const TASK_POLL_INTERVAL_MS = 500;

export class RunTaskStore implements TaskStore {
  /** Answers a non-task call gets instead of the run's report (a background run's "working"). */
  private readonly answers = new Map<string, RunAnswer>();

  constructor(private readonly runs: RunRegistry) {}

  /** Called by the run tools through the SDK's RequestTaskStore: reserves the run. */
  async createTask(_params: CreateTaskOptions, _requestId: RequestId, request: Request, sessionId?: string): Promise<Task> {
    // The cheap test first: the schema's only for a request that has a task field.
    const mode = request.params?.task !== undefined && isTaskAugmentedRequestParams(request.params) ? 'task' : 'foreground';
    const id = this.runs.reserve({ mode, ...(sessionId === undefined ? {} : { session: sessionId }) });
    // A foreground call's task never leaves the process (run-tool.ts reads its taskId): no dates to format.
    return mode === 'task' ? taskOf(this.runs.get(id)!, this.runs.ttlMs) : innerTask(id, 'working');
  }

  async getTask(taskId: string, sessionId?: string): Promise<Task | null> {
    const view = this.visible(taskId, sessionId);
    return view ? taskOf(view, this.runs.ttlMs) : null;
  }

  /** The run tools end their runs through the registry, not through this. */
  async storeTaskResult(): Promise<void> {}

  async getTaskResult(taskId: string, sessionId?: string): Promise<Result> {
    const answer = this.answers.get(taskId);
    if (answer) {
      this.answers.delete(taskId);
      return answer;
    }
    // No view: an ended run's copies every step (runs/run-registry.ts endOf).
    if (!this.runs.isOf(taskId, sessionId)) throw new Error(`Task not found: ${taskId}`);
    // A cancelled run is terminal at once; its report follows when its calls have ended.
    await this.runs.whenEnded(taskId);
    const end = this.runs.endOf(taskId);
    if (!end) throw new Error(`Task not found: ${taskId}`);
    return finishedAnswer(end);
  }

  async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string, sessionId?: string): Promise<void> {
    if (!this.visible(taskId, sessionId)) throw new Error(`Task not found: ${taskId}`);
    if (status === 'cancelled') this.runs.cancel(taskId, statusMessage ?? 'cancelled by tasks/cancel');
  }

  async listTasks(_cursor?: string, sessionId?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
    const tasks = this.runs
      .list()
      .filter((view) => view.mode === 'task' && view.session === sessionId)
      .map((view) => taskOf(view, this.runs.ttlMs));
    return { tasks };
  }

  /** The next getTaskResult of this run answers `answer` (a background run's immediate answer). */
  answerOnce(taskId: string, answer: RunAnswer): void {
    this.answers.set(taskId, answer);
  }

  private visible(taskId: string, sessionId: string | undefined): RunView | undefined {
    const view = this.runs.get(taskId);
    return view && view.session === sessionId ? view : undefined;
  }
}

/** The task of a foreground call, which only the SDK's tools/call handler sees (its taskId and status). */
export function innerTask(taskId: string, status: Task['status']): Task {
  return { taskId, status, ttl: null, createdAt: '', lastUpdatedAt: '' };
}

export function taskOf(view: RunView, ttlMs: number): Task {
  const task: Task = {
    taskId: view.run_id,
    status: view.status,
    ttl: ttlMs,
    createdAt: new Date(view.created_at).toISOString(),
    lastUpdatedAt: new Date(view.updated_at).toISOString(),
    pollInterval: TASK_POLL_INTERVAL_MS,
  };
  const news = view.progress_message === undefined ? '' : `; ${view.progress_message}`;
  const message = view.status_message ?? (view.status === 'working' ? `${view.progress.done}/${view.progress.total} steps done${news}` : undefined);
  if (message !== undefined) task.statusMessage = message;
  return task;
}
