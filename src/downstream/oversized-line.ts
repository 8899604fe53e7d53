/**
 * A line from a stdio server over the SDK's 10 MiB message limit, read past without being
 * held: its size, its first bytes and a bounded tail are kept, and once its newline comes the
 * JSON-RPC id of the answer is read from them. SDK servers (TypeScript) write an answer as
 * `{"result":{...},"jsonrpc":"2.0","id":N}` — the id at the end; others (Python's pydantic
 * order) write `{"jsonrpc":"2.0","id":N,"result":...}` — the id at the start. With the id,
 * only that call fails (`result_too_large`, call-outcome.ts); without one the session ends.
 */

/** The error data of the answer made for an oversized line (call-outcome.ts reads it as result_too_large). */
export class OversizedAnswer {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {}
}

const HEAD_BYTES = 256;
const TAIL_BYTES = 1024;

/** `"id":N}` or `"id":"s"}` closing the top-level object (one brace, then the line's end). */
const TAIL_ID = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*\}\s*$/;
/** `{"id":N` or `{"jsonrpc":"2.0","id":N` opening the line. */
const HEAD_ID = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*[,}]/;

export class OversizedLine {
  bytes = 0;
  private head: Buffer = Buffer.alloc(0);
  private tail: Buffer = Buffer.alloc(0);

  /** Bytes of the line, in order. */
  add(piece: Buffer): void {
    if (piece.length === 0) return;
    this.bytes += piece.length;
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, piece.subarray(0, HEAD_BYTES - this.head.length)]);
    if (piece.length >= TAIL_BYTES) this.tail = Buffer.from(piece.subarray(piece.length - TAIL_BYTES));
    else {
      const joined = Buffer.concat([this.tail, piece]);
      this.tail = joined.length > TAIL_BYTES ? joined.subarray(joined.length - TAIL_BYTES) : joined;
    }
  }

  /** The answer's id, from the line's end or start; undefined when neither holds one. */
  id(): string | number | undefined {
    const found = TAIL_ID.exec(this.tail.toString('utf8')) ?? HEAD_ID.exec(this.head.toString('utf8'));
    if (!found) return undefined;
    const text = found[1]!;
    try {
      const id = JSON.parse(text) as string | number;
      return typeof id === 'number' && !Number.isSafeInteger(id) ? undefined : id;
    } catch {
      return undefined;
    }
  }
}
