import { describe, expect, it } from 'vitest';
import { dependence, titled } from './evidence.js';

describe('rule pronoun', () => {
  it('binds "it" to the latest earlier step that does not do the same thing', () => {
    const found = dependence(titled('Draft a blog post', 'Translate it into French', 'Translate it into German'));
    expect(found).toEqual([
      's1->s2: "s2" refers back ("it", "this ...") to the output of "s1"',
      's1->s3: "s3" refers back ("it", "this ...") to the output of "s1"',
    ]);
  });

  it('reads "that image" and "this summary" as pointing back', () => {
    expect(dependence(titled('Generate a picture of a cat', 'Resize that image'))).toContain(
      's1->s2: "s2" refers back ("it", "this ...") to the output of "s1"',
    );
    expect(dependence(titled('Write a summary', 'Translate this summary into French'))).toContain(
      's1->s2: "s2" refers back ("it", "this ...") to the output of "s1"',
    );
    expect(dependence(titled('Download the logs', 'Make sure the disk is mounted'))).toEqual([]);
  });

  it('reads a possessive "his" or "her" as pointing back, unless a name before it in the step is its antecedent', () => {
    expect(dependence(titled('Find the actress who played the witch', 'Research her filmography'))).toEqual([
      's1->s2: "s2" refers back ("it", "this ...") to the output of "s1"',
    ]);
    expect(dependence(titled('Find out who directed the film', 'Get details about his next three films'))).toContain(
      's1->s2: "s2" refers back ("it", "this ...") to the output of "s1"',
    );
    expect(dependence(titled('How is the virus transferred?', 'What does Darth Vader wear on his head?'))).toEqual([]);
  });
});
