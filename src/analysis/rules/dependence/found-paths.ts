/**
 * Coding agents and file-system tool calls work from what a listing found: `search_files {path:
 * "/repo/docs"}` then `read_multiple_files {paths: ["/repo/docs/setup.md"]}`, `Glob` then `Read`,
 * and a write whose content names the files read before it (`write_file {content: "- [Setup]
 * (setup.md)"}` after reading /repo/docs/setup.md). Two read-only calls with literal paths looked
 * independent. A tool call follows:
 * - an earlier listing call (its name searches, lists, finds, globs, greps, walks or scans) whose
 *   directory holds one of the call's paths (and which is not that path itself);
 * - an earlier call whose file it names in any argument by the file's name ("setup.md", or the
 *   same file spelt another way: "./out/a.csv" then "out/a.csv"), when that name has an extension
 *   and the call does not touch the very same path (two reads of one path are tool-conflict's).
 * Pure.
 */
import type { DependenceRule } from '../rule.js';
import { nameWords } from '../../name-words.js';

const LISTING = new Set(['search', 'list', 'find', 'glob', 'grep', 'ls', 'tree', 'walk', 'scan', 'directory', 'readdir', 'locate']);

/** Whether a tool's name says it lists, remembered across analyses: tool names repeat. */
function lists(tool: string): boolean {
  let yes = listingTools.get(tool);
  if (yes === undefined) {
    if (listingTools.size >= 10_000) listingTools.clear();
    listingTools.set(tool, (yes = nameWords(tool).some((w) => LISTING.has(w))));
  }
  return yes;
}

const listingTools = new Map<string, boolean>();

/** A file path's last segment when it has an extension ("/repo/docs/setup.md" -> "setup.md"), else undefined. */
function fileName(resource: string): string | undefined {
  if (resource.includes('://')) return undefined;
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return /^[^\s]+\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$/.test(name) && name.length >= 4 && !hostLike(name) ? name : undefined;
}

/** A host name rather than a file ("www.example.com", "api.acme.io"). */
const HOST_ENDINGS = new Set(['com', 'org', 'net', 'io', 'edu', 'gov', 'co', 'uk', 'de', 'fr', 'ai', 'dev', 'app', 'info', 'biz', 'eu', 'us']);
function hostLike(name: string): boolean {
  return name.startsWith('www.') || HOST_ENDINGS.has(name.slice(name.lastIndexOf('.') + 1).toLowerCase());
}

/** A file name in text, with any directories before it ("docs/setup.md", "(faq.md)"). */
const FILE_TOKEN = /(?<![\w.-])[\w./-]*[\w-]\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,5}(?![\w-])/g;

/** Whether `path` lies strictly under directory `dir` ("/repo/docs/a.md" under "/repo/docs"). */
function under(path: string, dir: string): boolean {
  const d = dir.endsWith('/') ? dir : `${dir}/`;
  return path !== dir && path.startsWith(d);
}

/** All string values of a step's arguments, joined (for names written in content or commands). */
function argumentText(value: unknown, out: string[], depth = 0): void {
  if (typeof value === 'string') out.push(value);
  else if (depth < 4 && Array.isArray(value)) for (const v of value) argumentText(v, out, depth + 1);
  else if (depth < 4 && value !== null && typeof value === 'object') for (const v of Object.values(value)) argumentText(v, out, depth + 1);
}

export const foundPaths: DependenceRule = {
  name: 'found-paths',
  start: (ctx) => {
    /** Earlier listing calls with their directories. */
    const listings: Array<{ at: number; dirs: string[] }> = [];
    /** Earlier calls' positions by the names of the files they touch. */
    const files = new Map<string, Array<{ at: number; resource: string }>>();
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.tool === undefined || f.step.arguments === undefined) return;
      const own = f.tool.resources;
      // Most calls touch no path and nothing before them did: nothing to read or remember.
      if (own.length === 0 && files.size === 0 && listings.length === 0) return;
      if (!found.followsAll) {
        for (let x = Math.max(0, listings.length - 50); x < listings.length; x++) {
          const l = listings[x]!;
          if (found.follows(l.at)) continue;
          const p = own.find((r) => l.dirs.some((d) => under(r, d)));
          if (p !== undefined) found.add(l.at, `"${ctx.order[k]}" works on ${p}, under the directory "${ctx.order[l.at]}" lists (${ctx.facts[l.at]!.step.tool})`);
        }
        if (files.size > 0) {
          const texts: string[] = [];
          argumentText(f.step.arguments, texts);
          const text = texts.join('\n');
          FILE_TOKEN.lastIndex = 0;
          for (let m = FILE_TOKEN.exec(text); m !== null; m = FILE_TOKEN.exec(text)) {
            const name = m[0].slice(m[0].lastIndexOf('/') + 1);
            if (hostLike(name)) continue;
            const earlier = files.get(name);
            if (earlier === undefined) continue;
            for (const { at, resource } of earlier) {
              // The same path in both is tool-conflict's to judge (two reads of one file are independent).
              if (found.follows(at) || own.includes(resource)) continue;
              found.add(at, `"${ctx.order[k]}" names ${name}, the file "${ctx.order[at]}" touches (${resource})`);
            }
          }
        }
      }
      if (own.length > 0 && lists(f.step.tool!)) listings.push({ at: k, dirs: own });
      for (const r of own) {
        const name = fileName(r);
        if (name === undefined) continue;
        const list = files.get(name);
        if (list === undefined) files.set(name, [{ at: k, resource: r }]);
        else list.push({ at: k, resource: r });
      }
    };
  },
};
