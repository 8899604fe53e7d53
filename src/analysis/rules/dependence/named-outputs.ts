/**
 * A step that names its output — `setContextVariable="JOKE"` (Semantic Kernel's sequential
 * planner), `{{set "forecast" ...}}` (its Handlebars planner), `save_as` / `store_as` /
 * `output_key` / `output_var` / `assign_to` arguments, an `output: "html"` that is a bare name
 * and not a file — and a later step that uses that name: `$JOKE`, `${forecast}`, `{weather}`,
 * `%weather%`, `input=forecast`, or an argument (or a quoted value in its text) that is the
 * name itself (`input: "html"`). The later step reads what the earlier one made. Names a
 * step only declares are not read as uses of the same name by itself.
 */
import type { AnalysisStep } from '../../schema.js';
import type { DependenceRule } from '../rule.js';

/** Argument keys whose value names the step's output. */
const NAME_KEY = /^(?:set_?context_?variable|save_?as|store_?as|assign_?to|as|into|output_?(?:key|var|variable|name)|result_?(?:key|var|variable|name)|var(?:iable)?(?:_?name)?)$/i;
/** `output` / `out` keys name the output too when their value is a bare name (no path, no extension). */
const OUTPUT_KEY = /^(?:output|out|result)$/i;
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]{1,40}$/;
/** Declarations in a step's text: `setContextVariable="X"`, `{{set "x" ...}}`, `output: x` / `"output": "x"`, `save as x`. */
const TEXT_DECLARATION = /setContextVariable\s*=\s*["']([A-Za-z_]\w*)["']|\{\{\s*set\s+["']([A-Za-z_]\w*)["']|["']?(?:output|save_as|store_as|output_key|output_var)["']?\s*[:=]\s*["']?([A-Za-z_]\w*)(?![\w./])/g;
/** Nesting read in arguments. */
const MAX_DEPTH = 5;

/** Whether an argument key names the step's output (NAME_KEY or OUTPUT_KEY), remembered: keys repeat across plans. */
const nameKeys = new Map<string, boolean>();
function namesOutput(key: string): boolean {
  let yes = nameKeys.get(key);
  if (yes === undefined) {
    if (nameKeys.size >= 10_000) nameKeys.clear();
    nameKeys.set(key, (yes = NAME_KEY.test(key) || OUTPUT_KEY.test(key)));
  }
  return yes;
}

/** Literals one of which every TEXT_DECLARATION match holds (lowercase). */
const DECLARATION_LITERALS = ['setcontextvariable', 'set', 'output', 'save_as', 'store_as'];

function declaredIn(step: AnalysisStep, lower: string): string[] | undefined {
  let out: string[] | undefined;
  const args = step.arguments;
  if (args !== undefined) {
    for (const key in args) {
      if (!Object.hasOwn(args, key)) continue;
      const v = args[key];
      if (typeof v === 'string' && namesOutput(key) && BARE_NAME.test(v)) (out ??= []).push(v);
    }
  }
  if (!(lower.includes('=') || lower.includes(':')) || !DECLARATION_LITERALS.some((w) => lower.includes(w))) return out;
  for (const text of [step.title, step.description]) {
    if (text === undefined || !(text.includes('=') || text.includes(':'))) continue;
    TEXT_DECLARATION.lastIndex = 0;
    for (let m = TEXT_DECLARATION.exec(text); m !== null; m = TEXT_DECLARATION.exec(text)) {
      const name = m[1] ?? m[2] ?? m[3];
      if (name !== undefined && BARE_NAME.test(name)) (out ??= []).push(name);
    }
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A use of `name` in a string: marked (`$X`, `${X`, `{X}`, `{X.`, `<X>`, `%X%`, `=X`), or, in an argument, the whole value. */
function usePattern(name: string): RegExp {
  const n = escape(name);
  return new RegExp(String.raw`(?:\$\{?|\{\s*|<|%|=\s*|:\s*["'])${n}(?![A-Za-z0-9_])`, 'i');
}

/** A token: a maximal run of [A-Za-z0-9_]. */
const TOKEN = /[A-Za-z0-9_]+/g;

/** Adds to `into` the lowercased tokens of the strings in `value` that are keys of `names`. */
function tokensIn(value: unknown, names: ReadonlyMap<string, number>, into: Set<string>, depth: number, skipKey: boolean): void {
  if (typeof value === 'string') {
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(value); m !== null; m = TOKEN.exec(value)) {
      const t = m[0].toLowerCase();
      if (names.has(t)) into.add(t);
    }
    return;
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let x = 0; x < value.length; x++) tokensIn(value[x], names, into, depth + 1, false);
    return;
  }
  for (const key in value) {
    // A name-declaring argument is the step's own output, not a use.
    if (Object.hasOwn(value, key) && !(skipKey && NAME_KEY.test(key))) tokensIn((value as Record<string, unknown>)[key], names, into, depth + 1, skipKey);
  }
}

export const namedOutputs: DependenceRule = {
  name: 'named-outputs',
  start: (ctx) => {
    /** Names declared so far (lowercased), with the position of the latest step declaring each and the name as declared. */
    const declared = new Map<string, number>();
    const written = new Map<string, string>();
    const patterns = new Map<string, RegExp>();
    const uses = (value: unknown, name: string, re: RegExp, depth: number): boolean => {
      if (typeof value === 'string') return value === name || re.test(value);
      if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return false;
      if (Array.isArray(value)) return value.some((v) => uses(v, name, re, depth + 1));
      for (const key in value) if (Object.hasOwn(value, key) && !NAME_KEY.test(key) && uses((value as Record<string, unknown>)[key], name, re, depth + 1)) return true;
      return false;
    };
    return (k, found) => {
      const step = ctx.facts[k]!.step;
      if (declared.size > 0 && !found.followsAll) {
        // Only the declared names among the step's tokens are tested (a long plan declares many).
        const seen = new Set<string>();
        if (step.arguments !== undefined) tokensIn(step.arguments, declared, seen, 0, true);
        if (step.title !== undefined) tokensIn(step.title, declared, seen, 0, false);
        if (step.description !== undefined) tokensIn(step.description, declared, seen, 0, false);
        for (const key of seen) {
          const at = declared.get(key)!;
          if (found.follows(at)) continue;
          const name = written.get(key)!;
          let re = patterns.get(key);
          if (re === undefined) patterns.set(key, (re = usePattern(name)));
          const inArgs = step.arguments !== undefined && uses(step.arguments, name, re, 0);
          const inText = !inArgs && ((step.description !== undefined && re.test(step.description)) || (step.title !== undefined && re.test(step.title)));
          if (inArgs || inText) found.add(at, `"${ctx.order[k]}" uses "${name}", the output "${ctx.order[at]}" names`);
        }
      }
      const names = declaredIn(step, ctx.facts[k]!.lower);
      if (names !== undefined) for (const name of names) {
        declared.set(name.toLowerCase(), k);
        written.set(name.toLowerCase(), name);
      }
    };
  },
};
