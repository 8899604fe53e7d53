/**
 * VS Code's `${input:ID}` asks the user for a value when the server starts. parallel-mcp has
 * nobody to ask, so a server entry that uses one is loaded disabled, with a warning that says
 * which input and what to write instead.
 */
import type { RawServerEntry } from './model.js';

const VS_CODE_INPUT = /\$\{input:[^}]*\}/;

/** The first VS Code `${input:ID}` in `text`, as written, if any. */
export function findVsCodeInput(text: string): string | undefined {
  return VS_CODE_INPUT.exec(text)?.[0];
}

/** The first `${input:ID}` among the strings parallel-mcp reads from a server entry, with its path. */
export function firstVsCodeInput(raw: RawServerEntry, path: readonly PropertyKey[]): { text: string; path: PropertyKey[] } | undefined {
  const strings: Array<[string | undefined, PropertyKey[]]> = [
    [raw.command, [...path, 'command']],
    ...(raw.args ?? []).map((arg, index): [string, PropertyKey[]] => [arg, [...path, 'args', index]]),
    ...Object.entries(raw.env ?? {}).map(([key, value]): [string, PropertyKey[]] => [value, [...path, 'env', key]]),
    [raw.cwd, [...path, 'cwd']],
    [raw.url, [...path, 'url']],
    ...Object.entries(raw.headers ?? {}).map(([key, value]): [string, PropertyKey[]] => [value, [...path, 'headers', key]]),
  ];
  for (const [value, at] of strings) {
    const text = value === undefined ? undefined : findVsCodeInput(value);
    if (text !== undefined) return { text, path: at };
  }
  return undefined;
}

export function vsCodeInputWarning(server: string, input: string): string {
  const variable = input.slice('${input:'.length, -1).toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(?=\d)/, '_') || 'NAME';
  return (
    `server "${server}" is disabled: it uses VS Code input "${input}", which parallel-mcp cannot prompt for; ` +
    `set it through an environment variable instead (e.g. "\${env:${variable}}")`
  );
}
