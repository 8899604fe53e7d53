/**
 * Baseline: eager FIFO dispatch without priorities. A step joins the back of the ready queue
 * the moment its last dependency ends (initial roots in plan order); whenever a slot is free
 * the queue's head runs. This is what an event-driven executor without critical-path
 * priorities does (LLMCompiler-style, but event-driven instead of polling and with a cap).
 * Bench only — never shipped.
 */

import { dependentsOf, depsOf, type DependencyGraph } from '../src/engine/graph.js';

export type RunStep = (id: string) => Promise<void>;

export interface BaselineRun {
  graph: DependencyGraph;
  runStep: RunStep;
  /** Slots; Infinity for unlimited. */
  maxConcurrency: number;
}

export function runFifo({ graph, runStep, maxConcurrency }: BaselineRun): Promise<void> {
  const dependents = dependentsOf(graph);
  const waitingOn = new Map(graph.ids.map((id) => [id, depsOf(graph, id).length]));
  const queue: string[] = graph.ids.filter((id) => waitingOn.get(id) === 0);
  let head = 0;
  let running = 0;
  let finished = 0;
  return new Promise<void>((resolve, reject) => {
    if (graph.ids.length === 0) return resolve();
    const pump = (): void => {
      while (running < maxConcurrency && head < queue.length) {
        const id = queue[head++]!;
        running++;
        runStep(id).then(() => {
          running--;
          finished++;
          for (const child of dependents.get(id) ?? []) {
            const left = waitingOn.get(child)! - 1;
            waitingOn.set(child, left);
            if (left === 0) queue.push(child);
          }
          if (finished === graph.ids.length) resolve();
          else pump();
        }, reject);
      }
    };
    pump();
  });
}
