/**
 * Seeded random DAGs with lognormal step durations, for the scheduling benchmark.
 *
 * Shape: steps s0..s(n-1) in plan order (plan order is a topological order, as a planner
 * writes it). Each step has no dependency with probability 0.15, else 1-3 dependencies drawn
 * uniformly from the previous `window` steps (window = max(4, n/5)), so plans have both
 * long chains and wide fan-outs, and levels of very uneven duration.
 */

import type { DependencyGraph } from '../src/engine/graph.js';

export interface TimedDag {
  graph: DependencyGraph;
  /** id -> duration in ms. */
  durations: Map<string, number>;
}

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Lognormal durations clamped to [minMs, maxMs], whole milliseconds: the median is the
 * geometric mean of the bounds and the bounds sit at about +-2.33 sigma (1st/99th percentile).
 */
export function lognormalDuration(random: () => number, minMs = 5, maxMs = 200): number {
  const mu = (Math.log(minMs) + Math.log(maxMs)) / 2;
  const sigma = (Math.log(maxMs) - Math.log(minMs)) / (2 * 2.326);
  const u1 = Math.max(random(), Number.EPSILON);
  const u2 = random();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(Math.min(maxMs, Math.max(minMs, Math.exp(mu + sigma * normal))));
}

export function randomDag(n: number, random: () => number): TimedDag {
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const dependsOn = new Map<string, string[]>();
  const durations = new Map<string, number>();
  const window = Math.max(4, Math.round(n / 5));
  for (let i = 0; i < n; i++) {
    const deps = new Set<string>();
    if (i > 0 && random() >= 0.15) {
      const count = 1 + Math.floor(random() * 3);
      const from = Math.max(0, i - window);
      for (let j = 0; j < count; j++) deps.add(ids[from + Math.floor(random() * (i - from))]!);
    }
    dependsOn.set(ids[i]!, [...deps]);
    durations.set(ids[i]!, lognormalDuration(random));
  }
  return { graph: { ids, dependsOn }, durations };
}
