/**
 * Spawning a stdio server's process, with nothing of the SDK loaded, and spawning it ahead of
 * time: the start-up front door (server/front-door.ts) spawns the servers the client's first
 * call names, or with --eager every stdio server, before the rest of parallel-mcp has loaded.
 * Such a child waits here, its events recorded, until ObservedStdioTransport.start() spawns the
 * same command, args, environment and working directory: it then gets this child, and the
 * recorded 'spawn' / 'error' / 'exit' / 'close' events again, right after it has listened
 * (the next tick, before any I/O callback), so the transport sees what it would have seen.
 * Its stdout and stderr are read meanwhile and handed to the transport's listeners the same way.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import type { ServerConfig } from '../config.js';
import { endProcessGroup, ownsGroup, trackGroup } from './process-group.js';

/** What starts a stdio server: the transport's command, args, whole environment and directory. */
export interface StdioLaunch {
  command: string;
  args: string[];
  /** The child's whole environment: the safe default, then the configured env. */
  env: Record<string, string>;
  cwd?: string | undefined;
}

/**
 * The variables a stdio server inherits from our environment: the SDK's list
 * (`DEFAULT_INHERITED_ENV_VARS` and `getDefaultEnvironment` of its client/stdio.js, whose
 * module would also load cross-spawn at start-up), values that are shell functions left out.
 * test/downstream/create-transport.test.ts holds it equal to the SDK's.
 */
export const INHERITED_ENV_VARS: readonly string[] =
  process.platform === 'win32'
    ? ['APPDATA', 'HOMEDRIVE', 'HOMEPATH', 'LOCALAPPDATA', 'PATH', 'PROCESSOR_ARCHITECTURE', 'SYSTEMDRIVE', 'SYSTEMROOT', 'TEMP', 'USERNAME', 'USERPROFILE', 'PROGRAMFILES']
    : ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];

export function defaultEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of INHERITED_ENV_VARS) {
    const value = env[key];
    if (value === undefined || value.startsWith('()')) continue;
    inherited[key] = value;
  }
  return inherited;
}

/** How a configured stdio server is started (create-transport.ts and the front door alike). */
export function launchOf(server: ServerConfig): StdioLaunch {
  // The safe default (HOME, PATH, ...; not our whole environment), then the configured env.
  return { command: server.command ?? '', args: server.args, env: { ...defaultEnvironment(), ...server.env }, cwd: server.cwd };
}

/** The options every stdio server is spawned with. */
export function childSpawnOptions(launch: StdioLaunch): SpawnOptions & { env: Record<string, string> } {
  return {
    env: launch.env,
    cwd: launch.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: process.platform === 'win32',
    // Its own process group, so that ending it reaches what a wrapper started.
    detached: ownsGroup,
  };
}

const RECORDED = ['spawn', 'error', 'exit', 'close'] as const;

interface Waiting {
  child: ChildProcess;
  events: Array<[string, unknown[]]>;
  recorders: Array<[string, (...args: unknown[]) => void]>;
  /** What the child wrote while it waited, and whether the stream ended, per output stream. */
  output: Array<RecordedOutput>;
  exited: Promise<void>;
}

interface RecordedOutput {
  stream: NodeJS.ReadableStream;
  chunks: unknown[];
  ended: boolean;
  onData: (chunk: unknown) => void;
  onEnd: () => void;
}

/** Spawned ahead, not yet taken, by launch key. */
const waiting = new Map<string, Waiting>();

function keyOf(launch: StdioLaunch): string {
  const env = Object.keys(launch.env)
    .sort()
    .map((key) => [key, launch.env[key]]);
  return JSON.stringify([launch.command, launch.args, env, launch.cwd ?? null]);
}

/** Spawns `launch` now, to be taken by the first spawnChild() of the same launch. Once per launch. */
export function prespawn(launch: StdioLaunch): ChildProcess {
  const key = keyOf(launch);
  const already = waiting.get(key);
  if (already) return already.child;
  const child = spawnProcess(launch.command, launch.args, childSpawnOptions(launch));
  trackGroup(child);
  const entry: Waiting = { child, events: [], recorders: [], output: [], exited: Promise.resolve() };
  entry.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  for (const name of RECORDED) {
    const recorder = (...args: unknown[]) => void entry.events.push([name, args]);
    child.on(name, recorder);
    entry.recorders.push([name, recorder]);
  }
  // Read, not left in the pipe: at its exit Node discards what nobody listens to (flushStdio),
  // and a server that dies early says why on stderr.
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const recorded: RecordedOutput = { stream, chunks: [], ended: false, onData: () => {}, onEnd: () => {} };
    recorded.onData = (chunk) => void recorded.chunks.push(chunk);
    recorded.onEnd = () => void (recorded.ended = true);
    stream.on('data', recorded.onData);
    stream.once('end', recorded.onEnd);
    entry.output.push(recorded);
  }
  waiting.set(key, entry);
  return child;
}

/** How many prespawned children wait to be taken (tests). */
export function prespawnedCount(): number {
  return waiting.size;
}

/**
 * Ends every prespawned child that no transport took (its server was never started after
 * all): stdin closed, then the group's usual end sequence (process-group.ts).
 */
export function releasePrespawned(): Promise<void> {
  const left = [...waiting.values()];
  waiting.clear();
  return Promise.all(
    left.map(({ child, exited }) => {
      child.stdout?.resume();
      child.stderr?.resume();
      return endProcessGroup(child, { leaderExited: exited }).catch(() => undefined);
    }),
  ).then(() => undefined);
}

/** A prespawned child of this launch, else a new one. */
export function spawnChild(command: string, args: string[], options: SpawnOptions & { env: Record<string, string> }): ChildProcess {
  if (waiting.size > 0) {
    const key = keyOf({ command, args, env: options.env, cwd: options.cwd === undefined ? undefined : String(options.cwd) });
    const entry = waiting.get(key);
    if (entry) {
      waiting.delete(key);
      for (const [name, recorder] of entry.recorders) entry.child.off(name, recorder);
      for (const { stream, onData, onEnd } of entry.output) {
        stream.off('data', onData);
        stream.off('end', onEnd);
      }
      // After the caller has listened (it does so before returning to the event loop).
      process.nextTick(replay, entry);
      return entry.child;
    }
  }
  return spawnProcess(command, args, options);
}

/**
 * The recorded events, as a live child would have given them: 'spawn' (or 'error') at once, then
 * what it wrote; an 'exit' (and what follows it) only once the transport has read what the child
 * wrote before it died, as a live child's exit comes after its output. Replayed at once, the exit would end
 * the transport before the handshake is written, and the start would fail as "Not connected"
 * without the server's last stderr lines. Bounded: a pipe some other process holds open does not
 * hold the exit back more than EXIT_REPLAY_MAX_MS.
 */
function replay(entry: Waiting): void {
  const { child, events } = entry;
  const exitAt = events.findIndex(([name]) => name === 'exit' || name === 'close');
  const now = exitAt < 0 ? events : events.slice(0, exitAt);
  for (const [name, args] of now) child.emit(name, ...args);
  // What it wrote meanwhile, then the end of a stream that ended, to the transport's listeners.
  for (const { stream, chunks, ended } of entry.output) {
    for (const chunk of chunks) stream.emit('data', chunk);
    if (ended) stream.emit('end');
  }
  if (exitAt < 0) return;
  const later = events.slice(exitAt);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, EXIT_REPLAY_MAX_MS);
    timer.unref();
  });
  void Promise.race([Promise.all([drained(child.stdout), drained(child.stderr)]), bound]).then(() => {
    clearTimeout(timer);
    for (const [name, args] of later) child.emit(name, ...args);
  });
}

const EXIT_REPLAY_MAX_MS = 1000;

/** Resolves once a child's output stream has been read to its end (at once when there is none). */
function drained(stream: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean } | null): Promise<void> {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
  });
}

/** cross-spawn on Windows (it finds `npx.cmd` and quotes arguments), as the SDK does; Node's spawn elsewhere. */
function spawnProcess(command: string, args: string[], options: SpawnOptions): ChildProcess {
  if (process.platform === 'win32') {
    try {
      const crossSpawn = createRequire(import.meta.url)('cross-spawn') as typeof spawn;
      return crossSpawn(command, args, options);
    } catch {
      // not installed: fall through to Node's spawn
    }
  }
  return spawn(command, args, options);
}
