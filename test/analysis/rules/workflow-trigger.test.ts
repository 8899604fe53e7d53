import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { isTrigger } from '../../../src/analysis/rules/dependence/workflow-trigger.js';
import { dependence, edgePairs } from './evidence.js';

describe('rule workflow-trigger', () => {
  it("orders every later step after an exported workflow's trigger", () => {
    // Without the rule the two read-only look-ups with literal arguments are independent of the schedule.
    const steps: AnalysisStep[] = [
      { id: '1', tool: 'schedule.every_day', arguments: { time: '08:00' } },
      { id: '2', tool: 'weather.forecast', arguments: { location: 'Oslo' } },
      { id: '3', tool: 'rss.latest', arguments: { feed: 'https://example.com/rss' } },
    ];
    expect(dependence(steps)).toEqual([
      '1->2: "2" runs after the workflow\'s trigger "1" (schedule.every_day) fires',
      '1->3: "3" runs after the workflow\'s trigger "1" (schedule.every_day) fires',
    ]);
    expect(edgePairs(steps)).not.toContain('2->3');
  });

  it('knows triggers by name (n8n, Zapier, Make) and not actions', () => {
    for (const t of ['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.webhook', 'typeform.new_entry', 'gmail.new_attachment', 'rss.watchItems', 'slack.on_message', 'cronTrigger']) expect(isTrigger(t), t).toBe(true);
    for (const t of ['schedule_meeting', 'new_document', 'send_webhook', 'slack.post_message', 'watch', 'get_new_releases']) expect(isTrigger(t), t).toBe(false);
  });

  it('reads only the first step as a trigger', () => {
    const steps: AnalysisStep[] = [
      { id: 'a', tool: 'weather.forecast', arguments: { location: 'Oslo' } },
      { id: 'b', tool: 'gmail.new_attachment', arguments: { label: 'x' } },
      { id: 'c', tool: 'rss.latest', arguments: { feed: 'https://example.com/rss' } },
    ];
    expect(dependence(steps).filter((e) => e.includes('trigger'))).toEqual([]);
  });
});
