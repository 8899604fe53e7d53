/**
 * Reading an mcp.json from disk. At start-up nothing else has loaded yet, and zod with the
 * config's schemas costs ~25 ms of CPU: the file is first read with the plain check
 * (plain-checks.ts), which gives the same Config zod would; only when it gives up is
 * config.ts (zod) loaded to read the file again.
 */
import { readFile } from 'node:fs/promises';
import { ParallelMcpError } from '../errors.js';
import { parseConfigWith, type Config } from './core.js';
import { NotPlain, plainChecks } from './plain-checks.js';

export async function loadConfig(path: string, env: Record<string, string | undefined> = process.env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String((error as Error).message);
    throw new ParallelMcpError('config_not_found', `${path}: expected a readable config file, got ${reason} (pass --config PATH)`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ParallelMcpError('config_invalid_json', `${path}: expected valid JSON, got a syntax error: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseConfigFast(json, { path, env });
}

/** parseConfig's result (or error) for `json`, without loading zod when the plain check suffices. */
export async function parseConfigFast(json: unknown, options: { path: string; env: Record<string, string | undefined> }): Promise<Config> {
  try {
    return parseConfigWith(json, options, plainChecks);
  } catch (error) {
    if (!(error instanceof NotPlain)) throw error;
  }
  const { parseConfig } = await import('../config.js');
  return parseConfig(json, options);
}
