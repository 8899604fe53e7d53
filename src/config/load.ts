/**
 * Reading an mcp.json from disk (JSON, or JSON with comments as VS Code writes it: jsonc.ts). At start-up nothing else has loaded yet, and zod with the
 * config's schemas costs ~25 ms of CPU: the file is first read with the plain check
 * (plain-checks.ts), which gives the same Config zod would; only when it gives up is
 * config.ts (zod) loaded to read the file again.
 */
import { readFile } from 'node:fs/promises';
import { ParallelMcpError } from '../errors.js';
import { parseConfigWith, type Config } from './core.js';
import { parseJsonc } from './jsonc.js';
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
    json = parseJsonc(text);
  } catch (error) {
    const message = `${path}: expected valid JSON (comments and trailing commas allowed, as in VS Code's mcp.json), got a syntax error: ${(error as Error).message}`;
    throw new ParallelMcpError('config_invalid_json', message, {
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
