/** The message of a call reported `timeout` while its request stays open for the grace (both request paths). */
export function timeoutMessage(where: string, timeoutMs: number, resetOnProgress: boolean, maxTotalMs: number | undefined, graceMs: number): string {
  const since = resetOnProgress ? ` of its last progress${maxTotalMs === undefined ? '' : ` (or ${maxTotalMs} ms in all)`}` : '';
  return `${where} gave no result within ${timeoutMs} ms${since}; the downstream request is cancelled unless it answers within ${graceMs} ms more`;
}
