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
  next: Map<string, TrieNode>;
  /** Positions of the steps whose (lowercased, trimmed) title ends here. */
  ends: number[];
}

export class MentionIndex {
  private readonly byToken = new Map<string, number[]>();
  /** Ids with other characters (spaces, dots): few, tested one by one. */
  private readonly otherIds: Array<{ id: string; position: number }> = [];
  private readonly titles: TrieNode = { next: new Map(), ends: [] };

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
      for (const ch of splitUnits(t)) {
        let child = node.next.get(ch);
        if (!child) node.next.set(ch, (child = { next: new Map(), ends: [] }));
        node = child;
      }
      node.ends.push(position);
    }
  }

  /** Positions of registered steps whose id `text` mentions as a word. */
  idsIn(text: string): Set<number> {
    const found = new Set<number>();
    for (const token of text.split(TOKEN_SEPARATOR)) {
      if (token === '') continue;
      for (const p of this.byToken.get(token.toLowerCase()) ?? []) found.add(p);
    }
    for (const { id, position } of this.otherIds) if (mentionsWord(text, id)) found.add(position);
    return found;
  }

  /** Positions of registered steps whose title occurs in `text` (case-insensitive substring). */
  titlesIn(text: string): Set<number> {
    const found = new Set<number>();
    const lower = text.toLowerCase();
    for (let start = 0; start < lower.length; start++) {
      let node: TrieNode | undefined = this.titles;
      for (let i = start; i < lower.length && node; i++) {
        node = node.next.get(lower[i]!);
        if (node) for (const p of node.ends) found.add(p);
      }
    }
    return found;
  }
}

/** UTF-16 code units, as `String.prototype.includes` compares them. */
function splitUnits(text: string): string[] {
  const units: string[] = [];
  for (let i = 0; i < text.length; i++) units.push(text[i]!);
  return units;
}
