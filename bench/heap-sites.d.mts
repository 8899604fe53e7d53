/** A node of a V8 sampling heap profile. */
export interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapProfileNode[];
}
export function allocationSites(head: HeapProfileNode, urlParts?: number): { bySite: Map<string, number>; total: number };
export function largestSites(bySite: Map<string, number>, top: number): Array<[string, number]>;
