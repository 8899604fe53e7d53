import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { switchesState } from '../../../src/analysis/rules/dependence/working-state.js';
import { dependence, edgePairs } from './evidence.js';

const call = (id: string, tool: string, args: Record<string, unknown>): AnalysisStep => ({ id, tool, arguments: args });

describe('rule working-state', () => {
  it('orders file and code calls after a branch checkout, whose arguments name only the branch', () => {
    const steps = [
      call('s1', 'git.checkout_branch', { name: 'fix/typo', create: true }),
      call('s2', 'fs.edit_file', { path: 'docs/intro.md', find: 'recieve', replace: 'receive' }),
      call('s3', 'shell.exec', { command: 'npm test' }),
      call('s4', 'weather.current', { city: 'Oslo' }),
    ];
    const found = dependence(steps);
    expect(found).toContain('s1->s2: "s2" works in the state "s1" switched (git.checkout_branch)');
    expect(found).toContain('s1->s3: "s3" works in the state "s1" switched (git.checkout_branch)');
    // A call on another service that touches no file is not held back.
    expect(edgePairs(steps)).not.toContain('s1->s4');
  });

  it('knows a switch by the verb with what it switches, not a shop\'s checkout or a pull request list', () => {
    expect(['git_checkout', 'switch_branch', 'cd', 'activate_venv', 'git.pull', 'GitStash']).toEqual(
      ['git_checkout', 'switch_branch', 'cd', 'activate_venv', 'git.pull', 'GitStash'].filter(switchesState),
    );
    expect(['get_property_checkout_price', 'list_pull_requests', 'switch_light', 'checkout_cart'].filter(switchesState)).toEqual([]);
  });
});
