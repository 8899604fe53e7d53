/**
 * `parallelMcp.http`: limits and access lists of `--http` mode. Command-line flags
 * (`--max-sessions`, `--max-body-bytes`, `--allowed-host`, `--allowed-origin`) override the
 * numbers and add to the lists. Host and origin entries are checked when the server starts
 * (server/http-access.ts owns their grammar).
 */
import * as z from 'zod';

export const MAX_HTTP_SESSIONS_LIMIT = 100_000;
export const MAX_HTTP_BODY_BYTES_LIMIT = 1024 * 1024 * 1024;

const SESSIONS = `expected an integer from 1 to ${MAX_HTTP_SESSIONS_LIMIT}`;
const BYTES = `expected an integer number of bytes from 1024 to ${MAX_HTTP_BODY_BYTES_LIMIT}`;
export const MAX_DOWNSTREAM_IDLE_MS = 86_400_000;
const IDLE = `expected an integer number of milliseconds from 1000 to ${MAX_DOWNSTREAM_IDLE_MS}`;
const strings = z.array(z.string({ error: 'expected a string' }), { error: 'expected an array of strings' });

export const HttpSettingsSchema = z.strictObject(
  {
    maxSessions: z.number({ error: SESSIONS }).int({ error: SESSIONS }).min(1, { error: SESSIONS }).max(MAX_HTTP_SESSIONS_LIMIT, { error: SESSIONS }).optional(),
    maxBodyBytes: z.number({ error: BYTES }).int({ error: BYTES }).min(1024, { error: BYTES }).max(MAX_HTTP_BODY_BYTES_LIMIT, { error: BYTES }).optional(),
    allowedHosts: strings.optional(),
    allowedOrigins: strings.optional(),
    /** Downstream connections of the sessions: a pool per session (default) or one for all (server/session-downstream.ts). */
    /** "per-session": a session's downstream pool unused this long (no run working) is closed; the next call starts it again. */
    downstreamIdleMs: z.number({ error: IDLE }).int({ error: IDLE }).min(1000, { error: IDLE }).max(MAX_DOWNSTREAM_IDLE_MS, { error: IDLE }).optional(),
    downstream: z.enum(['per-session', 'shared'], { error: 'expected "per-session" (a downstream connection per session; the default) or "shared"' }).optional(),
  },
  { error: 'expected an object' },
);
export type HttpSettings = z.infer<typeof HttpSettingsSchema>;
