/**
 * mcp.json: the downstream servers and parallel-mcp's own settings. The reading itself is in
 * config/core.ts (no zod); this module adds zod's schemas (config/schemas.ts): parseConfig
 * checks every entry with them. loadConfig (config/load.ts) reads a file, and tries the plain
 * start-up check first, which gives the same result without loading zod.
 */
import { parseConfigWith, type Config } from './config/core.js';
import { zodChecks } from './config/schemas.js';

export * from './config/core.js';
export { RawServerEntrySchema, RawSettingsSchema } from './config/schemas.js';
export { loadConfig } from './config/load.js';

export function parseConfig(json: unknown, options: { path: string; env: Record<string, string | undefined> }): Config {
  return parseConfigWith(json, options, zodChecks);
}
