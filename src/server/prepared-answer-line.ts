/**
 * A batch's foreground answer line (issue 13): the bytes of
 * `JSON.stringify({ result: finishedAnswer(end), jsonrpc: "2.0", id })` and a newline, written
 * around the structured content's JSON that call_tools_parallel made as its calls settled
 * (tools/render-settled.ts), so a large answer is not walked and stringified again whole after
 * its last call. run-answer-line.ts writes the small answers; this one only those whose
 * structured content's JSON is at hand, else undefined (the answer object is sent as before).
 * test/tools/render-settled.test.ts holds the bytes equal.
 */
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { RunEnd } from '../runs/run-types.js';
import { takeStructuredMembers } from '../tools/render-settled.js';
import { IS_ERROR_FALSE, IS_ERROR_TRUE, START, STATUS, STRUCTURED } from './run-answer-line.js';

export function preparedAnswerLine(end: RunEnd, id: RequestId): string | undefined {
  const report = end.report;
  const structured = report?.structured;
  if (report === undefined || structured === undefined || typeof report.text !== 'string' || typeof report.isError !== 'boolean') return undefined;
  // `{ run_id, status, ...structured }`: structured's members after run_id and status (it holds
  // neither: { results, summary }), so its JSON without the opening brace follows them.
  const members = takeStructuredMembers(structured);
  if (members === undefined) return undefined;
  return (
    START +
    JSON.stringify(`${report.text}\nrun_id: ${end.run_id}`) +
    STRUCTURED +
    JSON.stringify(end.run_id) +
    STATUS +
    JSON.stringify(end.status) +
    ',' +
    members +
    (report.isError ? IS_ERROR_TRUE : IS_ERROR_FALSE) +
    JSON.stringify(id) +
    '}\n'
  );
}
