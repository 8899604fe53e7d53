import { describe, expect, it } from 'vitest';
import { heuristicEdges } from '../../src/analysis/heuristic.js';
import type { AnalysisStep } from '../../src/analysis/schema.js';

const pairs = (steps: AnalysisStep[], toolInfo?: Parameters<typeof heuristicEdges>[1]) =>
  heuristicEdges(steps, toolInfo).edges.map((e) => `${e.from}->${e.to}`);

describe('heuristicEdges', () => {
  it('returns no edges when sibling research steps share only their verb', () => {
    expect(heuristicEdges([{ id: 'a', title: 'Research Paris' }, { id: 'b', title: 'Research London' }])).toEqual({ edges: [], warnings: [] });
  });

  it('orders a step after the step it mentions by id', () => {
    expect(heuristicEdges([{ id: 'flights', title: 'Search flights' }, { id: 'x', title: 'Pick one of the flights results' }]).edges).toEqual([
      { from: 'flights', to: 'x', source: 'heuristic', reason: '"x" mentions "flights"' },
    ]);
  });

  it('orders a step after the step it mentions by title', () => {
    expect(pairs([{ id: 'a', title: 'Survey local bakeries' }, { id: 'b', title: 'Map what Survey local bakeries found' }])).toEqual(['a->b']);
  });

  it('orders a step after "step N" and "steps N-M"', () => {
    const steps: AnalysisStep[] = [
      { id: 'a', title: 'Gather reviews' },
      { id: 'b', title: 'Gather tickets' },
      { id: 'c', title: 'Gather surveys' },
      { id: 'd', title: 'Cluster the output of steps 1-2' },
      { id: 'e', title: 'Tag the output of step 3' },
    ];
    expect(pairs(steps)).toEqual(['a->d', 'b->d', 'c->e']);
  });

  it('orders a step after every earlier one when it refers to "the results above"', () => {
    expect(pairs([{ id: 'a', title: 'Fetch A' }, { id: 'b', title: 'Fetch B' }, { id: 'c', title: 'Tabulate the results above' }])).toEqual(['a->c', 'b->c']);
  });

  it('orders a step after the previous one when it refers to "the previous step"', () => {
    expect(pairs([{ id: 'a', title: 'Fetch A' }, { id: 'b', title: 'Fetch B' }, { id: 'c', title: 'Tabulate the previous step' }])).toEqual(['b->c']);
  });

  it('orders an aggregation step (compare, summarize, report ...) after everything before it', () => {
    for (const title of ['Compare the cities', 'Summarize', 'Rank the options', 'Write the report', 'Combine everything', 'Draft a list. Synthesize it.']) {
      expect(pairs([{ id: 'a', title: 'Research Paris' }, { id: 'b', title: 'Research Rome' }, { id: 'c', title }])).toEqual(['a->c', 'b->c']);
    }
  });

  it('orders a step after the step whose output it names as "the drafted article"', () => {
    expect(pairs([{ id: 'draft', title: 'Draft the article' }, { id: 'img', title: 'Find photos' }, { id: 'edit', title: 'Proofread the drafted article' }])).toEqual([
      'draft->edit',
    ]);
  });

  it('orders a step after the steps it covers with "all translations"', () => {
    expect(
      pairs([{ id: 'fr', title: 'Translate the notes into French' }, { id: 'de', title: 'Translate the notes into German' }, { id: 'r', title: 'Check all translations' }]),
    ).toEqual(['fr->r', 'de->r']);
  });

  it('orders a step that works on what an earlier step produced, but not a gathering step', () => {
    expect(pairs([{ id: 'dl', title: 'Download the dataset' }, { id: 'clean', title: 'Clean the dataset' }, { id: 'more', title: 'Fetch a second dataset' }])).toEqual([
      'dl->clean',
    ]);
  });

  it('relates words of one family: "data" ~ "dataset", "transcript" ~ "transcribe"d output', () => {
    expect(heuristicEdges([{ id: 'dl', title: 'Download the dataset' }, { id: 'clean', title: 'Clean the data' }]).edges).toEqual([
      { from: 'dl', to: 'clean', source: 'heuristic', reason: '"clean" works on "dataset", which "dl" handles first' },
    ]);
    expect(pairs([{ id: 't', title: 'Transcribe the interview' }, { id: 'n', title: 'Write show notes from the transcript' }])).toEqual(['t->n']);
    // Unrelated words that merely start alike stay apart.
    expect(pairs([{ id: 'a', title: 'Translate the notes' }, { id: 'b', title: 'Transport the boxes' }])).toEqual([]);
    // Names with digits relate only when equal: "batch12" is not "batch1".
    expect(pairs([{ id: 'a', title: 'Resize images in batch1' }, { id: 'b', title: 'Label images in batch12' }])).toEqual(['a->b']);
    expect(pairs([{ id: 'a', title: 'Resize batch1' }, { id: 'b', title: 'Label batch12' }])).toEqual([]);
  });

  it('orders a step after the step whose action its noun names ("the evaluation", "the recording")', () => {
    expect(heuristicEdges([{ id: 'eval', title: 'Evaluate the model' }, { id: 'up', title: 'Write up the evaluation' }]).edges).toEqual([
      { from: 'eval', to: 'up', source: 'heuristic', reason: '"up" works on the "evaluat" that "eval" produces' },
    ]);
    expect(pairs([{ id: 'rec', title: 'Record the podcast' }, { id: 'tr', title: 'Transcribe the recording' }])).toEqual(['rec->tr']);
    // A gathering step takes its input from outside, as with shared words.
    expect(pairs([{ id: 'rec', title: 'Record the podcast' }, { id: 's', title: 'Search the archive for older recordings' }])).toEqual([]);
  });

  it('binds "it" / "them" at object position to the latest earlier step not doing the same thing', () => {
    const steps: AnalysisStep[] = [
      { id: 'draft', title: 'Draft a blog post' },
      { id: 'fr', title: 'Translate it into French' },
      { id: 'de', title: 'Translate it into German' },
      { id: 'check', title: 'Proofread', description: 'Then check them for typos.' },
    ];
    expect(heuristicEdges(steps).edges).toEqual([
      { from: 'draft', to: 'fr', source: 'heuristic', reason: '"fr" works on "it": the output of "draft"' },
      { from: 'draft', to: 'de', source: 'heuristic', reason: '"de" works on "it": the output of "draft"' },
      { from: 'de', to: 'check', source: 'heuristic', reason: '"check" works on "it": the output of "de"' },
    ]);
    // A pronoun that is not the object binds nothing.
    expect(pairs([{ id: 'a', title: 'Draft a blog post' }, { id: 'b', title: 'Design a logo that fits' }])).toEqual([]);
  });

  it('continues a pipeline: a step naming no input follows a previous step that transforms an earlier result', () => {
    const steps: AnalysisStep[] = [
      { id: 'download', title: 'Download the dataset' },
      { id: 'clean', title: 'Clean the data' },
      { id: 'train', title: 'Train the model' },
    ];
    expect(heuristicEdges(steps).edges).toEqual([
      { from: 'download', to: 'clean', source: 'heuristic', reason: '"clean" works on "dataset", which "download" handles first' },
      { from: 'clean', to: 'train', source: 'heuristic', reason: '"train" names no input, so it continues the pipeline of "clean"' },
    ]);
    // Not after a first step (it has no input either), a gathering step, or a sibling.
    expect(pairs([{ id: 'a', title: 'Draft a blog post' }, { id: 'b', title: 'Design a logo' }])).toEqual([]);
    expect(pairs([{ id: 'a', title: 'Fetch the page' }, { id: 'b', title: 'Search the archive' }, { id: 'c', title: 'Design a logo' }])).toEqual([]);
    expect(pairs([{ id: 'a', title: 'Download the dataset' }, { id: 'b', title: 'Clean the data' }, { id: 'c', title: 'Clean the garage' }])).toEqual(['a->b']);
  });

  it('orders processing steps after the research steps before them', () => {
    const steps: AnalysisStep[] = [
      { id: 'r1', title: 'Alpha', step_type: 'research' },
      { id: 'p', title: 'Beta', step_type: 'processing' },
      { id: 'r2', title: 'Gamma', step_type: 'research' },
    ];
    expect(heuristicEdges(steps).edges).toEqual([{ from: 'r1', to: 'p', source: 'heuristic', reason: 'processing step "p" waits for the research before it' }]);
  });

  it('orders a publishing step after everything before it', () => {
    expect(pairs([{ id: 'a', title: 'Shoot photos' }, { id: 'b', title: 'Record audio' }, { id: 'c', title: 'Publish the episode' }])).toEqual(['a->c', 'b->c']);
  });

  it('orders a read after a write of the same resource and leaves other resources free', () => {
    const steps: AnalysisStep[] = [
      { id: 'w', server: 'fs', tool: 'write_file', arguments: { path: '/d/a.txt' } },
      { id: 'ra', server: 'fs', tool: 'read_file', arguments: { path: '/d/a.txt' } },
      { id: 'rb', server: 'fs', tool: 'read_file', arguments: { path: '/d/b.txt' } },
      { id: 'ls', server: 'other', tool: 'list_directory', arguments: { path: '/d' } },
    ];
    expect(pairs(steps)).toEqual(['w->ra', 'w->ls']);
  });

  it('orders a write after a read of the same resource', () => {
    expect(
      pairs([{ id: 'r', server: 'db', tool: 'get_row', arguments: { key: 'k1' } }, { id: 'w', server: 'db', tool: 'delete_row', arguments: { key: 'k1' } }]),
    ).toEqual(['r->w']);
  });

  it('orders two writes to the same server even with different resources, and never two reads', () => {
    const steps: AnalysisStep[] = [
      { id: 'w1', server: 'memory', tool: 'create_entities', arguments: { entities: [{ name: 'A' }] } },
      { id: 'w2', server: 'memory', tool: 'create_entities', arguments: { entities: [{ name: 'B' }] } },
      { id: 'r1', server: 'other', tool: 'search_nodes', arguments: { query: 'A' } },
      { id: 'r2', server: 'other', tool: 'search_nodes', arguments: { query: 'B' } },
    ];
    expect(pairs(steps)).toEqual(['w1->w2']);
  });

  it('trusts annotations over the tool name', () => {
    const steps: AnalysisStep[] = [
      { id: 'a', server: 's', tool: 'frobnicate' },
      { id: 'b', server: 's', tool: 'frobnicate' },
    ];
    expect(pairs(steps)).toEqual([]);
    expect(pairs(steps, () => ({ annotations: { readOnlyHint: false } }))).toEqual(['a->b']);
    expect(pairs(steps, () => ({ annotations: { destructiveHint: true } }))).toEqual(['a->b']);
    expect(pairs([{ id: 'a', server: 's', tool: 'create_x' }, { id: 'b', server: 's', tool: 'create_y' }], () => ({ annotations: { readOnlyHint: true } }))).toEqual([]);
  });

  it('keeps a step with nothing to analyze in plan order, with a warning', () => {
    expect(heuristicEdges([{ id: 'a', title: 'Fetch A' }, { id: 'b' }, { id: 'c', title: 'Fetch C' }])).toEqual({
      edges: [
        { from: 'a', to: 'b', source: 'heuristic', reason: '"b" has nothing to analyze, so it stays after "a"' },
        { from: 'b', to: 'c', source: 'heuristic', reason: '"b" has nothing to analyze, so "c" stays after it' },
      ],
      warnings: ['step "b" has no title, description, tool or step_type; kept in plan order'],
    });
  });

  it('points every edge forward in the order of the certain edges', () => {
    // "b" must run first (a depends on it), so "a" may aggregate it but "b" never waits for "a".
    const steps: AnalysisStep[] = [
      { id: 'a', title: 'Compare everything', depends_on: ['b'] },
      { id: 'b', title: 'Research Paris' },
    ];
    expect(pairs(steps)).toEqual(['b->a']);
  });
});
