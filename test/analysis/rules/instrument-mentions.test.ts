import { describe, expect, it } from 'vitest';
import { dependence } from './evidence.js';

describe('rule instrument-mentions', () => {
  it('orders a step after the step whose wrapper called the tool it names', () => {
    const steps = [
      { id: '1', description: 'Step 1 Call SearchMovie to find the film Twilight' },
      { id: '2', description: 'Step 2 Call GetCredits to list the cast SearchMovie returned' },
    ];
    expect(dependence(steps)).toContain('1->2: "2" names SearchMovie, the tool "1" calls');
  });

  it('does not order two steps that call the same tool, nor a name inside a longer word', () => {
    const same = [
      { id: '1', description: 'Call SearchMovie to find Twilight' },
      { id: '2', description: 'Call SearchMovie to find Titanic' },
    ];
    expect(dependence(same).filter((e) => e.includes('the tool'))).toEqual([]);
    const longer = [
      { id: '1', description: 'Call Tool2 to find Twilight' },
      { id: '2', description: 'Call Tool3 to find Tool22 docs' },
    ];
    expect(dependence(longer).filter((e) => e.includes('the tool'))).toEqual([]);
  });

  it('reads names of several words or with hyphens, and orders after every earlier call of the tool', () => {
    const steps = [
      { id: '1', description: 'Use the Google Search API to find hotels in Rome' },
      { id: '2', description: 'Use the Google Search API to find hotels in Milan' },
      { id: '3', description: 'Call Tool3 to tag the hotels Google Search found' },
    ];
    expect(dependence(steps).filter((e) => e.includes('the tool')).sort()).toEqual(['1->3: "3" names Google Search, the tool "1" calls', '2->3: "3" names Google Search, the tool "2" calls']);
    const hyphen = [
      { id: '1', description: 'Call Image-to-Text to describe the photo' },
      { id: '2', description: 'Call Tool2 to list the words Image-to-Text wrote' },
    ];
    expect(dependence(hyphen).filter((e) => e.includes('the tool'))).toEqual(['1->2: "2" names Image-to-Text, the tool "1" calls']);
  });
});
