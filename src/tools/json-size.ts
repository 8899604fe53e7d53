/**
 * The UTF-8 byte length of `JSON.stringify(value)`, counted without building the string:
 * a response budget measures multi-megabyte results once, and the SDK serializes them anyway.
 */
export function jsonByteLength(value: unknown): number {
  return sizeOf(value, false) ?? 4; // a bare undefined stringifies to nothing; count it as null
}

/** The UTF-8 byte length of `JSON.stringify(object)` without its member `omitted` (a plain object). */
export function jsonByteLengthOmitting(object: object, omitted: string): number {
  let total = 2;
  let members = 0;
  // for...in with an own-property check walks what Object.keys lists, without the array.
  for (const key in object) {
    if (key === omitted || !hasOwn.call(object, key)) continue;
    const size = sizeOf((object as Record<string, unknown>)[key], false);
    if (size === undefined) continue;
    total += keyByteLength(key) + 1 + size;
    members += 1;
  }
  return total + (members > 1 ? members - 1 : 0);
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Member names come again and again (every result of a batch has "content", "type", "text"):
 * each one's size is counted once, for up to KEY_CACHE_SIZE names.
 */
const keyBytes = new Map<string, number>();
const KEY_CACHE_SIZE = 4096;

function keyByteLength(key: string): number {
  let bytes = keyBytes.get(key);
  if (bytes === undefined) {
    bytes = stringByteLength(key);
    if (keyBytes.size < KEY_CACHE_SIZE) keyBytes.set(key, bytes);
  }
  return bytes;
}

/** undefined for what JSON.stringify leaves out of an object (undefined, functions, symbols). */
function sizeOf(value: unknown, inArray: boolean): number | undefined {
  switch (typeof value) {
    case 'string':
      return stringByteLength(value);
    case 'number':
      return numberLength(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 4 : undefined;
    default:
      break;
  }
  if (value === null) return 4;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
  }
  if (Array.isArray(value)) {
    let total = 2 + (value.length > 1 ? value.length - 1 : 0);
    for (let i = 0; i < value.length; i++) total += sizeOf(value[i], true) ?? 4;
    return total;
  }
  let total = 2;
  let members = 0;
  for (const key in value as object) {
    if (!hasOwn.call(value, key)) continue;
    const size = sizeOf((value as Record<string, unknown>)[key], false);
    if (size === undefined) continue;
    total += keyByteLength(key) + 1 + size;
    members += 1;
  }
  return total + (members > 1 ? members - 1 : 0);
}

/** Powers of ten, exact as doubles up to 1e22. */
const POWERS_OF_TEN = Array.from({ length: 22 }, (_, i) => 10 ** i);

/** The length of String(value) for a finite number, "null"'s for the others; integers without building the string. */
function numberLength(value: number): number {
  if (!Number.isFinite(value)) return 4;
  // Integers under 1e21 print as plain digits (1e21 and up as "1e+21"); -0 prints as "0".
  if (Number.isInteger(value) && value < 1e21 && value > -1e21) {
    const magnitude = value < 0 ? -value : value;
    let digits = 1;
    while (digits < 21 && magnitude >= POWERS_OF_TEN[digits]!) digits += 1;
    return value < 0 ? digits + 1 : digits;
  }
  // One decimal (timings are rounded to 0.1 ms): the value is the double nearest k / 10, which
  // prints as k's digits with the point before the last (and "0." before one digit).
  const tenths = value * 10;
  if (Number.isInteger(tenths) && tenths < 1e15 && tenths > -1e15 && tenths / 10 === value) {
    const magnitude = tenths < 0 ? -tenths : tenths;
    let digits = 2;
    while (digits < 15 && magnitude >= POWERS_OF_TEN[digits]!) digits += 1;
    return (value < 0 ? 2 : 1) + digits;
  }
  return String(value).length;
}

/** A JSON string literal's UTF-8 bytes: quotes, escapes, multi-byte characters. */
export function stringByteLength(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x0c || code === 0x0a || code === 0x0d || code === 0x09) bytes += 2;
      else if (code < 0x20) bytes += 6;
      else bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else {
        bytes += 6; // a lone surrogate is written as \uXXXX
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      bytes += 6;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}
