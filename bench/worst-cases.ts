/** The hand-made worst cases of the run_plan issue (#3), in abstract time units. */

export interface WorstCase {
  name: string;
  k: number;
  optimumUnits: number;
  /** [id, units, dependsOn] in plan order. */
  steps: Array<[string, number, string[]]>;
}

/** The two worked examples of the run_plan issue (#3), in units of `unit_ms`. */
export const WORST_CASES: WorstCase[] = [
  {
    name: 'two chains 10->1 and 1->10, unlimited (issue: optimum 11, barriers 20)',
    k: Infinity,
    optimumUnits: 11,
    steps: [
      ['a1', 10, []],
      ['a2', 1, ['a1']],
      ['b1', 1, []],
      ['b2', 10, ['b1']],
    ],
  },
  {
    name: 'k=2: chain c1->c2->c3 of 3 + six 1s (issue: optimum 9, FIFO 12, barriers 11)',
    k: 2,
    optimumUnits: 9,
    steps: [
      ...Array.from({ length: 6 }, (_, i): [string, number, string[]] => [`s${i + 1}`, 1, []]),
      ['c1', 3, []],
      ['c2', 3, ['c1']],
      ['c3', 3, ['c2']],
    ],
  },
];
