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
