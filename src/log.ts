/**
 * Logging to stderr only: in stdio server mode stdout carries nothing but protocol.
 * Level from PARALLEL_MCP_LOG (error | warn | info | debug), default info.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** The most detailed level written, when known: a caller may skip building a message nobody reads. */
  readonly level?: LogLevel;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function createStderrLogger(
  level: LogLevel = parseLevel(process.env.PARALLEL_MCP_LOG),
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const at = (l: LogLevel) => (message: string) => {
    if (RANK[l] <= RANK[level]) write(`[parallel-mcp] ${l}: ${message}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), level };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, level: 'error' };

function parseLevel(value: string | undefined): LogLevel {
  return value === 'error' || value === 'warn' || value === 'debug' ? value : 'info';
}
