// The shape of a Label Studio JSON export (Export -> JSON): an array of tasks,
// each with its data, its annotations (one per person, with their results) and
// its predictions. Only what the import reads is required; Label Studio's other
// fields (created_at, lead_time, project, drafts, ...) pass through unchecked.
import { z } from 'zod';

const taskId = z.union([z.number(), z.string()]);

export const labelStudioResult = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  from_name: z.string().optional(),
  to_name: z.string().optional(),
  // Relations between regions carry no value; the conversion refuses them by type.
  value: z.record(z.string(), z.unknown()).optional(),
  original_width: z.number().optional(),
  original_height: z.number().optional(),
  image_rotation: z.number().optional(),
});

export const completedBy = z.union([
  z.number(),
  z.looseObject({ id: z.number(), email: z.string().optional() }),
]);

export const labelStudioAnnotation = z.looseObject({
  id: taskId,
  completed_by: completedBy,
  result: z.array(labelStudioResult),
  was_cancelled: z.boolean().optional(),
  ground_truth: z.boolean().optional(),
});

export const labelStudioTask = z.looseObject({
  id: taskId.optional(),
  data: z.record(z.string(), z.unknown()),
  annotations: z.array(labelStudioAnnotation).optional(),
  predictions: z.array(z.unknown()).optional(),
});

export const labelStudioExport = z.array(labelStudioTask);

export type LabelStudioResult = z.infer<typeof labelStudioResult>;
export type LabelStudioAnnotation = z.infer<typeof labelStudioAnnotation>;
export type LabelStudioTask = z.infer<typeof labelStudioTask>;

// The `value` of each result type rlr reads. Positions are percent of the image
// (0-100), audio times seconds, video ranges frame numbers (1-based, inclusive).
const labelList = z.array(z.string());

export const labelsValue = z.looseObject({
  start: z.number(),
  end: z.number(),
  channel: z.number().optional(),
  labels: labelList,
});

export const timelineLabelsValue = z.looseObject({
  ranges: z.array(z.looseObject({ start: z.number(), end: z.number() })),
  timelinelabels: labelList,
});

export const rectangleLabelsValue = z.looseObject({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
  rotation: z.number().optional(),
  rectanglelabels: labelList,
});

export const keyPointLabelsValue = z.looseObject({
  x: z.number(),
  y: z.number(),
  width: z.number().optional(),
  keypointlabels: labelList,
});

export const brushLabelsValue = z.looseObject({
  format: z.string(),
  rle: z.array(z.number().int().min(0).max(255)),
  brushlabels: labelList,
});

export const choicesValue = z.looseObject({
  choices: labelList,
});

/** The first problem zod found, as `field.path: message` (the path relative to what was parsed). */
export function firstIssue(error: z.ZodError): { path: readonly PropertyKey[]; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path ?? [], message: issue?.message ?? 'invalid' };
}
