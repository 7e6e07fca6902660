// The deterministic sample: for each stage and level, the RL rows whose ids hash lowest,
// so the same dataset always previews the same examples whatever its shard layout.
// A first pass reads only the placement columns; the chosen rows are then read whole,
// and their CoT traces joined by id.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { DatasetInfo } from './dataset.ts';
import { PLACEMENT_COLUMNS, levelOf, previewRow, stageOf, traceOf, type PreviewRow, type Trace } from './rows.ts';
import { readShardRows, scanShard } from './shards.ts';

export interface PreviewExample {
  readonly row: PreviewRow;
  /** From the CoT row with the same id; null when the example has none. */
  readonly trace: Trace | null;
}

export interface PreviewGroup {
  readonly stage: string;
  readonly level: number | null;
  /** RL rows of this stage and level in the whole dataset. */
  readonly total: number;
  readonly examples: readonly PreviewExample[];
}

interface Candidate { readonly rank: string; readonly shard: string; readonly index: number }

interface GroupSample { readonly stage: string; readonly level: number | null; total: number; chosen: Candidate[] }

function rankOf(id: string): string {
  return `${createHash('sha256').update(id).digest('hex').slice(0, 16)}\0${id}`;
}

/** Keeps the `size` lowest-ranked candidates, sorted. */
function offer(sample: GroupSample, candidate: Candidate, size: number): void {
  sample.total++;
  const chosen = sample.chosen;
  if (chosen.length === size && candidate.rank >= chosen[size - 1].rank) return;
  let at = chosen.length;
  while (at > 0 && chosen[at - 1].rank > candidate.rank) at--;
  chosen.splice(at, 0, candidate);
  if (chosen.length > size) chosen.pop();
}

async function chooseRows(info: DatasetInfo, perGroup: number): Promise<GroupSample[]> {
  const groups = new Map<string, GroupSample>();
  for (const shard of info.shards.rl) {
    for await (const { index, record } of scanShard(join(info.folder, shard), PLACEMENT_COLUMNS)) {
      const stage = stageOf(record);
      const level = levelOf(record);
      const key = `${stage}\0${level}`;
      let sample = groups.get(key);
      if (!sample) groups.set(key, sample = { stage, level, total: 0, chosen: [] });
      offer(sample, { rank: rankOf(typeof record.id === 'string' ? record.id : ''), shard, index }, perGroup);
    }
  }
  return [...groups.values()];
}

async function readChosen(info: DatasetInfo, groups: readonly GroupSample[]): Promise<Map<string, PreviewRow>> {
  const byShard = new Map<string, number[]>();
  for (const candidate of groups.flatMap((group) => group.chosen)) {
    byShard.set(candidate.shard, [...byShard.get(candidate.shard) ?? [], candidate.index]);
  }
  const rows = new Map<string, PreviewRow>();
  for (const [shard, indices] of byShard) {
    for (const [index, record] of await readShardRows(join(info.folder, shard), indices)) rows.set(`${shard}#${index}`, previewRow(record));
  }
  return rows;
}

/** A repeat drawn by mixture upsampling is `<id>-r<round>`; its trace is the original's. */
function originalId(id: string): string {
  return id.replace(/-r\d+$/, '');
}

async function readTraces(info: DatasetInfo, ids: ReadonlySet<string>): Promise<Map<string, Trace>> {
  const traces = new Map<string, Trace>();
  for (const shard of info.shards.cot) {
    const path = join(info.folder, shard);
    const indices: number[] = [];
    for await (const { index, record } of scanShard(path, ['id'])) {
      if (typeof record.id === 'string' && ids.has(record.id)) indices.push(index);
    }
    for (const record of (await readShardRows(path, indices, ['id', 'messages'])).values()) {
      const trace = traceOf(record);
      if (trace && typeof record.id === 'string' && !traces.has(record.id)) traces.set(record.id, trace);
    }
  }
  return traces;
}

const SPLIT_ORDER = ['train', 'validation', 'test'];

function byPosition(a: PreviewExample, b: PreviewExample): number {
  const split = (name: string): number => (SPLIT_ORDER.indexOf(name) + SPLIT_ORDER.length + 1) % (SPLIT_ORDER.length + 1);
  return split(a.row.split) - split(b.row.split) || (a.row.index ?? 0) - (b.row.index ?? 0) || a.row.id.localeCompare(b.row.id);
}

/**
 * Stages in curriculum order (the lowest level they appear at, then the manifest's
 * order), each stage's levels ascending.
 */
function orderGroups(info: DatasetInfo, groups: PreviewGroup[]): PreviewGroup[] {
  const manifestOrder = Object.keys(info.stages.rl);
  const firstLevel = new Map<string, number>();
  for (const group of groups) {
    const level = group.level ?? Infinity;
    firstLevel.set(group.stage, Math.min(firstLevel.get(group.stage) ?? Infinity, level));
  }
  const stagePosition = (stage: string): number => {
    const position = manifestOrder.indexOf(stage);
    return position < 0 ? manifestOrder.length : position;
  };
  return groups.sort((a, b) =>
    (firstLevel.get(a.stage)! - firstLevel.get(b.stage)! || 0)
    || stagePosition(a.stage) - stagePosition(b.stage)
    || a.stage.localeCompare(b.stage)
    || (a.level ?? Infinity) - (b.level ?? Infinity) || 0);
}

/** Up to `perGroup` examples of every stage and level, with their traces. */
export async function sampleDataset(info: DatasetInfo, perGroup: number): Promise<PreviewGroup[]> {
  const groups = await chooseRows(info, perGroup);
  const rows = await readChosen(info, groups);
  const ids = new Set<string>();
  for (const row of rows.values()) ids.add(row.id).add(originalId(row.id));
  const traces = await readTraces(info, ids);
  return orderGroups(info, groups.map((group) => ({
    stage: group.stage,
    level: group.level,
    total: group.total,
    examples: group.chosen
      .map((candidate) => rows.get(`${candidate.shard}#${candidate.index}`))
      .filter((row): row is PreviewRow => row !== undefined)
      .map((row) => ({ row, trace: traces.get(row.id) ?? traces.get(originalId(row.id)) ?? null }))
      .sort(byPosition),
  })));
}
