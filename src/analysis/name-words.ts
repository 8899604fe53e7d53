/**
 * Lower-case words of a tool or argument name, split at camelCase humps and at every
 * non-alphanumeric character: "n8n-nodes-base.scheduleTrigger" -> n8n, nodes, base, schedule,
 * trigger; "propertyId" -> property, id. One reading of names for the rules that look at them.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}
