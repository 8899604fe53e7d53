/**
 * Which earlier steps a text mentions, by id or by title, without testing every earlier
 * step: ids are looked up by token, titles walked in a character trie. Same answers as
 * `mentionsWord(text, id)` and `text.toLowerCase().includes(title)`. Pure.
 */
import { mentionsWord } from './heuristic-text.js';

/** Ids made only of these characters are whole tokens wherever `mentionsWord` finds them. */
const TOKEN_ID = /^[A-Za-z0-9_-]+$/;
const TOKEN_SEPARATOR = /[^A-Za-z0-9_-]+/;

interface TrieNode {
  next?: Map<string, TrieNode>;
  /** Positions of the steps whose (lowercased, trimmed) title ends here. */
  ends?: number[];
}

export class MentionIndex {
  private readonly byToken = new Map<string, number[]>();
  /** Ids with other characters (spaces, dots): few, tested one by one. */
  private readonly otherIds: Array<{ id: string; position: number }> = [];
  private readonly titles: TrieNode = {};

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
    if (t && t.length >= 6) {
      let node = this.titles;
      for (let i = 0; i < t.length; i++) {
        const unit = t[i]!;
        node.next ??= new Map();
        let child = node.next.get(unit);
        if (!child) node.next.set(unit, (child = {}));
        node = child;
      }
      (node.ends ??= []).push(position);
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
    const lower = text.toLowerCase();
    const root = this.titles.next;
    if (!root) return found;
    for (let start = 0; start < lower.length; start++) {
      let node = root.get(lower[start]!);
      for (let i = start + 1; node; i++) {
        if (node.ends) for (const p of node.ends) found.push(p);
        node = i < lower.length ? node.next?.get(lower[i]!) : undefined;
      }
    }
    return found;
  }
}
