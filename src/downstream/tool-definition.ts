/** A downstream tool as listed by its server (the fields of MCP's Tool that we keep). */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** Keeps only the fields we expose; drops `undefined` ones so results compare with toEqual. */
export function toToolDefinition(tool: {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  inputSchema: object;
  outputSchema?: object | undefined;
  annotations?: object | undefined;
}): ToolDefinition {
  const definition: ToolDefinition = { name: tool.name, inputSchema: { ...tool.inputSchema } };
  if (tool.title !== undefined) definition.title = tool.title;
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.outputSchema !== undefined) definition.outputSchema = { ...tool.outputSchema };
  if (tool.annotations !== undefined) definition.annotations = { ...tool.annotations };
  return definition;
}
