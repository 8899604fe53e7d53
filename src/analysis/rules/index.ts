/**
 * The rules the heuristic analysis composes (src/analysis/heuristic.ts). Adding a rule is one
 * file in dependence/ or independence/, its test in test/analysis/rules/, and a line here.
 * Dependence rules run in this order for each step; the first ones may find that a step
 * follows every earlier step, and the others then skip their work.
 */
import { aggregation } from './dependence/aggregation.js';
import { arrowOutputs } from './dependence/arrow-outputs.js';
import { foundPaths } from './dependence/found-paths.js';
import { idRanges } from './dependence/id-ranges.js';
import { repeatCheck } from './dependence/repeat-check.js';
import { workflowTrigger } from './dependence/workflow-trigger.js';
import { argumentReferences } from './dependence/argument-references.js';
import { answerReferencesRule } from './dependence/answer-references.js';
import { conditionalBranch } from './dependence/conditional-branch.js';
import { bareStep } from './dependence/bare-step.js';
import { instrumentMentions } from './dependence/instrument-mentions.js';
import { mentions } from './dependence/mentions.js';
import { namedOutputs } from './dependence/named-outputs.js';
import { nodeReferences } from './dependence/node-references.js';
import { outputNoun } from './dependence/output-noun.js';
import { quantitySiblings } from './dependence/quantity-siblings.js';
import { processingAfterResearch } from './dependence/processing-after-research.js';
import { pronoun } from './dependence/pronoun.js';
import { refersBack } from './dependence/refers-back.js';
import { searchFeedsService } from './dependence/search-feeds-service.js';
import { sharedWords } from './dependence/shared-words.js';
import { stepNumberReferences } from './dependence/step-numbers.js';
import { substitutedId } from './dependence/substituted-id.js';
import { temporalWords } from './dependence/temporal.js';
import { toolConflict } from './dependence/tool-conflict.js';
import { workingState } from './dependence/working-state.js';
import { declaredData } from './independence/declared-data.js';
import { fanInSources } from './independence/fan-in-sources.js';
import { gathersOwnInputRule } from './independence/gathers-own-input.js';
import { fanInInputs } from './independence/fan-in-inputs.js';
import { markedReferences } from './independence/marked-references.js';
import { namedInputs } from './independence/named-inputs.js';
import { parallelMarkers } from './independence/parallel-markers.js';
import { participleInputs } from './independence/participle-inputs.js';
import { researchSiblings } from './independence/research-siblings.js';
import { sharedSource } from './independence/shared-source.js';
import { templateSiblings } from './independence/template-siblings.js';
import { toolFacts } from './independence/tool-facts.js';
import type { DependenceRule, IndependenceRule } from './rule.js';

export const DEPENDENCE_RULES: readonly DependenceRule[] = [
  aggregation,
  refersBack,
  temporalWords,
  conditionalBranch,
  bareStep,
  mentions,
  idRanges,
  instrumentMentions,
  stepNumberReferences,
  answerReferencesRule,
  nodeReferences,
  argumentReferences,
  namedOutputs,
  pronoun,
  outputNoun,
  sharedWords,
  processingAfterResearch,
  quantitySiblings,
  toolConflict,
  workingState,
  substitutedId,
  searchFeedsService,
  workflowTrigger,
  arrowOutputs,
  repeatCheck,
  foundPaths,
];

export const INDEPENDENCE_RULES: readonly IndependenceRule[] = [
  templateSiblings,
  parallelMarkers,
  researchSiblings,
  toolFacts,
  declaredData,
  namedInputs,
  markedReferences,
  fanInSources,
  fanInInputs,
  gathersOwnInputRule,
  sharedSource,
  participleInputs,
];
