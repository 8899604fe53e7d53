/**
 * The first downstream start of a process, made cheaper where it waits on us. Once a server
 * has answered initialize, the SDK parses that answer, the tools/list page and each tool's
 * outputSchema (zod 4 compiles a parser per schema on its first use, ajv generates code
 * for each compile, and both run cold code the first time): ~40-60 ms of CPU between the
 * server's answers and the first call, on the first call's path (issue 13). While the first
 * server boots we are idle, so the same schemas are run over small samples then, one at a
 * time with setImmediate between (a server that answers meanwhile waits one step at most).
 * Nothing is kept: the samples are parsed and compiled into the Client's own validator
 * (keyed by the sample's object, no `$id`), their results dropped.
 */
import type { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { InitializeResultSchema, JSONRPCMessageSchema, ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';

let warmed = false;

const ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** Keywords most tool schemas use; a richer sample costs more to compile than it saves later. */
const INPUT_SCHEMA = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    count: { type: 'integer', minimum: 0 },
    flag: { type: 'boolean' },
    list: { type: 'array', items: { type: 'string' } },
  },
  required: ['text'],
};

const SAMPLE_TOOLS = {
  tools: [
    {
      name: 'sample',
      title: 'Sample',
      description: 'A sample tool',
      inputSchema: { ...INPUT_SCHEMA, $schema: 'http://json-schema.org/draft-07/schema#' },
      outputSchema: { type: 'object', properties: { value: { type: 'number' } }, required: ['value'] },
      annotations: ANNOTATIONS,
      execution: { taskSupport: 'forbidden' },
      _meta: {},
    },
  ],
  nextCursor: 'next',
};

const SAMPLE_INITIALIZE = {
  protocolVersion: '2025-11-25',
  capabilities: { tools: { listChanged: true }, logging: {}, prompts: {}, resources: { subscribe: true }, completions: {} },
  serverInfo: { name: 'sample', version: '1.0.0', title: 'Sample' },
  instructions: 'sample',
};

/** The warm-up's steps: each parses or compiles one sample, and says whether the sample was accepted. */
export function warmUpSteps(validator: AjvJsonSchemaValidator): Array<() => boolean> {
  return [
    () => JSONRPCMessageSchema.safeParse({ jsonrpc: '2.0', id: 0, result: SAMPLE_INITIALIZE }).success,
    () => InitializeResultSchema.safeParse(SAMPLE_INITIALIZE).success,
    () => ListToolsResultSchema.safeParse(SAMPLE_TOOLS).success,
    () => validator.getValidator(INPUT_SCHEMA)({ text: 'x', count: 2, list: ['y'] }).valid,
  ];
}

let done = 0;
let total = 0;

/**
 * Runs warmUpSteps once per process, one step per turn of the event loop; `validator` is the
 * Client's own (what its tools/list compiles outputSchemas with).
 */
export function warmWhileFirstStart(validator: AjvJsonSchemaValidator): void {
  if (warmed) return;
  warmed = true;
  const steps = warmUpSteps(validator);
  total = steps.length;
  const next = () => {
    try {
      steps[done]!();
    } catch {
      // a warm-up only: whatever it throws, the real parse meets again and reports
    }
    done += 1;
    if (done < total) setImmediate(next).unref();
  };
  setImmediate(next).unref();
}

/** How far the warm-up of this process has got (tests). */
export function warmUpProgress(): { started: boolean; done: number; of: number } {
  return { started: warmed, done, of: total };
}
