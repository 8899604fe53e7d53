/**
 * A downstream call made as an MCP task (experimental, 2025-11-25): for tools whose
 * `execution.taskSupport` is "required" (a plain tools/call fails on them), through the SDK
 * client's callToolStream. Each task status becomes progress of the call; an abort (the
 * caller's cancel, the step's timeout) becomes tasks/cancel; the result comes back as any
 * call's does. The experimental client API stays in this file.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from '../engine/outcome.js';
import { NO_SDK_TIMEOUT_MS } from './call-timeout.js';

export interface TaskCallOptions {
  /** Aborts the task (tasks/cancel): the caller's cancel, or the end of the grace after its timeout. */
  signal?: AbortSignal;
  /** How long the tasks/cancel request may wait for its answer. The call's own timeout is call-timeout.ts's. */
  cancelTimeoutMs: number;
  onProgress?: (progress: { progress: number; message?: string }) => void;
}

/** Resolves with the tool's result; rejects as the SDK's callTool does (McpError and the like). */
export async function callToolAsTask(client: Client, tool: string, args: Record<string, unknown>, options: TaskCallOptions): Promise<ToolResult> {
  let taskId: string | undefined;
  let cancelSent = false;
  const cancel = () => {
    if (taskId === undefined || cancelSent) return;
    cancelSent = true;
    void client.experimental.tasks.cancelTask(taskId, { timeout: options.cancelTimeoutMs }).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  let updates = 0;
  try {
    const stream = client.experimental.tasks.callToolStream({ name: tool, arguments: args }, CallToolResultSchema, {
      task: {},
      // The requests of the task (creation, tasks/get, tasks/result) get no timer that can fire.
      timeout: NO_SDK_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for await (const message of stream) {
      if (message.type === 'taskCreated') {
        taskId = message.task.taskId;
        if (options.signal?.aborted) cancel();
      } else if (message.type === 'taskStatus') {
        const { status, statusMessage } = message.task;
        options.onProgress?.({ progress: ++updates, message: statusMessage === undefined ? status : `${status} — ${statusMessage}` });
      } else if (message.type === 'result') {
        return message.result as ToolResult;
      } else if (message.type === 'error') {
        throw message.error;
      }
    }
    throw new McpError(-32603, `task of ${tool} ended without a result`);
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    if (options.signal?.aborted) cancel();
  }
}
