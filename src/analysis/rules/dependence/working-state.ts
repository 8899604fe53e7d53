/**
 * A tool call that switches the working state other calls run in — checks out or switches a
 * branch, pulls, rebases, resets, stashes or restores a working tree, changes directory,
 * activates an environment (the verb with what it switches: "git_checkout", "switch_branch", "cd";
 * not a shop's "get_checkout_price") — changes what the files every later call names hold, although its
 * own arguments name only a branch or a directory. Later tool calls that touch a file path, run
 * code, or call the same service (its server, or the tool name's dotted namespace) follow it:
 * `git.checkout_branch {name: "fix/typo"}` then `fs.edit_file {path: "docs/intro.md"}` are on
 * different resources by their arguments, and were left unordered.
 */
import { runsCode } from '../../heuristic-tools.js';
import type { StepFacts } from '../../step-facts.js';
import type { DependenceRule } from '../rule.js';

const SWITCH_WORDS = new Set(['checkout', 'switch', 'chdir', 'cd', 'pull', 'rebase', 'reset', 'stash', 'restore', 'activate', 'workon']);
/** What such a verb switches, named beside it ("git_checkout", "switch_branch", "activate_venv"). */
const SWITCHED_THINGS = new Set(['git', 'branch', 'repo', 'repository', 'worktree', 'vcs', 'svn', 'hg', 'ref', 'head', 'dir', 'directory', 'folder', 'cwd', 'workdir', 'env', 'environment', 'venv', 'conda', 'virtualenv', 'workspace', 'kube', 'kubectl', 'context']);

/** The words of a tool's name: "git.checkout_branch" -> git, checkout, branch; "gitCheckout" -> git, checkout. */
function nameWords(tool: string): string[] {
  const bare = tool.includes('__') ? tool.slice(tool.indexOf('__') + 2) : tool;
  return bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Whether a tool's name says it switches the working state ("git_checkout", "switchBranch"; not "list_pull_requests"). */
export function switchesState(tool: string): boolean {
  let yes = switchKinds.get(tool);
  if (yes === undefined) {
    if (switchKinds.size >= 10_000) switchKinds.clear();
    switchKinds.set(tool, (yes = switchesByName(tool)));
  }
  return yes;
}

/** `switchesByName(tool)`, remembered across analyses: tool names repeat from plan to plan. */
const switchKinds = new Map<string, boolean>();

function switchesByName(tool: string): boolean {
  const ws = nameWords(tool);
  if (ws.some((w) => w === 'request' || w === 'requests' || w === 'pr' || w === 'prs')) return false;
  if (ws.some((w) => w === 'chdir' || w === 'cd' || w === 'workon')) return true;
  // "checkout" and "switch" alone are a shop's or a light's: only with what they switch.
  return ws.some((w) => SWITCH_WORDS.has(w)) && ws.some((w) => SWITCHED_THINGS.has(w));
}

/** The service a call belongs to: its server, else its name's dotted namespace ("git" of "git.commit"). */
function serviceOf(f: StepFacts): string | undefined {
  const tool = f.step.tool!;
  if (f.tool!.server !== undefined) return f.tool!.server;
  const dot = tool.indexOf('.');
  return dot > 0 ? tool.slice(0, dot).toLowerCase() : undefined;
}

/** A relative or absolute file path (not a URL, not a bare name): "docs/intro.md", "/tmp/x", "a.txt". */
function pathLike(resource: string): boolean {
  if (resource.includes('://')) return false;
  return resource.includes('/') || /\.[A-Za-z0-9]{1,5}$/.test(resource);
}

export const workingState: DependenceRule = {
  name: 'working-state',
  start: (ctx) => {
    /** Positions of the switching calls read so far. */
    const switches: number[] = [];
    return (k, found) => {
      const f = ctx.facts[k]!;
      if (f.tool === undefined) return;
      if (switches.length > 0 && !found.followsAll) {
        const touchesFiles = f.tool.resources.some(pathLike) || runsCode(f.step);
        const service = serviceOf(f);
        for (let x = 0; x < switches.length; x++) {
          const s = switches[x]!;
          if (found.follows(s)) continue;
          const sameService = service !== undefined && service === serviceOf(ctx.facts[s]!);
          if (touchesFiles || sameService) {
            found.add(s, `"${ctx.order[k]}" works in the state "${ctx.order[s]}" switched (${ctx.facts[s]!.step.tool})`);
          }
        }
      }
      if (switchesState(f.step.tool!)) switches.push(k);
    };
  },
};
