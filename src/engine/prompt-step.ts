/**
 * The fields of a prompt step (a plan step, or a call_tools_parallel call, run by a model
 * instead of a tool) and the check that a step is one kind or the other, never both. Pure.
 */
import * as z from 'zod';

export const PROMPT_PROVIDERS = ['auto', 'gemini', 'sampling'] as const;

/** zod's error option that says what was expected and what came ("…, got 5"). */
function expecting(expected: string) {
  return { error: (issue: { input?: unknown }) => `${expected}, got ${JSON.stringify(issue.input) ?? String(issue.input)}` };
}
const TOKENS = expecting('expected a positive integer number of tokens');
const TEMPERATURE = expecting('expected a temperature from 0 to 2');
const PROMPT = expecting('expected a non-empty prompt');

export const PromptFieldsShape = {
  prompt: z.string(PROMPT).min(1, PROMPT).optional().describe('Makes this a prompt step: the model is asked this ("{{step.path}}" references interpolate earlier results).'),
  system: z.string().optional().describe('Prompt step: system instruction ("{{references}}" allowed).'),
  provider: z.enum(PROMPT_PROVIDERS).optional().describe('Prompt step: "auto" (default: Gemini when GEMINI_API_KEY is set, else the client\'s model via sampling), "gemini" or "sampling".'),
  model: z.string().min(1).optional().describe('Prompt step: Gemini model name, or a modelPreferences hint for sampling.'),
  output_schema: z.record(z.string(), z.unknown()).optional().describe('Prompt step: a JSON Schema; the answer must be JSON matching it (one repair request on failure) and flows on as a value.'),
  max_tokens: z.number(TOKENS).int(TOKENS).positive(TOKENS).optional().describe('Prompt step: most tokens in the answer.'),
  temperature: z.number(TEMPERATURE).min(0, TEMPERATURE).max(2, TEMPERATURE).optional().describe('Prompt step: sampling temperature.'),
  context: z.enum(['none', 'dependencies']).optional().describe('Prompt step: "dependencies" appends every dependency\'s result, labelled with its id and title (default "none").'),
};

export type PromptFields = { [K in keyof typeof PromptFieldsShape]?: z.infer<(typeof PromptFieldsShape)[K]> };

/** Fields only a prompt step may have (besides `prompt`). */
export const PROMPT_ONLY_FIELDS = ['system', 'provider', 'model', 'output_schema', 'max_tokens', 'temperature', 'context'] as const;

/**
 * A step (or call) is a tool call or a prompt: adds an issue at the offending field when it
 * is both, neither, or a prompt with tool-only fields (`toolOnly`), or a tool call with prompt-only fields.
 */
export function checkStepKind(
  step: Record<string, unknown>,
  context: { addIssue: (issue: { code: 'custom'; message: string; path: PropertyKey[]; input?: unknown }) => void },
  options: { toolOnly: readonly string[]; allowToolPrompt?: boolean },
): void {
  const hasTool = step.tool !== undefined;
  const hasPrompt = step.prompt !== undefined;
  if (hasTool && hasPrompt && !options.allowToolPrompt) {
    context.addIssue({ code: 'custom', path: ['prompt'], message: 'Expected either "tool" (a tool call) or "prompt" (a model step), got both' });
    return;
  }
  if (!hasTool && !hasPrompt) {
    context.addIssue({ code: 'custom', path: [], message: 'Expected "tool" (a tool call) or "prompt" (a model step), got neither' });
    return;
  }
  if (hasTool) {
    for (const field of PROMPT_ONLY_FIELDS) {
      if (step[field] !== undefined) {
        context.addIssue({ code: 'custom', path: [field], message: `Expected "${field}" only on a prompt step, got it on a tool call ("tool": ${JSON.stringify(step.tool)})` });
      }
    }
  } else {
    for (const field of options.toolOnly) {
      if (step[field] !== undefined) {
        context.addIssue({ code: 'custom', path: [field], message: `Expected "${field}" only on a tool call, got it on a prompt step` });
      }
    }
  }
}
