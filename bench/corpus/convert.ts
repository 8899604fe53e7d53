/**
 * Converts public planner datasets into analyze_dependencies plans with ground-truth edges,
 * written to test/fixtures/plans/corpus/<source>.json. Reads each upstream repository at a
 * pinned commit through `git show` (the repositories themselves are not committed):
 *   tsx bench/corpus/convert.ts <dir holding owner+name/repo git dirs> [source,...]   (default /work/.mirror, every source)
 * Sources and licences: test/fixtures/plans/SOURCES.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { findCycle, graphFromEdges } from '../../src/engine/graph.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';
import type { CorpusFile, CorpusPlan } from './corpus.js';

const mirror = process.argv[2] ?? '/work/.mirror';
/** Only these sources (comma-separated, e.g. `teval`), or every source. */
const only = process.argv[3]?.split(',');

interface Upstream {
  repo: string;
  commit: string;
  license: string;
}

const WORFBENCH: Upstream = { repo: 'zjunlp/WorfBench', commit: '38a6455557128dffceae9a08ffd745f04a4a9d03', license: 'MIT' };
const NESTFUL: Upstream = { repo: 'IBM/NESTFUL', commit: '053cbde0446dddd31e8293f179085e1b39ab79b5', license: 'Apache-2.0' };
const LLMCOMPILER: Upstream = { repo: 'SqueezeAILab/LLMCompiler', commit: 'a00c9d35507507da70e8c637eee64efc8c1857ae', license: 'MIT' };
const REWOO: Upstream = { repo: 'billxbf/ReWOO', commit: '9cd0283043ff4be0c9d614fda2789d143ca6ffd1', license: 'MIT' };
const SEAL_TOOLS: Upstream = { repo: 'fairyshine/Seal-Tools', commit: 'ce753ecd60ed08dd376984035de531ab8421f1c6', license: 'Apache-2.0' };
const NESTOOLS: Upstream = { repo: 'hhan1018/NesTools', commit: 'fb617f396d61ead9f857a48f9ea7cf12fa522450', license: 'Apache-2.0' };
const ASYNCHOW: Upstream = { repo: 'fangru-lin/graph-llm-asynchow-plan', commit: '66f9bcffbe6caece8755df7927e14cece69b3160', license: 'MIT' };
/** The initial commit: the data files were later removed from the repository (now a download link). */
const TEVAL: Upstream = { repo: 'open-compass/T-Eval', commit: 'bab869616dee4cb55a2a04390efb93c008b70896', license: 'Apache-2.0' };
/** The StrategyQA authors' code repository, which ships their 90%/10% split of the official train set. */
const STRATEGYQA: Upstream = { repo: 'eladsegal/strategyqa', commit: '1ba1e97452e189569357876f2854b01357ffbe37', license: 'MIT' };
/** GNN4TaskPlan's reformatting of RestBench's TMDB set: GPT-4-written steps for RestBench's solution paths. */
const GNN4TASKPLAN: Upstream = { repo: 'WxxShirley/GNN4TaskPlan', commit: 'f1486690f4fa00030bc7035f0dcc41904889aa2c', license: 'MIT' };

function showBytes(upstream: Upstream, path: string): Buffer {
  const gitDir = `${mirror}/${upstream.repo.replace('/', '+')}/repo`;
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${upstream.commit}:${path}`], { maxBuffer: 64 << 20 });
}

function show(upstream: Upstream, path: string): string {
  return showBytes(upstream, path).toString('utf8');
}

function acyclic(plan: CorpusPlan): boolean {
  const graph = graphFromEdges(plan.steps.map((s) => s.id), plan.edges.map(([from, to]) => ({ from, to })));
  return findCycle(graph) === undefined;
}

function write(name: string, upstream: Upstream, description: string, plans: () => CorpusPlan[], truth?: CorpusFile['truth']): void {
  if (only !== undefined && !only.includes(name)) return;
  const all = plans();
  const kept = all.filter(acyclic);
  const file: CorpusFile = { source: name, upstream: `https://github.com/${upstream.repo}`, commit: upstream.commit, license: upstream.license, description, ...(truth === undefined ? {} : { truth }), plans: kept };
  writeFileSync(new URL(`../../test/fixtures/plans/corpus/${name}.json`, import.meta.url), `${JSON.stringify(file, null, 1)}\n`);
  console.log(`${name}: ${kept.length} plans (${all.length - kept.length} dropped as cyclic)`);
}

/** WorfBench gold workflows: numbered natural-language nodes and (from,to) edges; START/END dropped. */
function worfbench(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  for (const subset of ['toolbench', 'toolalpaca', 'seal_tools', 'lumos', 'os']) {
    const records = JSON.parse(show(WORFBENCH, `gold_traj/${subset}/graph_eval.json`)) as Array<{ id: string | number; conversations: Array<{ role: string; content: string }> }>;
    for (const record of records) {
      const answer = record.conversations.at(-1)?.content ?? '';
      const nodeText = answer.split(/\n(?:Graph:\s*\n)?Edge:/)[0] ?? '';
      const steps: AnalysisStep[] = [];
      for (const line of nodeText.split('\n')) {
        const m = /^(\d+)\s*[:.]\s*(.+)$/.exec(line.trim());
        if (m) steps.push({ id: m[1]!, description: m[2]!.trim() });
      }
      const ids = new Set(steps.map((s) => s.id));
      const edges: Array<[string, string]> = [];
      for (const m of answer.matchAll(/\(\s*(\w+)\s*,\s*(\w+)\s*\)/g)) {
        if (ids.has(m[1]!) && ids.has(m[2]!) && m[1] !== m[2]) edges.push([m[1]!, m[2]!]);
      }
      if (steps.length < 2 || new Set(steps.map((s) => s.id)).size !== steps.length) continue;
      plans.push({ name: `worfbench/${subset}/${record.id}`, subset, steps, edges });
    }
  }
  return plans;
}

/** `$var1.title$` -> `{{var1.title}}`; a string that is only a reference keeps its type at run time. */
function nestfulValue(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$(var\d+)((?:\.[^.$]+)*)\$/g, (_, id: string, path: string) => `{{${id}${path.split('.').slice(1).map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('')}}}`);
  }
  if (Array.isArray(value)) return value.map(nestfulValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nestfulValue(v)]));
  return value;
}

/** NESTFUL: API-call sequences whose arguments name earlier outputs as `$varN.path$`; the final `var_result` is dropped. */
function nestful(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  const files = ['data/executable/executable-data.json', 'data/non-executable/non-executable-glaive-data.json', 'data/non-executable/non-executable-sgd-data.json'];
  for (const path of files) {
    const subset = path.includes('glaive') ? 'glaive' : path.includes('sgd') ? 'sgd' : 'executable';
    const records = JSON.parse(show(NESTFUL, path)) as Array<{ sample_id?: string; input: string; output: Array<{ name: string; arguments?: Record<string, unknown>; label?: string }> }>;
    records.forEach((record, index) => {
      const calls = record.output.filter((c) => c.name !== 'var_result' && c.label !== undefined);
      const steps: AnalysisStep[] = calls.map((c) => ({ id: c.label!, tool: c.name, arguments: nestfulValue(c.arguments ?? {}) as Record<string, unknown> }));
      const ids = new Set(steps.map((s) => s.id));
      if (steps.length < 2 || ids.size !== steps.length) return;
      const edges: Array<[string, string]> = [];
      for (const c of calls) {
        for (const m of JSON.stringify(c.arguments ?? {}).matchAll(/\$(var\d+)/g)) {
          if (ids.has(m[1]!) && m[1] !== c.label && !edges.some(([f, t]) => f === m[1] && t === c.label)) edges.push([m[1]!, c.label!]);
        }
      }
      plans.push({ name: `nestful/${subset}/${record.sample_id ?? index}`, subset, steps, edges });
    });
  }
  return plans;
}

/** Splits `search("a", ["$1"])`-style arguments at top-level commas. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === '[' || ch === '(') {
      depth++;
      current += ch;
    } else if (ch === ']' || ch === ')') {
      depth--;
      current += ch;
    } else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** LLMCompiler's few-shot plans: `N. tool(args)` lines whose arguments name earlier outputs as `$N`. */
function llmcompiler(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  const seen = new Set<string>();
  for (const config of ['hotpotqa', 'movie', 'parallelqa']) {
    for (const flavour of ['gpt', 'llama']) {
      const source = show(LLMCOMPILER, `configs/${config}/${flavour}_prompts.py`);
      const lines = [...source.matchAll(/^\s*(?:f?["'])(.*?)(?:\\n)?["']\s*$/gm)].map((m) => m[1]!.replace(/\\"/g, '"').replace(/\\'/g, "'"));
      let question = '';
      let steps: AnalysisStep[] = [];
      let edges: Array<[string, string]> = [];
      const flush = () => {
        if (steps.length >= 2 && !seen.has(question)) {
          seen.add(question);
          plans.push({ name: `llmcompiler/${config}/${plans.length + 1}`, subset: config, steps, edges });
        }
        steps = [];
        edges = [];
      };
      for (const line of lines) {
        const q = /^Question: (.*)$/.exec(line);
        if (q) {
          flush();
          question = q[1]!;
          continue;
        }
        if (line.startsWith('###')) flush();
        const m = /^(\d+)\. (\w+)\((.*?)\)?(?:\{END_OF_PLAN\})?$/.exec(line.replace(/\{END_OF_PLAN\}$/, ''));
        if (!m) continue;
        const [, id, tool, rawArgs] = m as unknown as [string, string, string, string];
        const args = splitArguments(rawArgs.replace(/\)$/, ''));
        const refs = new Set([...rawArgs.matchAll(/\$(\d+)/g)].map((r) => r[1]!));
        const toArg = (a: string): unknown => {
          const unquoted = a.replace(/^["']|["']$/g, '');
          if (a.startsWith('[')) return splitArguments(a.slice(1, -1)).map(toArg);
          return unquoted.replace(/\$(\d+)/g, '{{$1}}');
        };
        const named = tool === 'join' ? {} : Object.fromEntries(args.map((a, i) => [i === 0 ? (tool === 'math' ? 'problem' : 'query') : 'context', toArg(a)]));
        steps.push({ id, tool, arguments: named });
        for (const r of refs) if (r !== id) edges.push([r, id]);
        // join() reads every earlier result.
        if (tool === 'join') for (const s of steps) if (s.id !== id) edges.push([s.id, id]);
      }
      flush();
    }
  }
  return plans;
}

/**
 * ReWOO's planner few-shot plans (prompts/fewshots.py, the *_PWS and INSTRUCTION_FINETUNE
 * strings): `Plan: <text>` lines, each followed by `#EN = Tool[input]`. A step is the Plan line
 * only (natural language); the ground truth is the `#EM` references in its evidence line's input.
 */
function rewoo(): CorpusPlan[] {
  const source = show(REWOO, 'prompts/fewshots.py');
  const plans: CorpusPlan[] = [];
  const seen = new Set<string>();
  for (const block of source.matchAll(/^(\w+) = '''([\s\S]*?)'''/gm)) {
    const [, name, text] = block as unknown as [string, string, string];
    if (!/#E1 = /.test(text)) continue;
    // A plan is a run of Plan/#E line pairs; anything else (a question, a blank line) ends it.
    let steps: AnalysisStep[] = [];
    let edges: Array<[string, string]> = [];
    let pending: string | undefined;
    const flush = () => {
      const key = steps.map((s) => s.description).join('\n');
      if (steps.length >= 2 && !seen.has(key)) {
        seen.add(key);
        plans.push({ name: `rewoo/${name.toLowerCase()}/${plans.length + 1}`, subset: name.toLowerCase().replace(/_(base|extra)$/, ''), steps, edges });
      }
      steps = [];
      edges = [];
      pending = undefined;
    };
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      const plan = /^Plan:\s*(.+)$/.exec(line);
      const evidence = /^#E(\d+)\s*=\s*(\w+)\[(.*)\]\s*$/.exec(line);
      if (plan) pending = plan[1]!.trim();
      else if (evidence && pending !== undefined) {
        const id = `E${evidence[1]!}`;
        steps.push({ id, description: pending });
        for (const m of evidence[3]!.matchAll(/#E(\d+)/g)) {
          const from = `E${m[1]!}`;
          if (from !== id && steps.some((s) => s.id === from) && !edges.some(([f, t]) => f === from && t === id)) edges.push([from, id]);
        }
        pending = undefined;
      } else flush();
    }
    flush();
  }
  return plans;
}

/** `API_call_N` (the name of an earlier call's response) -> `{{<that call's step id>.API_call_N}}`. */
function sealValue(value: unknown, producer: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\bAPI_call_\d+\b/g, (r) => (producer.has(r) ? `{{${producer.get(r)!}.${r}}}` : r));
  if (Array.isArray(value)) return value.map((v) => sealValue(v, producer));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sealValue(v, producer)]));
  return value;
}

/** A record's tool calls as steps; a parameter naming an earlier call's response `API_call_N` reads that call's output. */
function apiCallPlan(name: string, subset: string, calls: ReadonlyArray<{ api: string; parameters?: Record<string, unknown>; responses?: string[] }>): CorpusPlan {
  const producer = new Map<string, string>();
  const steps: AnalysisStep[] = [];
  const edges: Array<[string, string]> = [];
  calls.forEach((call, index) => {
    const id = `call${index + 1}`;
    for (const m of JSON.stringify(call.parameters ?? {}).matchAll(/\bAPI_call_\d+\b/g)) {
      const from = producer.get(m[0]);
      if (from !== undefined && !edges.some(([f, t]) => f === from && t === id)) edges.push([from, id]);
    }
    steps.push({ id, tool: call.api, arguments: sealValue(call.parameters ?? {}, producer) as Record<string, unknown> });
    for (const r of call.responses ?? []) if (!producer.has(r)) producer.set(r, id);
  });
  return { name, subset, steps, edges };
}

/** Seal-Tools (the dev and test sets; the train set is over the snapshot's size limit): each record's `calling` list. */
function sealTools(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  for (const file of ['dev', 'test_in_domain', 'test_out_domain']) {
    const lines = show(SEAL_TOOLS, `Seal-Tools_Dataset/${file}.jsonl`).split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) {
      const record = JSON.parse(line) as { id: string; calling: Array<{ api: string; parameters?: Record<string, unknown>; responses?: string[] }> };
      if (record.calling.length < 2) continue;
      plans.push(apiCallPlan(`sealtools/${record.id}`, file === 'dev' ? 'dev' : file.replace('test_', ''), record.calling));
    }
  }
  return plans;
}

/** NesTools' test set: each record's `call` list, in Seal-Tools' format (`api_name`, `API_call_N` responses). */
function nesTools(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  for (const line of show(NESTOOLS, 'data/test_data.jsonl').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { test_id: number; field?: string; call: Array<{ api_name: string; parameters?: Record<string, unknown>; responses?: string[] }> };
    if (record.call.length < 2) continue;
    const subset = record.call.some((c) => /\bAPI_call_\d+\b/.test(JSON.stringify(c.parameters ?? {}))) ? 'nested' : 'flat';
    plans.push(apiCallPlan(`nestools/${record.test_id}`, subset, record.call.map((c) => ({ api: c.api_name, parameters: c.parameters, responses: c.responses }))));
  }
  return plans;
}

/**
 * AsyncHow (data/{async,para,seq}_benchmark.pkl): how-to plans, natural-language steps in the
 * order the dataset lists them, with `step_deps` pairs (START/END are not in them). The files are
 * Python pickles; python3 reads the three lists the conversion needs and nothing else. A plan
 * whose listing is not an executable order (an edge from a later step to an earlier one: the
 * dataset shuffles some ProScript scripts on purpose) is skipped, as no plan order could keep it.
 */
function asyncHow(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  const read = 'import pickle, json, sys\nd = pickle.load(sys.stdin.buffer)\njson.dump({"titles": d["titles"], "steps": d["steps"], "deps": [sorted(x) for x in d["step_deps"]]}, sys.stdout)';
  for (const subset of ['async', 'para', 'seq']) {
    const pickle = showBytes(ASYNCHOW, `data/${subset}_benchmark.pkl`);
    const data = JSON.parse(execFileSync('python3', ['-c', read], { input: pickle, encoding: 'utf8', maxBuffer: 64 << 20 })) as { titles: string[]; steps: string[][]; deps: Array<Array<[string, string]>> };
    let unordered = 0;
    data.steps.forEach((texts, index) => {
      const steps: AnalysisStep[] = texts.map((text, i) => ({ id: String(i + 1), description: text.trim() }));
      const edges = data.deps[index]!.filter(([from, to]) => from !== to).map(([from, to]) => [from, to] as [string, string]);
      if (steps.length < 2 || edges.some(([from, to]) => Number(from) > Number(to) || Number(to) > steps.length)) {
        if (steps.length >= 2) unordered++;
        return;
      }
      plans.push({ name: `asynchow/${subset}/${index}`, subset, steps, edges });
    });
    console.log(`asynchow/${subset}: ${unordered} plans skipped (listed out of executable order)`);
  }
  return plans;
}

/**
 * T-Eval's planning set (data/plan_json_v1.json; T-Eval, Chen et al. 2024, arXiv:2312.14033):
 * each query's golden plan, a list of tool calls `{ id, prev, name, args }` with literal
 * arguments (the planner writes the values it expects, e.g. a property id an earlier search
 * returns). A step is the call (`name`, `args`); the ground truth is each call's `prev` list.
 * The closing `FinishAction` (and the edges into it) is dropped. The subset says the shape of
 * the annotation: `linear` when every call's `prev` is the call before it, else `branching`.
 */
function tEval(): CorpusPlan[] {
  const records = JSON.parse(show(TEVAL, 'data/plan_json_v1.json')) as Record<string, { ground_truth: Array<{ id: number; prev: number[]; name: string; args: Record<string, unknown> | string }> }>;
  const plans: CorpusPlan[] = [];
  for (const [key, record] of Object.entries(records)) {
    const calls = record.ground_truth.filter((c) => c.name !== 'FinishAction');
    const ids = new Set(calls.map((c) => c.id));
    if (calls.length < 2 || ids.size !== calls.length) continue;
    const steps: AnalysisStep[] = calls.map((c) => ({ id: `call${c.id}`, tool: c.name, arguments: typeof c.args === 'string' ? { args: c.args } : c.args }));
    const edges: Array<[string, string]> = [];
    for (const c of calls) for (const p of new Set(c.prev)) if (ids.has(p) && p !== c.id) edges.push([`call${p}`, `call${c.id}`]);
    const linear = calls.every((c, i) => (i === 0 ? c.prev.length === 0 : c.prev.length === 1 && c.prev[0] === calls[i - 1]!.id));
    plans.push({ name: `teval/${key}`, subset: linear ? 'linear' : 'branching', steps, edges });
  }
  return plans;
}

/**
 * StrategyQA's decompositions: each question broken by crowd workers into single-step
 * questions, a later one naming an earlier answer as `#k`. The steps are given as written (the
 * `#k` stay in the text); the `#k` references are the ground truth. Plans with a reference to
 * the step itself, a later step or no step are skipped.
 */
function strategyQa(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  for (const subset of ['train', 'dev']) {
    const records = JSON.parse(show(STRATEGYQA, `data/strategyqa/${subset}.json`)) as Array<{ qid: string; decomposition: string[] }>;
    for (const record of records) {
      const texts = record.decomposition;
      if (texts.length < 2) continue;
      const steps: AnalysisStep[] = texts.map((text, i) => ({ id: String(i + 1), description: text.trim() }));
      const edges: Array<[string, string]> = [];
      let valid = true;
      texts.forEach((text, i) => {
        for (const k of new Set([...text.matchAll(/#(\d+)/g)].map((m) => Number(m[1])))) {
          if (k < 1 || k > i) valid = false;
          else edges.push([String(k), String(i + 1)]);
        }
      });
      if (valid) plans.push({ name: `strategyqa/${subset}/${record.qid}`, subset, steps, edges });
    }
  }
  return plans;
}

/**
 * RestBench's TMDB set as GNN4TaskPlan reformatted it (data/tmdb/data.json; only this file: the
 * repository's other sets are TaskBench's, which is held out): each query's solution path, the
 * API calls RestBench's annotators wrote in order, with a natural-language step per call that
 * GPT-4 wrote (`task_steps`, "Step 1 Call SearchMovie to find ..."), kept as written. The ground
 * truth is the path's links, each call to the next (`task_links`); the path is an ordered
 * sequence, and a few queries chain calls that share no data (two movies' details compared), so
 * the truth is a `sequence`. Plans whose steps and calls differ in number, or whose links are not
 * the path's consecutive calls, are skipped.
 */
function tmdb(): CorpusPlan[] {
  const plans: CorpusPlan[] = [];
  let skipped = 0;
  for (const line of show(GNN4TASKPLAN, 'data/tmdb/data.json').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { id: number; task_steps: string[]; task_nodes: Array<{ task: string }>; task_links: Array<{ source: string; target: string }> };
    const n = record.task_steps.length;
    if (n < 2) continue;
    const consecutive = record.task_links.length === n - 1 && record.task_links.every((l, i) => l.source === record.task_nodes[i]?.task && l.target === record.task_nodes[i + 1]?.task);
    if (record.task_nodes.length !== n || !consecutive) {
      skipped++;
      continue;
    }
    const steps: AnalysisStep[] = record.task_steps.map((text, i) => ({ id: String(i + 1), description: text.trim() }));
    const edges: Array<[string, string]> = steps.slice(1).map((s, i) => [steps[i]!.id, s.id]);
    plans.push({ name: `tmdb/${record.id}`, subset: n === 2 ? 'two-calls' : 'three-plus', steps, edges });
  }
  console.log(`tmdb: ${skipped} plans skipped (steps and calls differ, or links not consecutive)`);
  return plans;
}

write('worfbench', WORFBENCH, 'WorfBench gold workflows (natural-language subtask nodes, graph edges), subsets toolbench, toolalpaca, seal_tools, lumos, os', worfbench);
write('nestful', NESTFUL, 'NESTFUL nested API-call sequences ($varN references), executable, glaive and sgd sets', nestful);
write('llmcompiler', LLMCOMPILER, "LLMCompiler planner few-shot plans (search/math/join with $N references)", llmcompiler);
write('rewoo', REWOO, 'ReWOO planner few-shot plans: the natural-language Plan lines as steps, the #EN references of their evidence lines as ground truth', rewoo);
write('sealtools', SEAL_TOOLS, 'Seal-Tools multi-call records (dev, test in-domain, test out-of-domain): tool calls; API_call_N responses read by later calls became {{callK.API_call_N}}', sealTools);
write('nestools', NESTOOLS, 'NesTools test set: nested tool calls; API_call_N responses read by later calls became {{callK.API_call_N}}', nesTools);
write('asynchow', ASYNCHOW, 'AsyncHow how-to plans (natural-language steps, step_deps partial orders; async, para and seq sets), plans listed in an executable order', asyncHow);
write('teval', TEVAL, "T-Eval planning set: golden plans of tool calls with literal arguments, each call's prev list as ground truth (FinishAction dropped)", tEval, 'sequence');
write('strategyqa', STRATEGYQA, 'StrategyQA question decompositions (train and dev of the authors\' split): crowd-written single-step questions as steps, their #k references to earlier answers as ground truth', strategyQa);
write('tmdb', GNN4TASKPLAN, "RestBench TMDB queries as GNN4TaskPlan reformatted them: GPT-4-written natural-language steps ('Step 1 Call SearchMovie to ...') for RestBench's annotated solution paths, each call linked to the next", tmdb, 'sequence');
