/**
 * A JSON Schema as Gemini's `responseSchema` accepts it: the OpenAPI subset (type,
 * properties, required, items, enum, ...). Keywords outside it (`additionalProperties`,
 * `$schema`, `minLength`, ...) make the API answer 400, so they are left out here; the
 * full schema is still what the answer is validated against. `type: ["string", "null"]`
 * becomes `type: "string", nullable: true`. Pure.
 */

const KEPT = new Set(['type', 'format', 'description', 'nullable', 'enum', 'required', 'minItems', 'maxItems', 'propertyOrdering', 'title']);

export function toGeminiSchema(schema: unknown): Record<string, unknown> {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (KEPT.has(key)) out[key] = value;
  }
  if (Array.isArray(source.type)) {
    const types = source.type.filter((t): t is string => typeof t === 'string');
    const nonNull = types.filter((t) => t !== 'null');
    if (nonNull.length > 0) out.type = nonNull[0];
    else delete out.type;
    if (types.includes('null')) out.nullable = true;
  }
  if (source.const !== undefined && out.enum === undefined) out.enum = [source.const];
  if (Array.isArray(out.enum)) {
    // Gemini's enum is for strings only.
    if (out.enum.every((v) => typeof v === 'string')) out.type ??= 'string';
    else delete out.enum;
  }
  if (source.properties && typeof source.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(source.properties as Record<string, unknown>).map(([k, v]) => [k, toGeminiSchema(v)]));
    out.type ??= 'object';
  }
  if (source.items !== undefined && !Array.isArray(source.items)) {
    out.items = toGeminiSchema(source.items);
    out.type ??= 'array';
  }
  const anyOf = source.anyOf ?? source.oneOf;
  if (Array.isArray(anyOf)) out.anyOf = anyOf.map(toGeminiSchema);
  return out;
}
