import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { dependence, edgePairs } from './evidence.js';

const call = (id: string, tool: string, args: Record<string, unknown>): AnalysisStep => ({ id, tool, arguments: args });

describe('rule argument-references', () => {
  it('orders read-only calls after the step an argument names in another framework\'s notation', () => {
    // Without the rule these calls have literal arguments only and read: "tool calls that only read" leaves them unordered.
    for (const ref of ['$s1', '${s1}', '{s1.answer}', '<s1>', '$.s1.temp', '${steps.s1.output.title}', 's1.result.lat', 's1.items[0]', 'the output of s1']) {
      const steps = [call('s1', 'search_web', { query: 'best-selling EV in Norway' }), call('s2', 'search_web', { query: `${ref} battery capacity` })];
      expect(dependence(steps), ref).toEqual([`s1->s2: "s2" reads the output of "s1" (s1)`]);
    }
  });

  it('reads { $ref: id }, $N (LLMCompiler) and HuggingGPT\'s <resource>-N / <GENERATED>-N', () => {
    expect(dependence([call('s1', 'fs.read_file', { path: 'users.json' }), call('s2', 'json.filter', { input: { $ref: 's1' } })])).toEqual([
      's1->s2: "s2" reads the output of "s1" ($ref: s1)',
    ]);
    const numbered = [call('a', 'calendar.list_events', { who: 'alice' }), call('b', 'calendar.list_events', { who: 'bob' }), call('c', 'find_free_slot', { busy: ['$1', '$2'] })];
    expect(edgePairs(numbered)).toEqual(['a->c', 'b->c']);
    const hg = [call('0', 'image-to-text', { image: 'a.jpg' }), call('1', 'image-to-text', { image: 'b.jpg' }), call('2', 'sentence-similarity', { text1: '<resource>-0', text2: '<GENERATED>-1' })];
    expect(edgePairs(hg)).toEqual(['0->2', '1->2']);
  });

  it('reads $previous / $OBSERVATION as the step before', () => {
    const steps = [call('s1', 'pdf.extract_text', { file: 'nda.pdf' }), call('s2', 'llm.extract_entities', { text: '$OBSERVATION' })];
    expect(dependence(steps)).toEqual(['s1->s2: "s2" reads the output of "s1" ($OBSERVATION)']);
  });

  it('reads workflow tools\' expressions: quoted ids and titles, n8n\'s $json, Step Functions\' "key.$"', () => {
    const fetches = [call('fetch_users', 'http_get', { url: 'https://a.com/users' }), { ...call('fetch_orders', 'http_get', { url: 'https://a.com/orders' }), title: 'Fetch Orders' }];
    for (const [text, from] of [
      ["@{outputs('fetch_users')?['body/value']}", 'fetch_users'],
      ["@body('fetch_users')?['name']", 'fetch_users'],
      ["steps['fetch_users'].output", 'fetch_users'],
      ['={{$node["Fetch Orders"].json.count}}', 'fetch_orders'],
      ['.fetch_users.result', 'fetch_users'],
      ["result of step 'fetch_users'", 'fetch_users'],
      ['{{ $json.email }}', 'fetch_orders'],
    ] as const) {
      const pairs = edgePairs([...fetches, call('notify', 'format_text', { text })]);
      expect(pairs, text).toContain(`${from}->notify`);
    }
    expect(dependence([...fetches, call('store', 'dynamodb_get', { 'Key.$': '$.Payload.id' })])).toEqual([
      'fetch_orders->store: "store" reads the output of "fetch_orders" (Key.$: $.Payload.id)',
    ]);
  });

  it('leaves literals alone: money, paths, plain-word ids as words', () => {
    const steps = [
      call('search', 'fetch_url', { url: 'https://example.com/a' }),
      call('s2', 'fetch_url', { url: 'https://example.com/search', note: 'costs $1.50 or $2,000' }),
      call('a', 'fetch_url', { url: 'https://example.com/in/s2.png' }),
    ];
    expect(dependence(steps)).toEqual([]);
    expect(edgePairs(steps)).toEqual([]);
  });
});
