/**
 * Whether a step's text leans on something it does not say itself: a third-person pronoun
 * ("Research her filmography", "Find out where she lives") or a definite noun phrase the step
 * leaves unspecified ("Get user feedback about the winner", "Get details for the top listing",
 * "the weather forecast for the destination", "the movie's lead actor", "the one with ..."). Its
 * referent is an earlier step's answer, so the step is no evidence of gathering its own input.
 * A definite noun phrase is specified when a qualifying phrase follows it ("the ethics of human
 * rights", "the report for a low threat level"), or when it names the time or a source every
 * step shares ("the past month", "the web"). Names, numbers and quotes are read elsewhere.
 */

const PERSONAL = /\b(?:he|she|him|her|his|hers|they|them|their|theirs|it|its)\b/i;

/** Words that qualify a noun phrase: what follows says which one is meant. */
const QUALIFIERS = new Set(
  'of for in on at from with about by near under over within between during to regarding that which who whose where containing including named called than into across per via among like such'.split(' '),
);

/** Heads of definite noun phrases that name the time or a source shared by every step, not an earlier answer. */
const SHARED = new Set(
  'day days week weeks weekend month months year years quarter decade century season hour hours moment time future past present morning evening night today internet web net world public user users market news'.split(' '),
);

const TOKEN = /[a-z][a-z-]*(?:['’]s\b)?|[.!?;:]/gi;
/** Words a noun phrase may run through ("the prices and reviews of ..."). */
const JOINS = new Set(['and', 'or', '&']);
const MAX_PHRASE = 6;

export function leansBack(text: string): boolean {
  if (PERSONAL.test(text)) return true;
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'the') continue;
    if (unspecified(tokens, i + 1)) return true;
  }
  return false;
}

/** Whether the noun phrase after a "the" at `start` is left unspecified. */
function unspecified(tokens: readonly string[], start: number): boolean {
  let shared = false;
  for (let k = start; k < tokens.length && k < start + MAX_PHRASE; k++) {
    const token = tokens[k]!;
    if (/^[.!?;:]$/.test(token)) return k > start && !shared;
    if (QUALIFIERS.has(token) || token === 'the' || token === 'a' || token === 'an') return false;
    if (JOINS.has(token)) continue;
    const possessive = /['’]s$/.test(token);
    const word = possessive ? token.slice(0, -2) : token;
    if (word === 'one' || word === 'ones') return true;
    if (SHARED.has(word)) shared = true;
    if (possessive) return !shared;
  }
  // The text ends the phrase: nothing qualifies it. A phrase running on is read as specified.
  return start + MAX_PHRASE > tokens.length && tokens.length > start && !shared;
}
