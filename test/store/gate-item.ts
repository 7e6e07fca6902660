// A gate item for store tests: a yes/no question about an image unless told otherwise.
import type { Annotation, GateItem } from '../../runtime/human/types.ts';

export function gateItem(gate: string, overrides: Partial<GateItem> = {}): GateItem {
  return {
    gate, task: 'yes_no', mode: 'validate', record: 'r',
    media: { kind: 'image', file: '/data/a.png', name: 'a.png', width: 4, height: 3, duration: null, fps: null, frame_count: null, frames: null },
    question: 'Does it make sense?', labels: [], predictions: null, qa: false, instructions: null,
    ...overrides,
  };
}

export const yes = (annotator: string, value: unknown = true): Annotation => ({ annotator, value: value as Annotation['value'], origin: 'review', ref: `review:${annotator}` });
