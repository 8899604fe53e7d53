/**
 * Sorts a list of numbers ascending, in place. The rules sort short lists (a step's few
 * sources) once per step; Array.prototype.sort allocates a work copy on every call, so
 * short lists are insertion-sorted instead. Same result as `list.sort((a, b) => a - b)`. Pure.
 */
export function sortAscending(list: number[]): number[] {
  if (list.length > 16) return list.sort((a, b) => a - b);
  for (let x = 1; x < list.length; x++) {
    const value = list[x]!;
    let y = x - 1;
    for (; y >= 0 && list[y]! > value; y--) list[y + 1] = list[y]!;
    list[y + 1] = value;
  }
  return list;
}

/** Sorts buffer[0..count) ascending, in place: natively (no comparator to call) beyond a few entries. */
export function sortAscendingPrefix(buffer: Int32Array, count: number): void {
  if (count > 16) {
    buffer.subarray(0, count).sort();
    return;
  }
  for (let x = 1; x < count; x++) {
    const value = buffer[x]!;
    let y = x - 1;
    for (; y >= 0 && buffer[y]! > value; y--) buffer[y + 1] = buffer[y]!;
    buffer[y + 1] = value;
  }
}
