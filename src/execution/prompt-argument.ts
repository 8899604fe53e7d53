/**
 * The seed's `(tool, prompt)` call: the prompt fills the tool's one required string
 * parameter. A tool with none, or several, cannot take it: `invalid_arguments` names the
 * parameters it has.
 */
import { callError, type CallError } from '../engine/outcome.js';

export function fillPromptArgument(
  tool: string,
  inputSchema: Record<string, unknown>,
  prompt: string,
  args: Record<string, unknown> | undefined,
): { ok: true; arguments: Record<string, unknown> } | { ok: false; error: CallError } {
  const properties = (inputSchema.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(inputSchema.required) ? inputSchema.required.filter((r): r is string => typeof r === 'string') : [];
  const isString = (name: string) => {
    const type = properties[name]?.type;
    return type === 'string' || (Array.isArray(type) && type.includes('string'));
  };
  const candidates = required.filter(isString);
  const described = Object.keys(properties).map((name) => {
    const type = properties[name]?.type;
    return `${name} (${Array.isArray(type) ? type.join('|') : typeof type === 'string' ? type : 'any'}${required.includes(name) ? ', required' : ''})`;
  });
  const has = described.length > 0 ? `it has ${described.join(', ')}` : 'it has no parameters';
  if (candidates.length !== 1) {
    return {
      ok: false,
      error: callError(
        'invalid_arguments',
        `Expected tool "${tool}" to have exactly one required string parameter to take "prompt", got ${candidates.length === 0 ? 'none' : `${candidates.length} (${candidates.join(', ')})`}; ${has}. Pass "arguments" instead.`,
      ),
    };
  }
  const name = candidates[0]!;
  if (args?.[name] !== undefined) {
    return { ok: false, error: callError('invalid_arguments', `Expected "prompt" or arguments.${name} for tool "${tool}", got both`) };
  }
  return { ok: true, arguments: { ...args, [name]: prompt } };
}
