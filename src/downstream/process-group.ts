/**
 * Ending a stdio server and everything it started. On POSIX each server runs in its own
 * process group (spawned `detached`, so its pgid is its pid), and the group is ended as a
 * whole, gently then firmly: stdin closed, up to 2 s; SIGTERM to the group, up to 2 s;
 * SIGKILL to the group. A wrapper (`sh -c "node server.js"`, npx, uvx) that ignores SIGTERM,
 * or leaves its child behind, no longer leaves a server running.
 *
 * Whether the group still has members is asked with `kill(-pgid, 0)`; once it has none we
 * never signal that number again (it may then be reused). Groups not yet ended when our
 * process exits (a forced exit, a fatal error) get SIGKILL from a process 'exit' hook.
 *
 * Windows has no process groups here: the child alone is ended (stdin, then kill()).
 */
import type { ChildProcess } from 'node:child_process';

/** Whether each child gets its own process group (POSIX). */
export const ownsGroup = process.platform !== 'win32';

export interface EndOptions {
  /** After stdin is closed (default 2000 ms). */
  gentleMs: number;
  /** After SIGTERM (default 2000 ms). */
  termMs: number;
  /** After SIGKILL, for the group to be gone (default 1000 ms). */
  killMs: number;
  /** Resolves when the leader has exited. */
  leaderExited: Promise<void>;
}

const DEFAULTS = { gentleMs: 2000, termMs: 2000, killMs: 1000 };

/** Set once the process must end now: sequences under way and to come skip to SIGKILL. */
let hurried = false;
let onHurry!: () => void;
const hurry = new Promise<void>((resolve) => (onHurry = resolve));

/**
 * Every end sequence goes straight to SIGKILL (the gentle and SIGTERM waits cut short).
 * For a second signal while shutting down: an MCP client ending us the SDK's way closes our
 * stdin, sends SIGTERM after 2 s and SIGKILL after 4 s, before our own SIGKILL at 4 s.
 */
export function hurryGroupEnds(): void {
  hurried = true;
  onHurry();
}
const POLL_MS = 20;

/** Groups started and not yet seen empty: SIGKILLed if our process exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Records a spawned child's group (call right after spawn). */
export function trackGroup(child: ChildProcess): void {
  if (!ownsGroup || child.pid === undefined) return;
  liveGroups.add(child.pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  });
}

/**
 * Runs the end sequence for `child` (and its group) and resolves when it is gone, or when
 * SIGKILL has been sent and `killMs` has passed. Its timers hold the event loop open.
 */
export async function endProcessGroup(child: ChildProcess, options: Partial<EndOptions> & Pick<EndOptions, 'leaderExited'>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const { gentleMs, termMs, killMs } = { ...DEFAULTS, ...definedOnly(options) };
  const group = ownsGroup && liveGroups.has(pid);
  const leaderGone = () => child.exitCode !== null || child.signalCode !== null;
  const gone = group ? () => !groupHasMembers(pid) : leaderGone;
  const signal = (name: NodeJS.Signals) => {
    if (group) signalGroup(pid, name);
    else if (!leaderGone()) child.kill(name);
  };
  try {
    try {
      child.stdin?.end();
    } catch {
      // already closed
    }
    if (await waitGone(gone, gentleMs, options.leaderExited, true)) return;
    signal('SIGTERM');
    if (await waitGone(gone, termMs, options.leaderExited, true)) return;
    signal('SIGKILL');
    await waitGone(gone, killMs, options.leaderExited, false);
  } finally {
    // Past SIGKILL what remains is at most an unreaped entry: the number is not ours to signal again.
    liveGroups.delete(pid);
  }
}

/** Whether any process of group `pgid` exists (a zombie not yet reaped counts). */
export function groupHasMembers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}

/** Waits for the leader's exit (an event), then polls `gone`; true when gone within `ms` (cut short by a hurry when `hurriable`). */
async function waitGone(gone: () => boolean, ms: number, leaderExited: Promise<void>, hurriable: boolean): Promise<boolean> {
  if (hurriable && hurried) return gone();
  const deadline = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([leaderExited, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), ...(hurriable ? [hurry] : [])]);
  clearTimeout(timer);
  for (;;) {
    if (gone()) return true;
    if (hurriable && hurried) return false;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
