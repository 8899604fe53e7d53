import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { dependence, edgePairs } from './evidence.js';

const call = (id: string, tool: string, args: Record<string, unknown>): AnalysisStep => ({ id, tool, arguments: args });

describe('rule named-outputs', () => {
  it('orders a call after the call whose argument names the output it uses', () => {
    // Without the rule both calls read with literal arguments: "tool calls that only read" leaves them unordered.
    const steps = [
      call('a', 'WriterSkill.Joke', { input: 'dinosaurs', setContextVariable: 'JOKE' }),
      call('b', 'weather.get', { city: 'Oslo', save_as: 'weather' }),
      call('c', 'WriterSkill.Translate', { input: '$JOKE', language: 'Spanish' }),
      call('d', 'summarize', { text: '{weather}' }),
      call('e', 'http_get', { url: 'https://example.com/pricing', output: 'html' }),
      call('f', 'extract_table', { input: 'html' }),
    ];
    expect(dependence(steps)).toEqual([
      'a->c: "c" uses "JOKE", the output "a" names',
      'b->d: "d" uses "weather", the output "b" names',
      'e->f: "f" uses "html", the output "e" names',
    ]);
    expect(edgePairs(steps)).not.toContain('a->d');
  });

  it('reads declarations and uses in the text (Semantic Kernel XML and Handlebars plans)', () => {
    const steps: AnalysisStep[] = [
      { id: 's1', description: '<function.FunSkill.Joke input="dinosaurs" setContextVariable="JOKE"/>' },
      { id: 's2', description: '<function.EmailSkill.GetEmailAddress input="Bob" setContextVariable="EMAIL"/>' },
      { id: 's3', description: '<function.EmailSkill.SendEmail input="$JOKE" email_address="$EMAIL"/>' },
      { id: 's4', description: '{{set "forecast" (WeatherPlugin-GetForecast city="Seattle")}}' },
      { id: 's5', description: '{{set "summary" (WriterPlugin-Summarize input=forecast)}}' },
    ];
    const found = dependence(steps);
    expect(found).toContain('s1->s3: "s3" uses "JOKE", the output "s1" names');
    expect(found).toContain('s2->s3: "s3" uses "EMAIL", the output "s2" names');
    expect(found).toContain('s4->s5: "s5" uses "forecast", the output "s4" names');
  });

  it('does not take a file output or a word that merely equals a name in a sentence for a use', () => {
    const steps = [
      call('a', 'render', { template: 't.html', output: 'out/report.pdf' }),
      call('b', 'weather.get', { city: 'Oslo', save_as: 'weather' }),
      call('c', 'search_web', { query: 'report weather today' }),
    ];
    expect(dependence(steps)).toEqual([]);
  });
});
