/**
 * The ten-city research plan (examples/plans/ten-cities-research.json) and a fake model
 * for it: seeded per-request latency, research notes per city, a ranking for `compare`, a
 * report for `report`. Shared by the Gemini and sampling tests and the bench.
 */
import { readFileSync } from 'node:fs';

export const TEN_CITIES_PLAN = JSON.parse(
  readFileSync(new URL('../../examples/plans/ten-cities-research.json', import.meta.url), 'utf8'),
) as { steps: Array<Record<string, unknown> & { id: string; title?: string; prompt: string }>; outputs: string[] };

export const CITIES = TEN_CITIES_PLAN.steps.filter((s) => s.id.startsWith('research-')).map((s) => /^Research (.+)$/.exec(s.title ?? '')![1]!);

/** mulberry32: the same latencies on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const RANKING = CITIES.map((city, i) => ({ city, score: i + 1, reason: `${city}: reason ${i + 1}` })).reverse();

export type TenCitiesTurn = 'research' | 'compare' | 'report';

/** Which step a request is for, and the city of a research request. */
export function classify(text: string): { turn: TenCitiesTurn; city?: string } {
  if (text.includes('Rank the ten cities')) return { turn: 'compare' };
  if (text.includes('Write a one-page report')) return { turn: 'report' };
  const city = /^Research (.+?) as a city break/m.exec(text)?.[1];
  return city === undefined ? { turn: 'research' } : { turn: 'research', city };
}

export const researchNotes = (city: string) => `Notes on ${city}: five sights, best in May, 120 EUR a day.`;
export const REPORT_TEXT = '# Four days in May\nGo to the top city.';

/** The answer text for a request of the plan. */
export function tenCitiesAnswer(text: string): string {
  const { turn, city } = classify(text);
  if (turn === 'compare') return JSON.stringify({ ranking: RANKING });
  if (turn === 'report') return REPORT_TEXT;
  return researchNotes(city ?? 'somewhere');
}
