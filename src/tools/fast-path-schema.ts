/**
 * A zod schema with a hand-written fast path in front of it, for a tool the SDK's tools/call
 * path answers (the run tools take server/lean-tools-call.ts instead). The SDK parses a tool's
 * input with the schema it was registered with (McpServer.validateToolInput) and its structured
 * output with the output schema (validateToolOutput): async zod parses that walk every field,
 * every step of a 10,000-step analyze_dependencies plan and every edge of its answer. `fast`
 * answers the common, valid value at a fraction of that; whatever it is not sure of goes to
 * the schema itself, so errors stay zod's, word for word. Used by analyze_dependencies.
 *
 * The contract of `fast`: it returns either undefined ("ask the schema") or exactly what the
 * schema would return for that input (tests compare both on generated inputs). The schema's
 * JSON Schema (tools/list) is untouched: only its run is wrapped.
 */
import type * as z from 'zod';

export function withFastPath<Schema extends z.ZodType>(schema: Schema, fast: (value: unknown) => z.output<Schema> | undefined): Schema {
  const internals = schema._zod as unknown as { run: (payload: { value: unknown; issues: unknown[] }, context: { direction?: string }) => unknown };
  const full = internals.run;
  // zod's internals are not its public API: on a zod whose schemas have no run, or whose run
  // is handed another payload, the schema is left as it is (slower, never wrong).
  if (typeof full !== 'function') return schema;
  internals.run = (payload, context) => {
    // Encoding (zod's backward direction) and inputs with issues already are the schema's.
    if (context?.direction !== 'backward' && Array.isArray(payload?.issues) && payload.issues.length === 0 && 'value' in payload) {
      const value = fast(payload.value);
      if (value !== undefined) {
        payload.value = value;
        return payload;
      }
    }
    return full(payload, context);
  };
  return schema;
}
