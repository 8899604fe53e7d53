/**
 * The last stderr lines of a stdio server, and the few of them a person needs to know why it
 * failed to start. A crash ends in noise: Node prints `Error: Cannot find module '/x.js'`,
 * ten stack frames, `code: 'MODULE_NOT_FOUND'`, `}` and `Node.js v20.20.2`, so the last five
 * lines miss the cause. `causeLines` drops stack frames and banners and starts from the last
 * line that names an error. The lines are raw: redact them before showing (config/secrets.ts).
 */

const KEPT_LINES = 50;
const MAX_LINE_LENGTH = 500;
const SHOWN_LINES = 5;

/** Lines that never say why: stack frames, `^` markers, Node's version banner, blank lines. */
const NOISE = [/^at\s/, /^\^+$/, /^Node\.js v\d[\d.]*$/, /^$/];
/** `Error: ...`, `TypeError: ...`, `ModuleNotFoundError: ...`, `Uncaught Exception ...`, `panic: ...`. */
const NAMES_AN_ERROR = /^(?:Uncaught\s+)?(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception)\b|^(?:panic|fatal|FATAL|error)(?:\[\w+\])?:/;

export class StderrTail {
  private readonly lines: string[] = [];

  push(line: string): void {
    this.lines.push(line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH - 1)}…` : line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }

  clear(): void {
    this.lines.length = 0;
  }

  /** At most five lines, trimmed: from the last one naming an error when there is one, else the last ones. */
  causeLines(): string[] {
    return causeLines(this.lines);
  }
}

export function causeLines(lines: readonly string[]): string[] {
  const telling = lines.map((line) => line.trim()).filter((line) => !NOISE.some((noise) => noise.test(line)));
  let errorAt = -1;
  for (let i = telling.length - 1; i >= 0 && errorAt === -1; i--) if (NAMES_AN_ERROR.test(telling[i]!)) errorAt = i;
  if (errorAt === -1) return telling.slice(-SHOWN_LINES);
  const fromError = telling.slice(errorAt);
  return fromError.length <= SHOWN_LINES ? fromError : [fromError[0]!, ...fromError.slice(-(SHOWN_LINES - 1))];
}
