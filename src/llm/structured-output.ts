/**
 * JSON answers checked against a JSON Schema (ajv): compile the schema once, ask for JSON,
 * parse (code fences tolerated) and validate; on failure, one repair request carrying the
 * answer and what was wrong with it. A second failure is `invalid_output`, naming the
 * JSON paths that failed.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { LlmError, type Completion, type CompletionRequest, type LlmClient } from './client.js';

/** Built at the first output schema: most processes never compile one. */
let ajv: Ajv | undefined;

export type OutputValidator = ValidateFunction;

/** A compiled output schema, or why it is not a usable JSON Schema. */
export function compileOutputSchema(schema: Record<string, unknown>): { ok: true; validate: OutputValidator } | { ok: false; message: string } {
  try {
    ajv ??= new Ajv({ allErrors: true, strict: false });
    return { ok: true, validate: ajv.compile(schema) };
  } catch (error) {
    return { ok: false, message: `Expected a JSON Schema, got one ajv rejects: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Parses an answer (a ```json fence around it is tolerated) and validates it. */
export function checkJsonAnswer(text: string, validate: OutputValidator): { ok: true; value: unknown } | { ok: false; problem: string } {
  const trimmed = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    const excerpt = trimmed.length > 80 ? `${trimmed.slice(0, 79)}…` : trimmed;
    return { ok: false, problem: `expected JSON, got text that does not parse (${error instanceof Error ? error.message : String(error)}): ${JSON.stringify(excerpt)}` };
  }
  if (validate(value)) return { ok: true, value };
  const problems = (validate.errors ?? []).slice(0, 5).map((e) => `$${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is invalid'}`);
  return { ok: false, problem: `expected JSON matching the output schema, got JSON where ${problems.join('; ')}` };
}

/**
 * One completion validated against the schema, with at most one repair request. Every
 * completion (the repair included) is reported to `onCompletion`, for usage.
 */
export async function completeValidated(
  client: LlmClient,
  request: CompletionRequest & { schema: Record<string, unknown> },
  validate: OutputValidator,
  onCompletion: (completion: Completion) => void,
): Promise<{ value: unknown; text: string; repaired: boolean }> {
  const first = await client.complete(request);
  onCompletion(first);
  const checked = checkJsonAnswer(first.text, validate);
  if (checked.ok) return { value: checked.value, text: first.text, repaired: false };
  const repair = await client.complete({
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', text: first.text },
      {
        role: 'user',
        text: `Your answer was not usable: ${checked.problem}. Reply again with only the corrected JSON, matching the schema.`,
      },
    ],
  });
  onCompletion(repair);
  const again = checkJsonAnswer(repair.text, validate);
  if (again.ok) return { value: again.value, text: repair.text, repaired: true };
  throw new LlmError('invalid_output', `After one repair request the answer is still unusable: ${again.problem} (first answer: ${checked.problem})`, {
    provider: client.name,
  });
}
