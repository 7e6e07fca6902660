// Every check, run in this order; their diagnostics are merged, sorted and de-duplicated.
import type { Check } from './context.ts';
import { duplicateDeclarations } from './duplicate-declarations.ts';
import { unknownNames } from './unknown-names.ts';
import { callArguments } from './arguments.ts';
import { blockProperties } from './properties.ts';
import { typeExpectations } from './type-expectations.ts';
import { templateFields } from './templates.ts';
import { verifierTypes } from './verifier-types.ts';
import { rolloutVerifier } from './rollout-verifier.ts';
import { mixtureWeights } from './mixture-weights.ts';
import { curriculumLevels } from './curriculum-levels.ts';
import { curriculumPhases } from './curriculum-phases.ts';
import { mixedUnits } from './mixed-units.ts';
import { stageCycles } from './stage-cycles.ts';
import { unusedDeclarations } from './unused-declarations.ts';
import { secretLiterals } from './secret-literals.ts';
import { pathEscapes } from './path-escapes.ts';
import { importCycles } from './import-cycles.ts';
import { modelCalls } from './model-calls.ts';
import { emitShape } from './emit-shape.ts';
import { recipeStructure } from './recipe-structure.ts';
import { outputSplits } from './output-splits.ts';

export const checks: readonly Check[] = [
  recipeStructure, importCycles, duplicateDeclarations, unknownNames, blockProperties, callArguments,
  typeExpectations, templateFields, modelCalls, emitShape, verifierTypes, rolloutVerifier, mixedUnits, stageCycles,
  mixtureWeights, curriculumLevels, curriculumPhases, outputSplits, secretLiterals, pathEscapes, unusedDeclarations,
];
