import { describe, expect, it } from 'vitest';
import { edgePairs, independence, titled } from './evidence.js';

describe('rule gathers-own-input', () => {
  it('makes a step that fetches from its own source independent of the steps before it', () => {
    const steps = titled('Draft the article', 'Find stock photos of espresso machines');
    expect(independence(steps)).toEqual(['s1,s2: "s2" gathers its own input ("Find stock photos of espresso machines") and names nothing "s1" produces']);
    expect(edgePairs(steps)).toEqual([]);
  });

  it('is no evidence when the lookup names a subject an earlier step may have given (a name, a number, a quote)', () => {
    expect(edgePairs(titled('Obtain the country of citizenship of the author', 'Obtain the debt-to-GDP ratio of Nigeria'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Look up the order', "Retrieve the invoice 'A-17'"))).toEqual(['s1->s2']);
  });

  it('is no evidence when the lookup names an earlier output, a place left implicit, or a UI state', () => {
    expect(edgePairs(titled('Search for hotels', 'Find the cheapest of the hotels found'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Retrieve traffic conditions', 'Find a nearby bike station'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Click the search button', 'Open the customer ratings filter'))).toEqual(['s1->s2']);
  });

  it('is no evidence for an act in the world: a fetch that names no information needs the steps before it', () => {
    expect(edgePairs(titled('Drive to the store', 'Get the ingredients'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Sign up for auditions', 'Get script to practice'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Clear out a sleeping space', 'Find pillows and blankets'))).toEqual(['s1->s2']);
  });

  it('reads information in the object, or in a verb whose object is information unless the context gave it', () => {
    expect(edgePairs(titled('Create a chocolate cake recipe', 'Explore locomotor skills for children'))).toEqual([]);
    expect(edgePairs(titled('Decorate the tent', 'Look up videos about making cake'))).toEqual([]);
    expect(edgePairs(titled('Arrive at the fair', 'Explore the fairway food and games'))).toEqual(['s1->s2']);
  });

  it('is no evidence after a step that sets the scene: going somewhere, opening something, deciding what to look for', () => {
    expect(edgePairs(titled('Go to the internet', 'Research places to rent a cabin'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Decide which area of film to learn about', 'Research history and topic online'))).toEqual(['s1->s2']);
  });

  it('is no evidence when the lookup leans on a pronoun or a definite noun phrase it leaves unspecified', () => {
    expect(edgePairs(titled('Pick a travel destination', 'Fetch the weather forecast for the destination'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Run the test analysis', 'Get user feedback about the winner'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Find the top movie', "Find stock photos of the movie's lead actor"))).toEqual(['s1->s2']);
    expect(edgePairs(titled('List used cars for sale', 'Get details about the one with the lowest mileage'))).toEqual(['s1->s2']);
    expect(edgePairs(titled('Find the actress who played a witch', 'Find out where she lives and get photos'))).toEqual(['s1->s2']);
  });

  it('reads a definite noun phrase as specified when a qualifying phrase follows it, or when it names the time or the web', () => {
    expect(edgePairs(titled('Write the report', 'Retrieve information about the ethics of human rights'))).toEqual([]);
    expect(edgePairs(titled('Book a table', 'Retrieve the sales report for the past month'))).toEqual([]);
    expect(edgePairs(titled('Draft the article', 'Search the web for photos of espresso machines'))).toEqual([]);
  });

  it('loses to evidence of dependence', () => {
    expect(edgePairs(titled('Download the housing dataset', 'Fetch baseline scores for the housing dataset'))).toEqual(['s1->s2']);
  });
});
