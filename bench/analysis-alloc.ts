/**
 * Where the heuristic analysis of a generated plan allocates: warms up, then records a
 * sampling heap profile of one analysis that keeps the objects the collector freed
 * (`includeObjectsCollectedBy*GC`), and prints the allocating functions, largest first.
 *   tsx bench/analysis-alloc.ts [steps=10000] [warmups=5] [seed=1]
 */
import { Session } from 'node:inspector/promises';
import { heuristicEdges } from '../src/analysis/heuristic.js';
import { generatePlan } from './generate-plan.js';
import { allocationSites, largestSites, type HeapProfileNode } from './heap-sites.mjs';

const [steps = 10_000, warmups = 5, seed = 1] = process.argv.slice(2).map(Number);
const plan = generatePlan(steps, seed);
for (let r = 0; r < warmups; r++) heuristicEdges(plan);
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
heuristicEdges(plan);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapProfileNode } };
const { bySite, total } = allocationSites(profile.head);
console.log(`${(total / 1e6).toFixed(1)} MB allocated (sampled) by one analysis of ${steps} steps`);
for (const [key, size] of largestSites(bySite, 40)) console.log(`${(size / 1e6).toFixed(2).padStart(7)} MB  ${key}`);
