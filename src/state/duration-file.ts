/**
 * Keeps learned tool durations across sessions in a small local state file, so that a
 * plan's priorities are right from the first run of a new session. The file holds keys
 * (`server/tool`, `server/tool#digest`) and numbers only, never arguments.
 *
 * Where: $PARALLEL_MCP_STATE_DIR, else $XDG_STATE_HOME/parallel-mcp, else
 * ~/.local/state/parallel-mcp; `PARALLEL_MCP_STATE_DIR=none` turns it off. Saved at most
 * every `intervalMs` while durations change (an unref'd timer: it never keeps the process
 * alive) and on shutdown; written to a temporary file and renamed, mode 0600. Entries saved
 * by another session meanwhile are merged, not overwritten. A missing or unreadable file is
 * an empty start, logged at debug. A save that fails (a directory that cannot be made or
 * written, e.g. under /proc) is logged once as a warning and no save is tried again.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_MAX_KEYS, DurationStats, type DurationSnapshot } from '../engine/duration-stats.js';
import type { Logger } from '../log.js';

const FILE_NAME = 'durations.json';
const FORMAT_VERSION = 1;

export function stateDirectory(env: Record<string, string | undefined>): string | undefined {
  const configured = env.PARALLEL_MCP_STATE_DIR;
  if (configured !== undefined && configured !== '') return configured === 'none' ? undefined : configured;
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'parallel-mcp');
}

export interface DurationFile {
  readonly stats: DurationStats;
  /** The file, or undefined when state is turned off. */
  readonly path: string | undefined;
  /** Saves now if anything changed since the last save. */
  flush(): Promise<void>;
  /** Stops the periodic save (call flush() first to keep the last changes). */
  stop(): void;
}

export async function openDurationFile(options: {
  env: Record<string, string | undefined>;
  log: Logger;
  intervalMs?: number;
  stats?: DurationStats;
}): Promise<DurationFile> {
  const stats = options.stats ?? new DurationStats();
  const dir = stateDirectory(options.env);
  if (dir === undefined) return { stats, path: undefined, flush: async () => {}, stop: () => {} };
  const path = join(dir, FILE_NAME);
  const loaded = stats.load(await readEntries(path, options.log));
  options.log.debug(`durations: ${loaded} learned durations loaded from ${path}`);

  let savedAt = stats.changes;
  let saving: Promise<void> | undefined;
  let failed = false;
  const save = async (): Promise<void> => {
    if (failed || stats.changes === savedAt) return;
    const changes = stats.changes;
    try {
      // Another session may have saved since we loaded: keep its keys, ours win.
      const merged = mergeSnapshots(await readEntries(path, options.log), stats.snapshot());
      await makeDirectory(dir);
      const temporary = `${path}.${process.pid}.tmp`;
      const body = { version: FORMAT_VERSION, saved_at: new Date().toISOString(), entries: merged };
      await writeFile(temporary, `${JSON.stringify(body)}\n`, { mode: 0o600 });
      await rename(temporary, path);
      savedAt = changes;
    } catch (error) {
      // Given up for this session: one line, and no save (nor its timer) tries again.
      failed = true;
      clearInterval(timer);
      options.log.warn(
        `durations: could not save ${path} (${error instanceof Error ? error.message : String(error)}); learned durations are not saved in this session (PARALLEL_MCP_STATE_DIR=none turns saving off)`,
      );
    }
  };
  const flush = (): Promise<void> => {
    saving = (saving ?? Promise.resolve()).then(save);
    return saving;
  };
  const timer = setInterval(() => void flush(), options.intervalMs ?? 10_000);
  timer.unref();
  return { stats, path, flush, stop: () => clearInterval(timer) };
}

/**
 * Makes `dir` and its missing parents, mode 0700, each with a plain mkdir. Not
 * `mkdir(dir, { recursive: true })`: Node's recursive mkdir never returns for a path under
 * /proc (its parent exists, yet mkdir answers ENOENT, and it retries forever).
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      if (!(await stat(current)).isDirectory()) throw new Error(`${current} is not a directory`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const each of missing.reverse()) {
    try {
      await mkdir(each, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

async function readEntries(path: string, log: Logger): Promise<DurationSnapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  try {
    const body = JSON.parse(text) as { version?: unknown; entries?: unknown };
    if (body.version !== FORMAT_VERSION || !Array.isArray(body.entries)) {
      log.debug(`durations: ${path}: expected { version: ${FORMAT_VERSION}, entries: [...] }, ignored`);
      return [];
    }
    return body.entries as DurationSnapshot;
  } catch (error) {
    log.debug(`durations: ${path} is not JSON (${error instanceof Error ? error.message : String(error)}), ignored`);
    return [];
  }
}

/** The saved entries with ours on top (ours win and count as most recent), capped. */
export function mergeSnapshots(saved: DurationSnapshot, ours: DurationSnapshot, maxKeys = DEFAULT_MAX_KEYS): DurationSnapshot {
  const merged = new Map<string, unknown>();
  for (const item of saved) if (Array.isArray(item) && typeof item[0] === 'string') merged.set(item[0], item[1]);
  for (const [key, entry] of ours) {
    merged.delete(key);
    merged.set(key, entry);
  }
  const all = [...merged] as DurationSnapshot;
  return all.length > maxKeys ? all.slice(all.length - maxKeys) : all;
}
