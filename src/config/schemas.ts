/**
 * The zod schemas of a server entry and of `parallelMcp` (config/core.ts reads the rest), and
 * the RawChecks built on them: what parseConfig (config.ts) uses, and what config/load.ts
 * falls back to when the plain start-up check (config/plain-checks.ts) gives up.
 */
import * as z from 'zod';
import { TIMEOUT_EXPECTED } from '../engine/max-timeout.js';
import { MAX_LIMIT_BYTES, MIN_LIMIT_BYTES } from '../tools/response-budget.js';
import {
  MAX_CANCEL_GRACE_MS,
  MAX_CONCURRENCY_LIMIT,
  MAX_REQUESTS_PER_MINUTE,
  MAX_RUNS,
  MAX_TIMEOUT_MS,
  type RawChecks,
  type RawServerEntry,
  type RawSettings,
} from './model.js';
import { HttpSettingsSchema } from './http-settings.js';

const CONCURRENCY = `expected an integer from 1 to ${MAX_CONCURRENCY_LIMIT}`;
const TIMEOUT = TIMEOUT_EXPECTED;
const concurrencySchema = z.number({ error: CONCURRENCY }).int({ error: CONCURRENCY }).min(1, { error: CONCURRENCY }).max(MAX_CONCURRENCY_LIMIT, { error: CONCURRENCY });
const timeoutSchema = z.number({ error: TIMEOUT }).int({ error: TIMEOUT }).min(1, { error: TIMEOUT }).max(MAX_TIMEOUT_MS, { error: TIMEOUT });
const BYTES = `expected an integer number of bytes from ${MIN_LIMIT_BYTES} to ${MAX_LIMIT_BYTES}`;
const bytesSchema = z.number({ error: BYTES }).int({ error: BYTES }).min(MIN_LIMIT_BYTES, { error: BYTES }).max(MAX_LIMIT_BYTES, { error: BYTES });
const GRACE = `expected an integer number of milliseconds from 0 to ${MAX_CANCEL_GRACE_MS}`;
const graceSchema = z.number({ error: GRACE }).int({ error: GRACE }).min(0, { error: GRACE }).max(MAX_CANCEL_GRACE_MS, { error: GRACE });
const RPM = `expected a positive number of requests per minute up to ${MAX_REQUESTS_PER_MINUTE}`;
const stringSchema = z.string({ error: 'expected a string' });
const stringList = z.array(stringSchema, { error: 'expected an array of strings' });
const stringMap = z.record(z.string(), stringSchema, { error: 'expected an object of string values' });

/** One server entry as written. Unknown keys are kept (client files carry extras); see config/server-keys.ts. */
export const RawServerEntrySchema = z.looseObject({
  type: z
    .enum(['stdio', 'http', 'sse', 'streamable-http', 'streamableHttp'], { error: 'expected "stdio", "http" or "sse"' })
    .optional(),
  command: z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty command' }).optional(),
  args: stringList.optional(),
  env: stringMap.optional(),
  cwd: stringSchema.optional(),
  url: stringSchema.optional(),
  headers: stringMap.optional(),
  timeoutMs: timeoutSchema.optional(),
  maxConcurrency: concurrencySchema.optional(),
  startTimeoutMs: timeoutSchema.optional(),
  cancelGraceMs: graceSchema.optional(),
  resetTimeoutOnProgress: z.boolean({ error: 'expected true or false' }).optional(),
  maxTotalTimeoutMs: timeoutSchema.optional(),
  disabled: z.boolean({ error: 'expected true or false' }).optional(),
  allow: stringList.optional(),
  deny: stringList.optional(),
});

/** parallel-mcp's own settings; unknown keys are errors here (they are likely typos). */
export const RawSettingsSchema = z.strictObject(
  {
    maxConcurrency: concurrencySchema.optional(),
    timeoutMs: timeoutSchema.optional(),
    startTimeoutMs: timeoutSchema.optional(),
    cancelGraceMs: graceSchema.optional(),
    eager: z.boolean({ error: 'expected true or false' }).optional(),
    maxResultBytes: bytesSchema.optional(),
    maxResponseBytes: bytesSchema.optional(),
    http: HttpSettingsSchema.optional(),
    llm: z
      .strictObject(
        {
          maxConcurrency: concurrencySchema.optional(),
          requestsPerMinute: z
            .number({ error: RPM })
            .positive({ error: RPM })
            .max(MAX_REQUESTS_PER_MINUTE, { error: RPM })
            .optional(),
        },
        { error: 'expected an object { maxConcurrency?, requestsPerMinute? }' },
      )
      .optional(),
    runs: z
      .strictObject(
        {
          ttlMs: timeoutSchema.optional(),
          max: z
            .number({ error: `expected an integer from 1 to ${MAX_RUNS}` })
            .int({ error: `expected an integer from 1 to ${MAX_RUNS}` })
            .min(1, { error: `expected an integer from 1 to ${MAX_RUNS}` })
            .max(MAX_RUNS, { error: `expected an integer from 1 to ${MAX_RUNS}` })
            .optional(),
        },
        { error: 'expected an object with "ttlMs" and/or "max"' },
      )
      .optional(),
  },
  { error: 'expected an object' },
);

// The hand-written types of core.ts are what these schemas give (and accept), both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const entryTypesAgree: Same<z.infer<typeof RawServerEntrySchema>, RawServerEntry> = true;
const settingsTypesAgree: Same<z.infer<typeof RawSettingsSchema>, RawSettings> = true;
void entryTypesAgree;
void settingsTypesAgree;

export const zodChecks: RawChecks = {
  serverEntry(entry, path, problems) {
    const parsed = RawServerEntrySchema.safeParse(entry, { reportInput: true });
    if (parsed.success) return parsed.data;
    problems.addIssues(path, parsed.error.issues);
    return undefined;
  },
  settings(value, problems) {
    const parsed = RawSettingsSchema.safeParse(value, { reportInput: true });
    if (parsed.success) return parsed.data;
    const inHttp = (issue: z.core.$ZodIssue) => issue.path[0] === 'http';
    problems.addIssues(['parallelMcp'], parsed.error.issues.filter((i) => !inHttp(i)), Object.keys(RawSettingsSchema.shape));
    problems.addIssues(['parallelMcp'], parsed.error.issues.filter(inHttp), Object.keys(HttpSettingsSchema.shape));
    return undefined;
  },
};
