/**
 * References to an earlier step's output written in the notations of other planners and agent
 * frameworks rather than run_plan's `{{ref}}`, in a tool call's arguments (and, for the tagged
 * and "previous" forms, in a step's text). Read as literals, such arguments made a call look as
 * if it had all its inputs, and two read-only calls were declared independent.
 * - an earlier step's id used as a reference: `$s1`, `${s1}`, `{s1.answer}`, `<s1>`, `$.s1.temp`,
 *   `${steps.s2.output.title}`, `s1.result.lat`, `s2.result[0]`, `{"$ref": "s1"}`, and an id made of
 *   letters and digits (`s1`, `t0`, `step_2`) anywhere, any id after "the output of" / "result of";
 * - a numbered output: `$1`, `$3.start` (LLMCompiler's `$N`: the step with id N, else the N-th step);
 * - HuggingGPT's resource tags `<resource>-N` / `<GENERATED>-N` (the task with id N, else the
 *   (N+1)-th step: tasks count from 0; both when they differ, as node-references does);
 * - the previous step's output by name: `$previous`, `$prev`, `$last_result`, `$OBSERVATION`,
 *   `{previous_output}`, n8n's `$json.email` / `$input.item` / `$prevNode`, and a Step Functions
 *   argument whose key ends in `.$` (a path into the state's input, the previous state's output);
 * - an earlier step's id or title quoted inside an expression: Power Automate's / Logic Apps'
 *   `@{outputs('Get_items')}`, `@body('Parse_JSON')`, n8n's `$node["Fetch Users"].json`,
 *   `steps['fetch'].output`; and `.fetch.result` (jq) at a string's start.
 * A plain word id ("search") counts only inside such marks: as a bare word it is a literal.
 */
import type { AnalysisStep } from '../../schema.js';
import type { DependenceRule } from '../rule.js';

/** Nesting read in arguments: references sit in flat values, lists and `{ $ref }` objects. */
const MAX_DEPTH = 5;
/** Characters a reference in one of these notations holds: a string without any is skipped. */
const MARKS = /[$<{.\[]/;
/** A token: a maximal run of [A-Za-z0-9_-]. */
const TOKEN = /[A-Za-z0-9_-]+/g;
/** `<resource>-2`, `<GENERATED>-0`, `<resource-2>`, `<output>-1`. */
const RESOURCE_TAG = /<(?:resource|generated|output|result)>-(\d+)|<(?:resource|generated|output|result)-(\d+)>/gi;
/** `$1`, `$3.start`, `"$2"` — not money (`$1.50`, `$1,000`, `$5 per`? a later digit or a decimal). */
const NUMBERED = /\$(\d+)(?![\d,]|\.\d)/g;
/** The previous step's output by name, after `$`, `${`, `{` or `<`. */
const PREVIOUS = /(?:\$\{?|\{|<)(?:prev|previous|last|prior|observation)(?:[_-]?(?:step|result|output|observation|answer|response))?(?![A-Za-z0-9_])/i;
/** "the output of fetch", "result of search": a plain-word id named as the source of a value. */
const OUTPUT_OF = /\b(?:output|outputs|result|results|response|answer|return value|value) (?:of|from) (?:step |task |node )?["']?$/i;
/** n8n's notations for the previous node's output. */
const PREVIOUS_NODE = /\$(?:json(?![A-Za-z0-9_])|input\.(?:item|all|first|last)\b|prevNode\b)/;
/** A quoted name inside an expression (a string that also holds one of `(`, `[`, `$`, `@`, `{`). */
const QUOTED = /(["'])([^"'\n]{1,80})\1/g;
const EXPRESSION_MARKS = /[([$@{]/;
/** A token that starts with a letter and holds a digit: the only unmarked tokens that may be ids read anywhere. */
const IDENTIFIER_TOKEN = /(?<![A-Za-z0-9_/\\-])[A-Za-z][A-Za-z_-]*\d[A-Za-z0-9_-]*/g;
/** The id after "the output of" / "result from" (any id: "result of fetch"). */
const OUTPUT_OF_ID = /\b(?:output|outputs|result|results|response|answer|return value|value) (?:of|from) (?:step |task |node )?["']?([A-Za-z0-9_-]+)/gi;
const OF_OR_FROM = / (?:of|from) /i;
const HAS_DIGIT = /\d/;
/** `steps.` / `$.` / `outputs.` just before an id: a namespace of references ("${steps.s2.output}", "$.s1.temp"). */
const NAMESPACE_BEFORE = /(?:^|[$\s{(])(?:\$|steps|outputs|results|nodes)\.$/;
/** Keys whose string value names the step whose output is meant. */
const REF_KEYS = new Set(['$ref', 'ref', '$step', 'from_step', 'source_step', 'input_from', 'output_of', 'use_output_of']);

/** Whether an id may be read as a reference anywhere, without marks: letters and digits both ("s1", "t0", "step_2"). */
function identifierLike(id: string): boolean {
  return /[A-Za-z]/.test(id) && /\d/.test(id) && /^[A-Za-z0-9_-]+$/.test(id);
}

interface Found {
  /** Positions found, with the notation as written. */
  at: Map<number, string>;
}

export const argumentReferences: DependenceRule = {
  name: 'argument-references',
  start: (ctx) => {
    let byId: Map<string, number> | undefined;
    const positionOf = (id: string): number | undefined => {
      byId ??= new Map(ctx.order.map((id, p) => [id, p]));
      return byId.get(id);
    };
    const stepAt = (planIndex: number): number | undefined => {
      const s: AnalysisStep | undefined = ctx.steps[planIndex];
      return s === undefined ? undefined : ctx.position.get(s.id);
    };
    const note = (f: Found, k: number, at: number | undefined, written: string) => {
      if (at !== undefined && at < k && !f.at.has(at)) f.at.set(at, written);
    };
    let byTitle: Map<string, number> | undefined;
    /** The position of the step with this title (case-insensitive; the latest of equal titles), else undefined. */
    const titled = (name: string): number | undefined => {
      if (byTitle === undefined) {
        byTitle = new Map();
        for (let p = 0; p < ctx.facts.length; p++) {
          const t = ctx.facts[p]!.step.title;
          if (t !== undefined && t.trim() !== '') byTitle.set(t.trim().toLowerCase(), p);
        }
      }
      return byTitle.get(name.trim().toLowerCase());
    };
    /** One map for the analysis, cleared per step: most steps find nothing. */
    const f: Found = { at: new Map() };

    /** The tagged and "previous" forms: in arguments and text alike. */
    const tagged = (text: string, k: number, f: Found) => {
      if (text.includes('<')) {
        RESOURCE_TAG.lastIndex = 0;
        for (let m = RESOURCE_TAG.exec(text); m !== null; m = RESOURCE_TAG.exec(text)) {
          const n = Number(m[1] ?? m[2]);
          note(f, k, positionOf(`${n}`), m[0]);
          note(f, k, stepAt(n), m[0]);
        }
      }
      if (k > 0 && (text.includes('$') || text.includes('{') || text.includes('<'))) {
        const p = PREVIOUS.exec(text) ?? (text.includes('$') ? PREVIOUS_NODE.exec(text) : null);
        if (p !== null) note(f, k, k - 1, p[0]);
      }
    };

    /** identifierLike(id) by id, once per analysis. */
    const likeIds = new Map<string, boolean>();
    const isIdentifierLike = (id: string): boolean => {
      let yes = likeIds.get(id);
      if (yes === undefined) likeIds.set(id, (yes = identifierLike(id) && !/^\d/.test(id)));
      return yes;
    };

    /** Ids and `$N` in an argument string. */
    const inString = (value: string, k: number, f: Found) => {
      tagged(value, k, f);
      if (!MARKS.test(value)) {
        // No reference marks: only an id of letters and digits, or an id after "the output of".
        IDENTIFIER_TOKEN.lastIndex = 0;
        for (let m = IDENTIFIER_TOKEN.exec(value); m !== null; m = IDENTIFIER_TOKEN.exec(value)) {
          const at = positionOf(m[0]);
          if (at !== undefined && isIdentifierLike(m[0])) note(f, k, at, m[0]);
        }
        if (OF_OR_FROM.test(value)) {
          OUTPUT_OF_ID.lastIndex = 0;
          for (let m = OUTPUT_OF_ID.exec(value); m !== null; m = OUTPUT_OF_ID.exec(value)) note(f, k, positionOf(m[1]!), m[1]!);
        }
        return;
      }
      if ((value.includes("'") || value.includes('"')) && EXPRESSION_MARKS.test(value)) {
        QUOTED.lastIndex = 0;
        for (let m = QUOTED.exec(value); m !== null; m = QUOTED.exec(value)) {
          const name = m[2]!;
          note(f, k, positionOf(name) ?? titled(name), `${m[1]}${name}${m[1]}`);
        }
      }
      if (value.includes('$')) {
        NUMBERED.lastIndex = 0;
        for (let m = NUMBERED.exec(value); m !== null; m = NUMBERED.exec(value)) {
          const n = Number(m[1]);
          note(f, k, positionOf(`${n}`) ?? (n >= 1 ? stepAt(n - 1) : undefined), m[0]);
        }
      }
      TOKEN.lastIndex = 0;
      for (let m = TOKEN.exec(value); m !== null; m = TOKEN.exec(value)) {
        const at = positionOf(m[0]);
        if (at === undefined || at >= k) continue;
        const id = m[0];
        const before = value.charAt(m.index - 1);
        const after = value.charAt(m.index + id.length);
        const namespaced = before === '.' && NAMESPACE_BEFORE.test(value.slice(Math.max(0, m.index - 9), m.index));
        // A path segment or a file name ("in/a.png", "report.s1.md"): not a reference.
        const jq = before === '.' && m.index === 1;
        if (before === '/' || before === '\\' || (before === '.' && !namespaced && !jq)) continue;
        const marked =
          before === '$' || before === '{' || before === '<' || before === '@' || namespaced || jq ||
          after === '}' || after === '>' || after === '[' ||
          (after === '.' && /^\.[A-Za-z_]/.test(value.slice(m.index + id.length, m.index + id.length + 2)));
        if (marked || isIdentifierLike(id) || OUTPUT_OF.test(value.slice(Math.max(0, m.index - 24), m.index))) note(f, k, at, id);
      }
    };

    const inValue = (value: unknown, key: string | undefined, k: number, f: Found, depth: number) => {
      if (typeof value === 'string') {
        if (key !== undefined && REF_KEYS.has(key.toLowerCase())) note(f, k, positionOf(value), `${key}: ${value}`);
        // Step Functions: "data.$": "$.Payload" is a path into the state's input, what the previous state returned.
        if (key !== undefined && key.endsWith('.$') && value.startsWith('$.')) note(f, k, k - 1, `${key}: ${value}`);
        if (MARKS.test(value) || HAS_DIGIT.test(value) || OF_OR_FROM.test(value)) inString(value, k, f);
        return;
      }
      if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) {
        for (let x = 0; x < value.length; x++) inValue(value[x], undefined, k, f, depth + 1);
        return;
      }
      for (const name in value) if (Object.hasOwn(value, name)) inValue((value as Record<string, unknown>)[name], name, k, f, depth + 1);
    };

    return (k, found) => {
      if (k === 0 || found.followsAll) return;
      const step = ctx.facts[k]!.step;
      f.at.clear();
      if (step.arguments !== undefined) inValue(step.arguments, undefined, k, f, 0);
      if (step.title !== undefined) tagged(step.title, k, f);
      if (step.description !== undefined) tagged(step.description, k, f);
      if (f.at.size === 0) return;
      for (const at of [...f.at.keys()].sort((a, b) => a - b)) {
        found.add(at, `"${ctx.order[k]}" reads the output of "${ctx.order[at]}" (${f.at.get(at)})`);
      }
    };
  },
};
