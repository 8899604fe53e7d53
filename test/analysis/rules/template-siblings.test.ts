import { describe, expect, it } from 'vitest';
import { sharedTemplate, workVerbAt } from '../../../src/analysis/rules/independence/template-siblings.js';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule template-siblings', () => {
  it('groups steps of one template that differ in a named subject', () => {
    expect(independence(titled('Research Paris', 'Research London', 'Research New York'))).toEqual([
      's1,s2,s3: the same template "Research {…}" with different subjects (Paris, London, New York)',
    ]);
    expect(edgePairs(titled('Translate the notes into French', 'Translate the notes into Spanish'))).toEqual([]);
  });

  it('does not group an aspect of one subject, two differing spans, pointers, or computations', () => {
    expect(sharedTemplate('Retrieve film information for Titanic', 'Retrieve film criticism for Titanic')).toBeUndefined();
    expect(sharedTemplate('Convert the extracted text into audio', 'Convert the generated speech into video')).toBeUndefined();
    expect(sharedTemplate('Translate it into French', 'Translate that into German')).toBeUndefined();
    expect(independence(titled('Calculate the population of Port Perry', 'Calculate the population of Lazy Harbor'))).toEqual([]);
  });

  it('reads the template before a purpose clause ("... to aid in ...") when the whole steps differ in more than their subject', () => {
    const steps = titled(
      'Retrieve the Enneagram Personality Test Questionnaire to aid in exploring different aspects of personality for the article',
      'Retrieve the DISC Personality Test Questionnaire to complete the set of personality assessments for the article',
    );
    expect(independence(steps)).toEqual(['s1,s2: the same template "Retrieve the {…} Personality Test Questionnaire" with different subjects (Enneagram, DISC)']);
    // Before the purpose, still one differing span with a name in it.
    expect(edgePairs(titled('Send the report to Alice', 'Send the invoice to Bob'))).toEqual(['s1->s2']);
  });

  it('does not cut a purpose clause when the other step names what it made ("... to Spanish", then "the Spanish version")', () => {
    const chain = titled('Translate the text to French', 'Translate the French text to Spanish', 'Translate the Spanish version to German');
    expect(independence(chain)).toEqual([]);
    expect(edgePairs(chain)).toEqual(['s1->s2', 's2->s3']);
    // The other way round: the later step's purpose names the earlier one's subject.
    const compared = titled('Summarize the Paris report', 'Summarize the London report to compare it with Paris');
    expect(independence(compared)).toEqual([]);
    expect(edgePairs(compared)).toEqual(['s1->s2']);
  });

  it('does not take the tool an instrument verb names for the subject: the purpose after "to" is the work', () => {
    // RestBench TMDB (round 11): "Step N Call <API> to ..." was "Call {…}" with the APIs as subjects.
    const calls = titled('Step 1 Call SearchPeople to find the person ID for Leonardo DiCaprio', 'Step 2 Call GetPersonMovieCredit to retrieve the movie credits list for Leonardo DiCaprio using his person ID');
    expect(independence(calls)).toEqual([]);
    expect(edgePairs(calls)).toEqual(['s1->s2']);
    expect(independence(titled('Use ImageCaptioner to describe photo.jpg', 'Use TextToSpeech to read the description aloud'))).toEqual([]);
    // One purpose with a different subject is still one template (since r11-B2 the rules read the work past the wrapper).
    expect(independence(titled('Call WeatherAPI to get the forecast for Paris', 'Call WeatherAPI to get the forecast for London'))).toEqual([
      's1,s2: the same template "Get the forecast for {…}" with different subjects (Paris, London)',
    ]);
  });

  it('after an instrument verb, does not take differing words that hold the purpose\'s verb for a subject', () => {
    // "Call {…} computers to desk station" with subjects "Tool2 to wheel", "Tool3 to transfer": two works.
    expect(sharedTemplate('Call Tool2 to wheel computers to desk station', 'Call Tool3 to transfer computers to desk station')).toBeDefined();
    const steps = titled('Step 2 Call Tool2 to wheel computers to desk station', 'Step 3 Call Tool3 to transfer computers to desk station');
    expect(independence(steps)).toEqual([]);
    expect(edgePairs(steps)).toEqual(['s1->s2']);
  });

  it('reads the work past the words a step leads with ("I need to", "We will"): its verb is no subject, a computation is no sibling', () => {
    const words = (t: string) => t.split(' ');
    expect(workVerbAt(words('I need to create an Account'))).toBe(3);
    expect(workVerbAt(words('We will choose Content'))).toBe(2);
    expect(workVerbAt(words("Let's research Paris"))).toBe(1);
    expect(workVerbAt(words('Call SearchMovie to find Titanic'))).toBe(3);
    expect(workVerbAt(words('With Tool2 obtain the debt'), 'With Tool2, obtain the debt')).toBe(2);
    expect(workVerbAt(words('Using the search API find Titanic'), 'Using the search API, find Titanic')).toBe(4);
    expect(workVerbAt(words('Research Paris'))).toBe(-1);
    expect(workVerbAt(words('Use the Paris dataset'))).toBe(-1);
    // AsyncHow steps, rewritten: "I need to {…}" with "create an Account", "choose Content" as subjects.
    expect(independence(titled('I need to create an Account', 'I need to choose Content', 'I need to set Delivery Preferences'))).toEqual([]);
    expect(independence(titled('I need to calculate the population of Port Perry', 'I need to calculate the population of Lazy Harbor'))).toEqual([]);
    // WorfBench lumos steps, rewritten: "With {…} the debt ..." with "Tool2 obtain", "Tool3 determine" as subjects.
    expect(independence(titled('With Tool2, obtain the debt-to-GDP ratio of Nigeria.', "With Tool3, determine the debt-to-GDP ratio of Lere's country."))).toEqual([]);
    expect(independence(titled('We will research Paris', 'We will research London'))).toEqual(['s1,s2: the same template "Research {…}" with different subjects (Paris, London)']);
  });

  it('numbered planner steps ("Step 2: ...") are read without their numbering', () => {
    expect(independence(titled('Step 1: Research Paris', 'Step 2: Research London'))).toEqual([
      's1,s2: the same template "Research {…}" with different subjects (Paris, London)',
    ]);
  });
});

describe('template-siblings: a subject naming an earlier output, in any case', () => {
  it('is no subject whether written "this", "This", "THIS" or "tHeSe"', () => {
    for (const pointer of ['this', 'This', 'THIS', 'tHeSe', 'Results', 'LATTER', 'It']) {
      expect(sharedTemplate(`Translate ${pointer} into French`, 'Translate Paris into French')).toBeUndefined();
    }
    expect(sharedTemplate('Translate London into French', 'Translate Paris into French')).toBeDefined();
    // Words that only start like a pointer are subjects.
    expect(sharedTemplate('Translate Items into French', 'Translate Paris into French')).toBeDefined();
  });

  it('never groups the steps of a user interface ("Click on Export", "Click on PDF"; "Go to page 2", "... 3")', () => {
    expect(independence(titled('Open the report', 'Click on "Export"', 'Click on "PDF"', 'Click on "Save"'))).toEqual([]);
    expect(independence(titled('Search for "laptops"', 'Step 2: Go to page 2 of the results', 'Step 3: Go to page 3 of the results'))).toEqual([]);
  });
});
