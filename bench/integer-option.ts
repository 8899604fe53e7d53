/**
 * `--<name> <positive integer>` from a bench script's arguments: removed from `args` when given,
 * else `fallback`. Throws saying what was expected and what came.
 */
export function integerOption(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Expected --${name} <positive integer>, got ${args[at + 1]}`);
  args.splice(at, 2);
  return value;
}
