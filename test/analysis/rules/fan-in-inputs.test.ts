import { describe, expect, it } from 'vitest';
import { dependence, edgePairs, independence } from './evidence.js';

const asked = (...descriptions: string[]) => descriptions.map((description, i) => ({ id: `${i + 1}`, description }));

describe('rule fan-in-inputs', () => {
  it('makes the answers one step takes as separate inputs (#k) siblings, and the words they share no evidence (StrategyQA)', () => {
    const steps = asked('How sensitive is a grey seal\'s hearing on land?', "How sensitive is a dog's hearing on land?", 'Is #2 better than #1?');
    expect(independence(steps)).toContain('1,2: "3" takes them as separate inputs (#1, #2)');
    expect(edgePairs(steps)).toEqual(['1->3', '2->3']);
  });

  it('does not work out quantities in turn when a later step takes them as separate inputs', () => {
    const steps = asked('How many people have been the voice of Goofy?', 'How many people have been the voice of Bugs Bunny?', 'What is #1 plus #2?');
    expect(dependence(steps)).toEqual(['1->3: "3" uses the answer of "1" (#1)', '2->3: "3" uses the answer of "2" (#2)']);
  });

  it('keeps a shared word as evidence for steps no later step takes side by side (an answer written in as a literal)', () => {
    // "Elon Musk" is #1's answer, written in: step 4 marks nothing, so its shared words still count.
    const steps = asked('Who founded SpaceX?', 'When was #1 born?', 'In what year was SpaceX founded?', 'How old was Elon Musk when SpaceX was founded?');
    expect(independence(steps).filter((e) => e.includes('separate inputs'))).toEqual([]);
    expect(edgePairs(steps)).toContain('3->4');
  });

  it('does not make siblings of steps one of which marks the other, nor judge a plan whose "#N" names no step', () => {
    const chained = asked('Who directed Titanic?', 'What is the birth year of #1?', 'Is #2 earlier than the year #1 died?');
    expect(independence(chained).filter((e) => e.includes('separate inputs'))).toEqual([]);
    expect(edgePairs(chained)).toEqual(['1->2', '1->3', '2->3']);
    const issues = asked('Triage issue #12 about the login page', 'Triage issue #13 about the login page', 'Compare #1 and #2');
    expect(independence(issues).filter((e) => e.includes('separate inputs'))).toEqual([]);
  });

  it('makes the steps one step names by id as its inputs siblings, unless one names the other', () => {
    const steps = [
      { id: 'orders', description: 'Export the orders table of the shop database to CSV.' },
      { id: 'customers', description: 'Export the customers table of the shop database to CSV.' },
      { id: 'join', description: 'Join orders and customers on customer_id.' },
    ];
    expect(independence(steps)).toContain('orders,customers: "join" takes them as separate inputs ("orders", "customers")');
    expect(edgePairs(steps)).toEqual(['orders->join', 'customers->join']);
    const chained = [steps[0]!, { id: 'customers', description: 'Export the customers found in orders to CSV.' }, steps[2]!];
    expect(independence(chained).filter((e) => e.includes('separate inputs'))).toEqual([]);
    expect(edgePairs(chained)).toContain('orders->customers');
  });

  it('forms no group for a step that names more than 16 earlier steps (an aggregation; the sibling pairs would grow with its square)', () => {
    const steps = Array.from({ length: 17 }, (_, i) => ({ id: `part${i}`, description: `Export part ${i} of the archive.` }));
    const all = [...steps, { id: 'zip', description: `Zip ${steps.map((s) => s.id).join(', ')}.` }];
    expect(independence(all).filter((e) => e.includes('separate inputs'))).toEqual([]);
    const few = [...steps.slice(0, 16), { id: 'zip', description: `Zip ${steps.slice(0, 16).map((s) => s.id).join(', ')}.` }];
    expect(independence(few).filter((e) => e.includes('separate inputs'))).toHaveLength(1);
  });
});

