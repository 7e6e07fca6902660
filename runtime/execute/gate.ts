// A human gate as a pipeline node. For each record it builds the item a
// person sees (media, question or labels, pre-annotations), records it in the
// store, and passes the record on only once the item is settled: an annotate
// gate binds the answer, a validate gate keeps the record on "yes" and filters
// it on "no". An unsettled record waits: it is neither passed on nor dropped,
// and the run goes on with everything else.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Dag, DagExpr, DagNode } from '../../compiler/lower/dag-schema.ts';
import type { EvalContext } from '../evaluate/evaluate.ts';
import { evaluate } from '../evaluate/evaluate.ts';
import { RecordRejected } from '../evaluate/reject.ts';
import { randomFor } from '../evaluate/random.ts';
import { resolve, type Resolution } from '../human/resolve.ts';
import { GATE_TASKS, type GateItem, type GateMedia, type GateTask } from '../human/types.ts';
import type { HumanGates } from '../store/pending.ts';
import { isMedia, type MediaValue, type RuntimeRecord, type Value } from '../values.ts';

/** The QA share when a gate does not say. */
export const DEFAULT_QA = 0.2;

/** Gate names by node id: `<stage>.<binding>` for annotate, `<stage>.<gate>` (then `-2`, `-3`…) for validate. */
export function gateNames(dag: Dag): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const node of dag.nodes) {
    if (node.kind !== 'gate') continue;
    const base = `${node.stage ?? 'gate'}.${node.params.mode === 'annotate' ? String(node.params.name) : node.op}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    names.set(node.id, name);
  }
  return names;
}

export interface GateRuntime {
  readonly gates: HumanGates;
  /** Where generated media (bytes, frames) are written for people to see: `<dataset>/annotations/media`. */
  readonly mediaFolder: string;
  /** The recipe's folder: media paths resolve against it. */
  readonly directory: string;
  readonly names: ReadonlyMap<string, string>;
}

export type GateOutcome =
  | { readonly kind: 'pass'; readonly record: RuntimeRecord }
  | { readonly kind: 'filtered'; readonly reason: string }
  | { readonly kind: 'waiting'; readonly gate: string };

/** The per-record function of one gate node. */
export function gateStep(node: DagNode, runtime: GateRuntime, seed: number, context: (record: RuntimeRecord) => EvalContext): (record: RuntimeRecord) => Promise<GateOutcome> {
  const gate = runtime.names.get(node.id)!;
  const task = node.op as GateTask;
  if (!GATE_TASKS.includes(task)) throw new RecordRejected(`human gate \`${node.op}\` is not known to this version of rlr`);
  const mode = node.params.mode === 'annotate' ? 'annotate' : 'validate';
  const args = node.params.args as Record<string, DagExpr>;
  return async (record) => {
    const value = (name: string): Value | undefined => (args[name] ? evaluate(args[name], record, context(record)) : undefined);
    const media = value('media');
    // A yes/no question may stand on its own text (is this reasoning sound?); every other gate marks media.
    const textOnly = task === 'yes_no' && (media === null || media === undefined);
    if (!textOnly && !isMedia(media)) throw new RecordRejected(`gate \`${gate}\`: \`media\` is not a media item`);
    const qaShare = typeof value('qa') === 'number' ? (value('qa') as number) : DEFAULT_QA;
    const question = mode === 'validate' ? String(value('question') ?? '') : null;
    const labels = mode === 'annotate' ? stringList(value('labels')) : [];
    const predictions = value('predictions');
    const instructions = value('instructions');
    const item: GateItem = {
      gate, task, mode, record: record.key,
      media: isMedia(media) ? await gateMedia(media, runtime) : null,
      question, labels,
      predictions: Array.isArray(predictions) ? predictions : null,
      // Drawn from the gate's name and the record's key, not the node id: an edit upstream (a model's
      // endpoint, say) does not draw a new QA sample.
      qa: randomFor(seed, `gate:${gate}`, record.key, 'qa')() < qaShare,
      instructions: typeof instructions === 'string' ? instructions : null,
    };
    const key = itemKey(record.key, item);
    await runtime.gates.add(key, item);
    const resolution: Resolution = resolve(item, runtime.gates.answers(gate, key));
    if (resolution.status === 'waiting') return { kind: 'waiting', gate };
    if (mode === 'validate') {
      return resolution.value === true ? { kind: 'pass', record } : { kind: 'filtered', reason: `answered no at gate \`${gate}\`` };
    }
    return { kind: 'pass', record: { ...record, fields: { ...record.fields, [String(node.params.name)]: resolution.value } } };
  };
}

/**
 * An item's key: the record's key and a digest of what the person is shown and asked, so that a
 * changed question or clip is a new item rather than inheriting an answer given to the old one.
 * Pre-annotations are left out: a better model does not void a person's answer.
 */
export function itemKey(recordKey: string, item: GateItem): string {
  const digest = createHash('sha256').update(JSON.stringify([item.task, item.media?.name ?? null, item.question, item.labels])).digest('hex').slice(0, 12);
  return `${recordKey}~${digest}`;
}

function stringList(value: Value | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string');
}

const EXTENSIONS: Record<string, string> = { image: 'png', audio: 'wav', video: 'mp4' };

/** The media as a person gets it: a file on disk (generated bytes and frames are written out once, by content). */
async function gateMedia(media: MediaValue, runtime: GateRuntime): Promise<GateMedia> {
  const common = {
    kind: media.$media, name: media.path,
    width: media.width ?? null, height: media.height ?? null, duration: media.duration ?? null,
    fps: media.fps ?? null, frame_count: media.frame_count ?? media.frames?.length ?? null,
  };
  if (media.bytes) {
    const file = await writeByContent(runtime.mediaFolder, media.bytes, EXTENSIONS[media.$media] ?? 'bin');
    return { ...common, file, frames: null };
  }
  if (media.frames && media.frames.length > 0) {
    const frames: string[] = [];
    for (const frame of media.frames) frames.push(await writeByContent(runtime.mediaFolder, frame, 'png'));
    return { ...common, file: frames[0], frames };
  }
  return { ...common, file: path.resolve(runtime.directory, media.path), frames: null };
}

async function writeByContent(folder: string, bytes: Uint8Array, extension: string): Promise<string> {
  const file = path.join(folder, `${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}.${extension}`);
  await mkdir(folder, { recursive: true });
  // Same name, same bytes: a concurrent or repeated write is harmless, and `wx` skips the rewrite.
  await writeFile(file, bytes, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return file;
}
