import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule repeat-check', () => {
  it('orders a re-check after the steps since the check it repeats', () => {
    // Without the rule the re-scan reads as a scan gathering its own input, independent of the fix.
    const steps = titled('Scan the office network for devices with open port 23.', 'Disable telnet on each of them.', 'Re-scan to confirm port 23 is closed everywhere.');
    expect(dependence(steps)).toContain('s2->s3: "s3" repeats a check (re-scan) after "s2"');
  });

  it('starts from the repeated check, and reads "again" as the step before', () => {
    const steps = titled('Order new chairs', 'Run the load test on staging', 'Raise the pool size to 50', 'Rerun the load test', 'Email the venue', 'Check the mailbox again');
    const found = dependence(steps).filter((e) => e.includes('repeats'));
    expect(found).toContain('s3->s4: "s4" repeats a check (re-run) after "s3"');
    expect(found).toContain('s5->s6: "s6" repeats a check (again) after "s5"');
    // From the repeated load test on, not before it.
    expect(found.filter((e) => e.startsWith('s1->'))).toEqual([]);
  });

  it('does not read words that merely start with "re" as repeats', () => {
    const steps = titled('Research Paris hotels', 'Record a podcast intro', 'Review the budget', 'Return the rental car');
    expect(dependence(steps).filter((e) => e.includes('repeats'))).toEqual([]);
  });
});
