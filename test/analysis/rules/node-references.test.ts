import { describe, expect, it } from 'vitest';
import type { AnalysisStep } from '../../../src/analysis/schema.js';
import { dependence, edgePairs, titled } from './evidence.js';

describe('rule node-references', () => {
  it('orders a tool call after the node its arguments tag as "<node-N>", beating the read-only calls\' independence', () => {
    const steps: AnalysisStep[] = [
      { id: '0', tool: 'image captioning', arguments: { image: '2327921.jpg' } },
      { id: '1', tool: 'image generation', arguments: { text: 'a cat on a sofa' } },
      { id: '2', tool: 'text summarization', arguments: { text: '<node-0>.text' } },
      { id: '3', tool: 'text generation', arguments: { prompts: ['a story about <node-2>.text'] } },
    ];
    expect(dependence(steps)).toEqual(['0->2: "2" reads the output of "0" (<node-0>)', '2->3: "3" reads the output of "2" (<node-2>)']);
    expect(edgePairs(steps)).toEqual(['0->2', '2->3']);
  });

  it('counts nodes from 0 when no step has the tagged id, and reads a step\'s text', () => {
    const steps = titled('Caption the photo', 'Draw a cat', 'Translate <node-0> into French');
    expect(dependence(steps)).toContain('s1->s3: "s3" reads the output of "s1" (<node-0>)');
  });

  it('orders after both readings when ids count from 1 and the tag may count from 0', () => {
    const steps: AnalysisStep[] = [
      { id: '1', tool: 'image captioning', arguments: { image: 'a.jpg' } },
      { id: '2', tool: 'object detection', arguments: { image: 'a.jpg' } },
      { id: '3', tool: 'text summarization', arguments: { text: '<node-1>.text' } },
    ];
    expect(dependence(steps)).toEqual(['1->3: "3" reads the output of "1" (<node-1>)', '2->3: "3" reads the output of "2" (<node-1>)']);
  });
});
