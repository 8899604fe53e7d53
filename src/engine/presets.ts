/**
 * Named settings for run_plan and call_tools_parallel; explicit fields override them.
 * - speed: many calls at once, no retries, short timeouts.
 * - balanced (default): moderate concurrency, one retry of transient failures.
 * - reliability: gentle on servers, three retries, long timeouts.
 * - cost: few calls at once and stop at the first failure, so no work is wasted.
 */
import type { FailureMode } from './scheduler.js';

export type PresetName = 'speed' | 'balanced' | 'reliability' | 'cost';

export interface Preset {
  max_concurrency: number;
  retries: number;
  timeout_ms: number;
  failure_mode: FailureMode;
}

export const PRESET_NAMES = ['speed', 'balanced', 'reliability', 'cost'] as const satisfies readonly PresetName[];

export const DEFAULT_PRESET: PresetName = 'balanced';

export const PRESETS: Record<PresetName, Preset> = {
  speed: { max_concurrency: 32, retries: 0, timeout_ms: 30_000, failure_mode: 'partial_completion' },
  balanced: { max_concurrency: 8, retries: 1, timeout_ms: 60_000, failure_mode: 'partial_completion' },
  reliability: { max_concurrency: 4, retries: 3, timeout_ms: 120_000, failure_mode: 'partial_completion' },
  cost: { max_concurrency: 2, retries: 0, timeout_ms: 60_000, failure_mode: 'fail_fast' },
};
