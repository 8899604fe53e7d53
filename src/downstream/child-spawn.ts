/**
 * Spawning a stdio server's process, with nothing of the SDK loaded, and spawning it ahead of
 * time: the start-up front door (server/front-door.ts) spawns the servers the client's first
 * call names, or with --eager every stdio server, before the rest of parallel-mcp has loaded.
 * Such a child waits here, its events recorded, until ObservedStdioTransport.start() spawns the
 * same command, args, environment and working directory: it then gets this child, and the
 * recorded 'spawn' / 'error' / 'exit' / 'close' events again, right after it has listened
 * (the next tick, before any I/O callback), so the transport sees what it would have seen.
 * Its stdout and stderr are not read meanwhile: they wait in the pipe for the transport.
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
  exited: Promise<void>;
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
export function prespawn(launch: StdioLaunch): void {
  const key = keyOf(launch);
  if (waiting.has(key)) return;
  const child = spawnProcess(launch.command, launch.args, childSpawnOptions(launch));
  trackGroup(child);
  const entry: Waiting = { child, events: [], recorders: [], exited: Promise.resolve() };
  entry.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  for (const name of RECORDED) {
    const recorder = (...args: unknown[]) => void entry.events.push([name, args]);
    child.on(name, recorder);
    entry.recorders.push([name, recorder]);
  }
  waiting.set(key, entry);
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
      // After the caller has listened (it does so before returning to the event loop).
      if (entry.events.length > 0) {
        process.nextTick(() => {
          for (const [name, args] of entry.events) entry.child.emit(name, ...args);
        });
      }
      return entry.child;
    }
  }
  return spawnProcess(command, args, options);
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
