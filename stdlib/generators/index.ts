// Generator sources by name. Each yields records of the type its registry entry declares.
import type { Json } from '../../compiler/lower/dag-schema.ts';
import type { SourceContext, SourceItem } from '../../runtime/sources/source-item.ts';
import { chartQuestions } from './charts/index.ts';
import { mathProblems } from './math/index.ts';
import { geometricScenes } from './geometric-scenes/index.ts';
import { audioScenes } from './audio-scenes/index.ts';
import { motionClips } from './motion-clips/index.ts';

export type Generator = (params: Record<string, Json>, context: SourceContext) => AsyncIterable<SourceItem>;

export const generators = new Map<string, Generator>();
generators.set('math_problems', mathProblems);
generators.set('chart_questions', chartQuestions);
generators.set('geometric_scenes', geometricScenes);
generators.set('audio_scenes', audioScenes);
generators.set('motion_clips', motionClips);
