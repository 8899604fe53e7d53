/**
 * analyze_dependencies' input, checked by hand for the common case: steps without prompt
 * fields whose every field is valid. Such an input is what the zod schema (analysis/schema.ts)
 * would return for it: returned as it is when its keys come in the schema's order, else
 * copied into that order (as the schema copies). Anything else — an unknown key, a value of
 * the wrong type, a prompt step, a non-plain object — is undefined: the schema decides, and
 * its errors stay as they are. See fast-path-schema.ts; test/tools/analyze-input.test.ts
 * compares both ways on generated inputs.
 */
import type { AnalysisStep, AnalyzeInput } from '../analysis/schema.js';

/** The top-level fields, in the order of AnalyzeInputSchema's shape. */
export const FAST_ANALYZE_KEYS = ['steps', 'strategy'] as const;
/** The step fields the fast path knows, in the order of AnalysisStepSchema's shape (prompt fields left out). */
export const FAST_STEP_KEYS = [
  'id',
  'title',
  'description',
  'step_type',
  'server',
  'tool',
  'arguments',
  'depends_on',
  'needs',
  'provides',
  'estimated_ms',
  'timeout_ms',
  'retries',
  'priority',
  'as_task',
  'reset_timeout_on_progress',
  'max_total_timeout_ms',
] as const;

const STEP_RANK = new Map<string, number>(FAST_STEP_KEYS.map((key, rank) => [key, rank]));

export function fastAnalyzeInput(value: unknown): AnalyzeInput | undefined {
  if (!isPlainObject(value)) return undefined;
  let last = -1;
  let ordered = true;
  let steps: AnalysisStep[] | undefined;
  for (const key in value) {
    const field = value[key];
    let rank: number;
    if (key === 'steps') {
      steps = fastSteps(field);
      if (steps === undefined) return undefined;
      rank = 0;
    } else if (key === 'strategy') {
      if (field !== 'auto' && field !== 'llm' && field !== 'heuristic') return undefined;
      rank = 1;
    } else {
      return undefined;
    }
    if (rank <= last) ordered = false;
    last = rank;
  }
  if (steps === undefined) return undefined;
  if (ordered && steps === value.steps) return value as AnalyzeInput;
  return { steps, ...(value.strategy === undefined ? {} : { strategy: value.strategy as AnalyzeInput['strategy'] }) };
}

/** The steps as the schema returns them (the same array when no step needs a copy), or undefined. */
function fastSteps(steps: unknown): AnalysisStep[] | undefined {
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  let out: AnalysisStep[] | undefined;
  for (let i = 0; i < steps.length; i++) {
    const step = fastStep(steps[i]);
    if (step === undefined) return undefined;
    if (step !== steps[i]) out ??= steps.slice(0, i) as AnalysisStep[];
    out?.push(step);
  }
  return out ?? (steps as AnalysisStep[]);
}

/** The step itself when valid with keys in the schema's order, a copy in that order when valid otherwise, else undefined. */
function fastStep(step: unknown): AnalysisStep | undefined {
  if (!isPlainObject(step)) return undefined;
  let last = -1;
  let ordered = true;
  let hasId = false;
  for (const key in step) {
    const rank = STEP_RANK.get(key);
    if (rank === undefined || !isFastField(key, step[key])) return undefined;
    if (rank === 0) hasId = true;
    if (rank <= last) ordered = false;
    last = rank;
  }
  if (!hasId) return undefined;
  if (ordered) return step as AnalysisStep;
  const copy: Record<string, unknown> = {};
  for (const key of FAST_STEP_KEYS) if (Object.hasOwn(step, key)) copy[key] = step[key];
  return copy as AnalysisStep;
}

function isFastField(key: string, field: unknown): boolean {
  switch (key) {
    case 'id':
      return typeof field === 'string' && field.length > 0;
    case 'title':
    case 'description':
    case 'step_type':
    case 'server':
    case 'tool':
      return typeof field === 'string';
    case 'arguments':
      // z.record(z.string(), z.unknown()) copies own keys but never "__proto__": leave that one to it.
      return isPlainObject(field) && !Object.prototype.hasOwnProperty.call(field, '__proto__');
    case 'depends_on':
    case 'needs':
    case 'provides':
      return isStringArray(field);
    case 'estimated_ms':
      return typeof field === 'number' && Number.isFinite(field) && field >= 0;
    case 'timeout_ms':
    case 'retries':
    case 'priority':
    case 'max_total_timeout_ms':
      return typeof field === 'number' && Number.isFinite(field);
    case 'as_task':
    case 'reset_timeout_on_progress':
      return typeof field === 'boolean';
    default:
      return false;
  }
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** What JSON.parse makes of an object (the schema's output is one too). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
