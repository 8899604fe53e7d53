/**
 * nestingBeyond as it was before its flat-arguments fast path (main at a455df5), kept so a
 * property test can check that the fast path answers the same.
 */
export function previousNestingBeyond(args: Record<string, unknown>, limit: number): string | undefined {
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
