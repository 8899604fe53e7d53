/**
 * Which earlier steps a text mentions, by id or by title, without testing every earlier
 * step: ids are looked up by token, titles by their first characters, then whole. Same answers as
 * `mentionsWord(text, id)` and `text.toLowerCase().includes(title)`. Pure.
 */
import { mentionsWord } from './heuristic-text.js';

/** Ids made only of these characters are whole tokens wherever `mentionsWord` finds them. */
const TOKEN_ID = /^[A-Za-z0-9_-]+$/;
const TOKEN_SEPARATOR = /[^A-Za-z0-9_-]+/;

const MIN_TITLE = 6;

/**
 * A small-integer hash of the three UTF-16 code units of `text` from `at` (no string is
 * allocated). Colliding titles share a bucket; the whole-title lookup keeps answers exact.
 */
function headKey(text: string, at: number): number {
  return ((text.charCodeAt(at) * 1021 + text.charCodeAt(at + 1)) * 1021 + text.charCodeAt(at + 2)) & 0x3fffffff;
}

/** Titles sharing their first three characters: by full title, and the lengths present. */
interface TitleBucket {
  lengths: number[];
  titles: Map<string, number[]>;
}

export class MentionIndex {
  private readonly byToken = new Map<string, number[]>();
  /** Ids with other characters (spaces, dots): few, tested one by one. */
  private readonly otherIds: Array<{ id: string; position: number }> = [];
  /** headKey of a title -> the titles starting so. */
  private readonly titles = new Map<number, TitleBucket>();
  /** firstUnits[c] === 1: some title starts with code unit c. */
  private readonly firstUnits = new Uint8Array(65536);

  /** Registers an id (length >= 2) and a title (length >= 6 once trimmed) at `position`. */
  add(position: number, id: string, title: string | undefined): void {
    if (id.length >= 2) {
      if (TOKEN_ID.test(id)) {
        const key = id.toLowerCase();
        const list = this.byToken.get(key);
        if (list) list.push(position);
        else this.byToken.set(key, [position]);
      } else {
        this.otherIds.push({ id, position });
      }
    }
    const t = title?.trim().toLowerCase();
    if (t && t.length >= MIN_TITLE) {
      const head = headKey(t, 0);
      this.firstUnits[t.charCodeAt(0)] = 1;
      let bucket = this.titles.get(head);
      if (!bucket) this.titles.set(head, (bucket = { lengths: [], titles: new Map() }));
      if (!bucket.lengths.includes(t.length)) bucket.lengths.push(t.length);
      const positions = bucket.titles.get(t);
      if (positions) positions.push(position);
      else bucket.titles.set(t, [position]);
    }
  }

  /** Positions of registered steps whose id `text` mentions as a word (repeats possible). */
  idsIn(text: string): number[] {
    const found: number[] = [];
    for (const token of text.toLowerCase().split(TOKEN_SEPARATOR)) {
      const positions = token === '' ? undefined : this.byToken.get(token);
      if (positions) for (const p of positions) found.push(p);
    }
    for (const { id, position } of this.otherIds) if (mentionsWord(text, id)) found.push(position);
    return found;
  }

  /**
   * Positions of registered steps whose title occurs in `text` (case-insensitive substring,
   * compared in UTF-16 code units as `String.prototype.includes` does; repeats possible).
   */
  titlesIn(text: string): number[] {
    const found: number[] = [];
    if (this.titles.size === 0) return found;
    const lower = text.toLowerCase();
    for (let start = 0; start + MIN_TITLE <= lower.length; start++) {
      if (this.firstUnits[lower.charCodeAt(start)] !== 1) continue;
      const bucket = this.titles.get(headKey(lower, start));
      if (!bucket) continue;
      for (const length of bucket.lengths) {
        if (start + length > lower.length) continue;
        const positions = bucket.titles.get(lower.slice(start, start + length));
        if (positions) for (const p of positions) found.push(p);
      }
    }
    return found;
  }
}
