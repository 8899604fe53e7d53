/**
 * A new run's id: a random (version 4) UUID as crypto.randomUUID makes it — 122 bits from the
 * system's CSPRNG, lower-case hex, dashes at 8-4-4-4-12 — written as one flat string of 36
 * characters. crypto.randomUUID builds its string from 20 concatenated pieces (~580 B of
 * garbage per id, flattened again when the registry hashes it); one is made per request
 * (issue 13: the one-call request).
 */
import { randomFillSync } from 'node:crypto';

/** Random bytes for 256 ids, refilled when used up (randomUUID keeps a cache of 128). */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;
const text = Buffer.alloc(36);
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;

export function newRunId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let at = 0;
  for (let i = 0; i < 16; i++) {
    let byte = pool[used + i]!;
    // RFC 9562: the version (4) in byte 6's high nibble, the variant (10) in byte 8's two high bits.
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    text[at++] = HEX_DIGITS[byte >> 4]!;
    text[at++] = HEX_DIGITS[byte & 0x0f]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) text[at++] = DASH;
  }
  // Each id takes bytes no other id took.
  used += 16;
  return text.toString('latin1', 0, 36);
}
