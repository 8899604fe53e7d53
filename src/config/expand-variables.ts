/**
 * `${VAR}` expansion for config strings. Supported forms:
 *   ${NAME}  ${env:NAME}            the environment variable NAME (an error when unset)
 *   ${NAME:-default}  ${env:NAME:-default}   NAME, or `default` when NAME is unset or empty
 *   ${workspaceFolder}              the directory holding the config file (VS Code's meaning)
 * A `$` not followed by `{` is left alone. VS Code's `${input:...}` prompts cannot be expanded
 * (nobody to prompt): config.ts finds them first (vs-code-inputs.ts) and disables the server.
 */

export interface ExpansionContext {
  env: Record<string, string | undefined>;
  /** Absolute directory of the config file, for `${workspaceFolder}`. */
  configDir: string;
}

export type ExpansionResult = { ok: true; value: string } | { ok: false; problem: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `onVariable` hears each environment variable substituted (name and value), for redaction. */
export function expandVariables(
  text: string,
  context: ExpansionContext,
  onVariable?: (name: string, value: string) => void,
): ExpansionResult {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start === -1) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, start);
    const end = text.indexOf('}', start + 2);
    if (end === -1) {
      return { ok: false, problem: `expected a closing "}" after "\${" in ${JSON.stringify(text)}` };
    }
    const expression = text.slice(start + 2, end);
    const expanded = expandOne(expression, context);
    if (!expanded.ok) return expanded;
    if (expanded.variable !== undefined) onVariable?.(expanded.variable, expanded.value);
    out += expanded.value;
    index = end + 1;
  }
  return { ok: true, value: out };
}

function expandOne(expression: string, context: ExpansionContext): ExpansionResult & { variable?: string } {
  if (expression === 'workspaceFolder') return { ok: true, value: context.configDir };
  if (expression.startsWith('input:')) {
    return {
      ok: false,
      problem: `expected \${NAME} or \${env:NAME}, got "\${${expression}}" (VS Code inputs are not supported; set an environment variable instead)`,
    };
  }
  const body = expression.startsWith('env:') ? expression.slice(4) : expression;
  const separator = body.indexOf(':-');
  const name = separator === -1 ? body : body.slice(0, separator);
  const fallback = separator === -1 ? undefined : body.slice(separator + 2);
  if (!NAME.test(name)) {
    return {
      ok: false,
      problem: `expected \${NAME}, \${env:NAME} or \${NAME:-default} with NAME made of letters, digits and "_", got "\${${expression}}"`,
    };
  }
  const value = context.env[name];
  if (fallback !== undefined) {
    return value === undefined || value === '' ? { ok: true, value: fallback } : { ok: true, value, variable: name };
  }
  if (value === undefined) {
    return {
      ok: false,
      problem: `expected environment variable ${name} to be set, got it unset (write \${${name}:-default} for a fallback)`,
    };
  }
  return { ok: true, value, variable: name };
}
