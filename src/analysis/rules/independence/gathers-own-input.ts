/**
 * A step that gathers ("Find stock photos of espresso machines", "Fetch today's exchange
 * rates") and names no earlier output starts from its own input: it is independent of the
 * steps before it, unless its text links it to them (a mention, a shared subject, a pronoun:
 * evidence of dependence beats this), nor leans on a pronoun or a definite noun phrase it leaves
 * unspecified ("Get details for the top listing": leans-back.ts). Steps described in words only: a tool call's inputs
 * are its arguments (tool-facts judges those).
 */
import { BACKWARD_ALL_LITERAL_TEST, BACKWARD_ALL_PHRASES, BACKWARD_ONE_LITERAL_TEST, BACKWARD_ONE_PHRASES, stem, stepNumbers } from '../../heuristic-text.js';
import type { StepFacts } from '../../step-facts.js';
import { pointsBack } from '../dependence/pronoun.js';
import { leansBack } from './leans-back.js';
import type { IndependenceRule, RuleContext } from '../rule.js';

/**
 * Verbs that fetch from a source (a subset of GATHER_VERBS): not the stateful ones of a UI or
 * a session ("open", "load", "browse"), nor checks of a condition ("check", "identify", "read").
 */
const FETCH_VERBS = new Set(
  'research investigate explore search find look lookup fetch get retrieve download collect gather query list scrape crawl survey discover obtain'
    .split(' ')
    .map(stem),
);

/** Words that name something an earlier step produced or chose ("the flights found", "the selected hotel"). */
const EARLIER_OUTPUT =
  /\b(found|obtained|retrieved|returned|identified|selected|chosen|resulting|extracted|generated|created|produced|computed|calculated|mentioned|above|previous|previously|earlier|prior|same|given|provided|corresponding|respective|relevant|nearby|nearest|local|there|accordingly|based on|according to|from (?:the|these|those|this|that|each|every|all))\b/i;

/**
 * A name, number or quoted literal past a sentence's first word. Planners substitute an
 * earlier step's answer into the next lookup ("Obtain the debt-to-GDP ratio of Nigeria" after
 * "Obtain the country of citizenship of ..."): a named subject is no evidence of its own input.
 */
const NAMED = /(?:[^.!?:;\s]\s+[A-Z]|\d|(?:^|\s)["'‘“])/;

/**
 * What an information lookup fetches: a record of some topic ("information about ...",
 * "reviews", "exchange rates", "stock photos"). A fetch without one is taken for an act in the
 * world ("Get the ingredients", "Find a seat", "Look at the menu", "Get into the car"): it
 * needs the steps before it (the drive to the store, the open recipe book), so no evidence.
 */
const INFORMATION =
  /\b(?:information|info|details?|data|datasets?|lists?|reports?|reviews?|ratings?|rates|prices?|pricing|quotes|statistics|stats|metadata|literature|articles?|papers|studies|news|photos?|images?|pictures?|videos?|weather|forecasts?|facts|definitions?|about|regarding|related to)\b/i;

/** Whether the step gathers from a source of its own, naming nothing an earlier step made. */
export function gathersOwnInput(f: StepFacts): boolean {
  if (f.text === '' || f.step.tool !== undefined || f.statesInputs || f.verb === undefined || !FETCH_VERBS.has(f.verb)) return false;
  const text = f.text;
  if (NAMED.test(text) || !fetchesInformation(f) || pointsBack(text, f.lower) || EARLIER_OUTPUT.test(text) || stepNumbers(text).length > 0 || leansBack(text)) return false;
  const lower = f.lower;
  return !(BACKWARD_ALL_LITERAL_TEST.test(lower) && BACKWARD_ALL_PHRASES.some((p) => p.test(text))) && !(BACKWARD_ONE_LITERAL_TEST.test(lower) && BACKWARD_ONE_PHRASES.some((p) => p.test(text)));
}

/**
 * Verbs whose object is information whatever it is ("List savoring exercises", "Explore
 * locomotor skills for children"), unless a definite article makes it something the context
 * gave ("explore the fairway food and games").
 */
const INFORMATION_VERBS = new Set(['list', 'research', 'investigate', 'explore', 'survey'].map(stem));
const DEFINITE_OBJECT = /^\W*\w+\s+(?:the|this|that|these|those|your|my|our|their)\b/i;

function fetchesInformation(f: StepFacts): boolean {
  return INFORMATION.test(f.text) || (INFORMATION_VERBS.has(f.verb!) && !DEFINITE_OBJECT.test(f.headline));
}

const cache = new WeakMap<RuleContext, boolean[]>();

export function ownInputSteps(ctx: RuleContext): boolean[] {
  let known = cache.get(ctx);
  if (!known) cache.set(ctx, (known = ctx.facts.map(gathersOwnInput)));
  return known;
}

/**
 * Steps that set the scene for the lookups after them: going somewhere or opening something
 * ("go to the internet", "log onto the internet", "Open a laptop") and deciding what to look
 * for ("Decide which area of film to learn about", "Narrow down options by kind of food").
 * A lookup after one is no evidence of independence from it.
 */
const SCENE_VERBS = new Set('go goes went visit open log sign navigate enter boot launch turn drive walk travel head decide choose pick narrow plan'.split(' ').map(stem));

const scenes = new WeakMap<RuleContext, number[]>();

/** The positions of the steps whose leading verb is a SCENE_VERB, ascending. */
function sceneSteps(ctx: RuleContext): number[] {
  let known = scenes.get(ctx);
  if (!known) {
    known = [];
    for (let k = 0; k < ctx.facts.length; k++) {
      const verb = ctx.facts[k]!.verb;
      if (verb !== undefined && SCENE_VERBS.has(verb)) known.push(k);
    }
    scenes.set(ctx, known);
  }
  return known;
}

export const gathersOwnInputRule: IndependenceRule = {
  name: 'gathers-own-input',
  candidates: (ctx) => ownInputSteps(ctx).map((own, k) => own && k > 0),
  // The scene-setting steps, for which pair gives no reason.
  dependent: (ctx) => [sceneSteps(ctx)],
  pair: (ctx, i, j) => {
    const verb = ctx.facts[i]!.verb;
    if (verb !== undefined && SCENE_VERBS.has(verb)) return undefined;
    return `"${ctx.order[j]}" gathers its own input ("${ctx.facts[j]!.headline}") and names nothing "${ctx.order[i]}" produces`;
  },
};
