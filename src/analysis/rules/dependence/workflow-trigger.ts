/**
 * The trigger of an exported automation workflow — its first step, a call whose name says it
 * starts the run: n8n's `scheduleTrigger` / `webhook`, Zapier's `schedule.every_day` /
 * `typeform.new_entry`, Make's `rss.watchItems`, a `cron` or `on_*` event — comes before every
 * later step: the actions run only once it has fired, and often read its payload without naming it
 * (a schedule's actions take literal arguments and looked independent of it). Only the plan's first
 * step; a "schedule_meeting" or "new_document" call elsewhere is an action. Pure.
 */
import type { DependenceRule } from '../rule.js';
import { nameWords } from '../../name-words.js';

/** Whether a tool's name says it is a workflow trigger. */
export function isTrigger(tool: string): boolean {
  const ws = nameWords(tool);
  if (ws.includes('trigger') || ws.includes('cron')) return true;
  // The action part: after the app's dotted namespace ("typeform.new_entry" -> new, entry).
  const dot = tool.lastIndexOf('.');
  const action = dot >= 0 ? nameWords(tool.slice(dot + 1)) : ws;
  if (action.length === 1 && action[0] === 'webhook') return true;
  if (dot < 0) return false;
  const first = action[0];
  return first === 'new' || first === 'watch' || first === 'every' || first === 'on' || (first === 'updated' && action.length > 1);
}

export const workflowTrigger: DependenceRule = {
  name: 'workflow-trigger',
  start: (ctx) => {
    const first = ctx.steps[0];
    const trigger = first?.tool !== undefined && isTrigger(first.tool) ? ctx.position.get(first.id)! : -1;
    return (k, found) => {
      if (trigger < 0 || k <= trigger || found.followsAll || found.follows(trigger)) return;
      found.add(trigger, `"${ctx.order[k]}" runs after the workflow's trigger "${ctx.order[trigger]}" (${first!.tool}) fires`);
    };
  },
};
