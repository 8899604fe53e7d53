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
 * an empty start, logged at debug.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
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
  const save = async (): Promise<void> => {
    if (stats.changes === savedAt) return;
    const changes = stats.changes;
    try {
      // Another session may have saved since we loaded: keep its keys, ours win.
      const merged = mergeSnapshots(await readEntries(path, options.log), stats.snapshot());
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      const body = { version: FORMAT_VERSION, saved_at: new Date().toISOString(), entries: merged };
      await writeFile(temporary, `${JSON.stringify(body)}\n`, { mode: 0o600 });
      await rename(temporary, path);
      savedAt = changes;
    } catch (error) {
      options.log.debug(`durations: could not save ${path}: ${error instanceof Error ? error.message : String(error)}`);
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
