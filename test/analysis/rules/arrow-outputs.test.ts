import { describe, expect, it } from 'vitest';
import { dependence } from './evidence.js';
import { titled } from './evidence.js';

describe('rule arrow-outputs', () => {
  it('orders a step that starts from the name an earlier step outputs with an arrow', () => {
    // Without the rule "list => enrich ..." shares no content word with the CRM query.
    const steps = titled('query the CRM for churned accounts => list', 'list => enrich with firmographics', 'look up office addresses in Lisbon');
    expect(dependence(steps)).toContain('s1->s2: "s2" starts from "list", the output "s1" names with an arrow');
    expect(dependence(steps).filter((e) => e.startsWith('s1->s3') && e.includes('arrow'))).toEqual([]);
  });

  it('reads a plain name only at the start or before an arrow', () => {
    const steps = titled('query the CRM => list', 'make a short list of skills', 'draft notes → digest', 'Translate the poem into Welsh', 'digest ⇒ slack');
    const found = dependence(steps).filter((e) => e.includes('arrow'));
    expect(found).toContain('s3->s5: "s5" starts from "digest", the output "s3" names with an arrow');
    // "a short list" is not the output "list": not at the start, not before an arrow.
    expect(found.filter((e) => e.startsWith('s1->s2') || e.startsWith('s3->s4'))).toEqual([]);
  });
});
