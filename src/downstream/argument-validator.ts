/**
 * Checks call arguments against a downstream tool's inputSchema before sending, with the
 * ajv validator the SDK ships. Compiled validators are cached per schema object. A schema
 * ajv cannot compile (an unknown draft, a bad $ref) is not our call to reject: the
 * arguments go through and the downstream server judges them.
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

export type ArgumentCheck = { valid: true } | { valid: false; message: string };

const VALID: ArgumentCheck = Object.freeze({ valid: true });

export class ArgumentValidator {
  private readonly ajv = new AjvJsonSchemaValidator();
  private readonly cache = new WeakMap<object, JsonSchemaValidator<unknown> | null>();

  check(inputSchema: Record<string, unknown>, args: Record<string, unknown>): ArgumentCheck {
    const validate = this.compile(inputSchema);
    if (validate === null) return VALID;
    const result = validate(args);
    return result.valid ? VALID : { valid: false, message: formatAjvErrors(result.errorMessage) };
  }

  private compile(schema: Record<string, unknown>): JsonSchemaValidator<unknown> | null {
    const cached = this.cache.get(schema);
    if (cached !== undefined) return cached;
    let validator: JsonSchemaValidator<unknown> | null;
    try {
      // Tool schemas may name draft 2020-12 in $schema; the keywords tools use mean the same in draft-07.
      const { $schema: _ignored, ...rest } = schema;
      validator = this.ajv.getValidator<unknown>(rest as JsonSchemaType);
    } catch {
      validator = null;
    }
    this.cache.set(schema, validator);
    return validator;
  }
}

/**
 * ajv's errorsText ("data/items/0 must be string, data must have required property 'x'")
 * with JSON paths in our notation: "arguments.items[0]: must be string; arguments: must
 * have required property 'x'".
 */
export function formatAjvErrors(errorsText: string): string {
  return errorsText
    .split(/, (?=data[/ ])/)
    .map((part) => {
      const match = /^data(\/\S*)? ([\s\S]*)$/.exec(part);
      if (!match) return part;
      return `${pointerToPath(match[1] ?? '')}: ${match[2]}`;
    })
    .join('; ');
}

function pointerToPath(pointer: string): string {
  let path = 'arguments';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * The path (cut short) of the first value nested deeper than `limit` objects/arrays, or
 * undefined. Iterative, so it cannot overflow the stack itself.
 */
export function nestingBeyond(args: Record<string, unknown>, limit: number): string | undefined {
  // The usual arguments hold no object or array at all: nothing to walk, nothing allocated.
  if (limit >= 1 && isFlat(args)) return undefined;
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: args, depth: 1, path: 'arguments' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (depth > limit) return path.length > 80 ? `${path.slice(0, 77)}...` : path;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item !== null && typeof item === 'object') stack.push({ value: item, depth: depth + 1, path: path.length > 80 ? path : `${path}[${i}]` });
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (item !== null && typeof item === 'object') stack.push({ value: item, depth: depth + 1, path: path.length > 80 ? path : `${path}.${key}` });
      }
    }
  }
  return undefined;
}

/** No member of `value` is an object or array (own enumerable members, as Object.entries lists them). */
function isFlat(value: Record<string, unknown>): boolean {
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const item = value[key];
    if (item !== null && typeof item === 'object') return false;
  }
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;
