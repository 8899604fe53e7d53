/** A downstream tool as listed by its server (the fields of MCP's Tool that we keep). */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  /** Kept only when the tool may or must be called as an MCP task (downstream/task-call.ts). */
  execution?: { taskSupport: 'optional' | 'required' };
}

/** Keeps only the fields we expose; drops `undefined` ones so results compare with toEqual. */
export function toToolDefinition(tool: {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: object;
  outputSchema?: object | undefined;
  annotations?: object | undefined;
  execution?: { taskSupport?: string | undefined } | undefined;
}): ToolDefinition {
  const definition: ToolDefinition = { name: tool.name, inputSchema: { ...tool.inputSchema } };
  if (tool.title !== undefined) definition.title = tool.title;
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.outputSchema !== undefined) definition.outputSchema = { ...tool.outputSchema };
  if (tool.annotations !== undefined) definition.annotations = { ...tool.annotations };
  const taskSupport = tool.execution?.taskSupport;
  if (taskSupport === 'optional' || taskSupport === 'required') definition.execution = { taskSupport };
  return definition;
}
