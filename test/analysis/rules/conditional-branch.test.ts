import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule conditional-branch', () => {
  it('orders "Otherwise, ...", "If not, ...", "If that fails, ..." after the previous step', () => {
    for (const opening of ['Otherwise,', 'Else', 'If not,', 'If so,', 'If that fails,', 'If it succeeds,', 'If successful,', 'On failure,', 'In that case,']) {
      const steps = titled('Deploy version 3.2 to staging', 'If the smoke tests fail, roll back staging', `${opening} deploy 3.2 to production`);
      expect(dependence(steps), opening).toContain(`s2->s3: "s3" opens on the outcome of "s2" ("${opening.replace(',', '').toLowerCase()}")`);
    }
  });

  it('reads the opening of a later sentence too, and not a condition on a subject of its own', () => {
    expect(dependence(titled('Charge the saved card', 'Wait a minute. Otherwise retry the charge'))).toContain(
      's1->s2: "s2" opens on the outcome of "s1" ("otherwise")',
    );
    expect(dependence(titled('Research Paris', 'If the weather in Rome is good, research Rome')).join('\n')).not.toContain('opens on the outcome');
  });
});
