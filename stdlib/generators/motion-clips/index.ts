// The `motion_clips` generator: balls moving in a walled box, sometimes
// behind a grey block, and "what happens next?" about one of them. The
// answer is the first thing that happens to that ball after the first 70 %
// of the clip (what `temporal_split(ratio: 70%)` shows), so only the last
// 30 % holds the evidence; the three distractors are things that could
// plausibly happen and do not, not even as a near miss, in that last part.
import type { Json } from '../../../compiler/lower/dag-schema.ts';
import { randomFor, shuffled, type RandomStream } from '../../../runtime/evaluate/random.ts';
import type { SourceContext, SourceItem } from '../../../runtime/sources/source-item.ts';
import type { Fields, MediaValue } from '../../../runtime/values.ts';
import {
  GeneratorParams, LETTERS, balancedLetterIndex, formatSeconds, inOrder, lerp, placeAnswer, recordKey, reportedDifficulty,
  targetDifficulty, type DifficultyBand,
} from '../kit.ts';
import { Canvas, circle, encodePng, type Rgb } from '../geometric-scenes/raster.ts';
import { encodeMp4, videoEncoder } from './encode.ts';
import { WALLS, drawBalls, simulate, type Ball, type Block, type Box, type Happening, type MotionEvent, type Simulation } from './simulate.ts';

/** The share of the clip shown as context; the rest is the evidence. */
export const CONTEXT_SHARE = 0.7;

export interface MotionSettings {
  readonly objects: number;
  readonly duration: number;
  readonly fps: number;
  readonly width: number;
  readonly height: number;
}

export const COLOURS: ReadonlyArray<{ name: string; rgb: Rgb }> = [
  { name: 'red', rgb: [214, 40, 40] },
  { name: 'blue', rgb: [40, 90, 214] },
  { name: 'green', rgb: [36, 150, 70] },
  { name: 'orange', rgb: [240, 130, 20] },
  { name: 'purple', rgb: [134, 60, 176] },
  { name: 'yellow', rgb: [230, 190, 20] },
];
const BACKGROUND: Rgb = [238, 236, 228];
const WALL: Rgb = [64, 64, 76];
const BLOCK: Rgb = [140, 140, 140];
export const WALL_WIDTH = 4;
/** Nothing counts as "almost happened" unless it came within this many pixels. */
const NEAR_MISS = 4;
/**
 * How often each kind of option is drawn for a slot of the four. The kinds
 * of all four slots are drawn first and the correct slot is then one of them
 * at random, so every kind of option ("nothing happens" included) is right a
 * quarter of the times it is offered: none is a safe pick or a safe discard.
 */
const SLOT_SHARES = { wall: 0.4, ball: 0.25, block: 0.15, nothing: 0.2 } as const;
type AnswerKind = keyof typeof SLOT_SHARES;
/** Most slots of a kind; walls are limited by the four walls, balls by the other balls. */
const SLOT_LIMITS: Record<AnswerKind, number> = { wall: 3, ball: 2, block: 1, nothing: 1 };
const ATTEMPTS = 120;
/** After this many attempts at the drawn kinds of options, any kinds will do. */
const ATTEMPTS_AT_KIND = 80;

interface Slots { readonly correct: AnswerKind; readonly distractors: readonly AnswerKind[] }

export interface MotionClip {
  readonly question: string;
  readonly options: readonly string[];
  readonly letter: string;
  readonly answer: string;
  readonly trace: string;
  readonly difficulty: number;
  /** The frame the evidence starts at. */
  readonly cutFrame: number;
  /** When the answer happens (null: nothing happens). */
  readonly eventTime: number | null;
  /** What moves, and where it is at each frame. */
  readonly balls: readonly Ball[];
  readonly block: Block | null;
  readonly positions: ReadonlyArray<ReadonlyArray<{ x: number; y: number }>>;
  /** The ball the question is about (an index into `balls`). */
  readonly subject: number;
}

export function motionSettings(params: Record<string, Json>): { settings: MotionSettings; band: DifficultyBand; read: GeneratorParams } {
  const read = new GeneratorParams('motion_clips', params);
  const settings: MotionSettings = {
    objects: read.integer('objects', 1),
    duration: read.number('duration', (v) => v >= 1 && v <= 120, 'between 1 and 120 seconds'),
    fps: read.number('fps', (v) => v >= 2 && v <= 60, 'between 2 and 60'),
    width: read.integer('width', 64),
    height: read.integer('height', 64),
  };
  if (settings.objects > COLOURS.length) throw new Error(`\`motion_clips\` draws at most ${COLOURS.length} objects, \`objects\` is ${settings.objects}`);
  return { settings, band: read.band(), read };
}

/** Frames in the clip, and the first frame of the evidence, as `temporal_split` cuts it. */
export function clipFrames(settings: MotionSettings): { count: number; cut: number } {
  const count = Math.round(settings.duration * settings.fps);
  return { count, cut: Math.floor(Number((CONTEXT_SHARE * count).toPrecision(12))) };
}

interface Plan {
  readonly balls: Ball[];
  readonly block: Block | null;
  readonly simulation: Simulation;
  readonly subject: number;
  readonly correct: Happening | null;
  readonly event: MotionEvent | null;
  readonly distractors: Array<Happening | null>;
}

/** The clip's motion, question and answer, before its frames are drawn; null when no draw gave a clean question. */
export function planClip(settings: MotionSettings, band: DifficultyBand, letterIndex: number, stream: (purpose: string) => RandomStream): MotionClip | null {
  const d = targetDifficulty(stream('difficulty'), band);
  const random = stream('motion');
  const side = Math.min(settings.width, settings.height);
  const { count, cut } = clipFrames(settings);
  const cutTime = cut / settings.fps;
  const box: Box = { left: WALL_WIDTH, top: WALL_WIDTH, right: settings.width - WALL_WIDTH, bottom: settings.height - WALL_WIDTH };
  const n = Math.max(1, Math.round(lerp(1, settings.objects, d) + (random() - 0.5)));
  const blocks = d >= 0.3;
  const slots = drawSlots((kind) => (kind === 'ball' ? n - 1 : kind === 'block' && !blocks ? 0 : SLOT_LIMITS[kind]), random);
  const radius = lerp(0.085, 0.05, d) * side;
  const speed = lerp(0.25, 0.6, d) * side;
  let plan: Plan | null = null;
  for (let attempt = 0; attempt < ATTEMPTS && !plan; attempt++) {
    const want = attempt < ATTEMPTS_AT_KIND ? slots : null;
    const withBlock = want?.correct === 'block' || want?.distractors.includes('block') || (blocks && random() < lerp(0, 0.9, d));
    const block = withBlock ? drawBlock(box, side, random) : null;
    const colours = shuffled(COLOURS.map((c) => c.name), random).slice(0, Math.min(n, COLOURS.length));
    const balls = drawBalls(colours, radius, speed, box, block, random);
    if (!balls) continue;
    const simulation = simulate(balls, box, block, settings.fps, count, cutTime);
    for (const subject of shuffled(balls.map((_, i) => i), random)) {
      plan = question(settings, simulation, balls, block, subject, cutTime, count, want, random);
      if (plan) break;
    }
  }
  if (!plan) return null;
  const { simulation, balls, subject, block } = plan;
  const name = `the ${balls[subject].colour} ball`;
  const sentence = (h: Happening | null) => `${capitalise(name)} ${phrase(h, balls)}.`;
  const answer = sentence(plan.correct);
  const options = placeAnswer(answer, plan.distractors.map(sentence), letterIndex);
  return {
    balls, block, positions: simulation.frames, subject, question: `What happens next to ${name}?`, options, letter: LETTERS[letterIndex], answer,
    trace: explain(plan, settings, cutTime, name),
    difficulty: reportedDifficulty(d, band), cutFrame: cut, eventTime: plan.event?.time ?? null,
  };
}

function drawKind(possible: (kind: AnswerKind) => boolean, random: RandomStream): AnswerKind {
  const kinds = (Object.keys(SLOT_SHARES) as AnswerKind[]).filter(possible);
  const total = kinds.reduce((sum, kind) => sum + SLOT_SHARES[kind], 0);
  let draw = random() * total;
  for (const kind of kinds) if ((draw -= SLOT_SHARES[kind]) < 0) return kind;
  return kinds[kinds.length - 1];
}

/** The kinds of the four options, at most `limit(kind)` of each, and which of them is the answer. */
function drawSlots(limit: (kind: AnswerKind) => number, random: RandomStream): Slots {
  const kinds: AnswerKind[] = [];
  while (kinds.length < 4) kinds.push(drawKind((k) => kinds.filter((c) => c === k).length < limit(k), random));
  const correct = Math.floor(random() * kinds.length);
  return { correct: kinds[correct], distractors: kinds.filter((_, i) => i !== correct) };
}

function drawBlock(box: Box, side: number, random: RandomStream): Block {
  const w = lerp(0.15, 0.3, random()) * side;
  const h = lerp(0.15, 0.3, random()) * side;
  const x0 = box.left + 0.15 * side + random() * (box.right - box.left - 0.3 * side - w);
  const y0 = box.top + 0.15 * side + random() * (box.bottom - box.top - 0.3 * side - h);
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

const same = (a: Happening | null, b: Happening | null) => JSON.stringify(a) === JSON.stringify(b);
const kindOf = (h: Happening | null): AnswerKind => (h === null ? 'nothing' : h.kind);

/**
 * The question about `subject`, when it is clean: the next thing that
 * happens to it falls clearly inside the evidence (a frame after the cut at
 * the earliest, two frames before the end at the latest), in view, with
 * nothing else happening to it within three frames; or nothing happens, with
 * room to spare. Distractors are what does not happen, by a margin.
 */
function question(
  settings: MotionSettings, simulation: Simulation, balls: readonly Ball[], block: Block | null, subject: number,
  cutTime: number, count: number, want: Slots | null, random: RandomStream,
): Plan | null {
  const frame = 1 / settings.fps;
  const lastTime = (count - 1) * frame;
  const after = simulation.events.filter((e) => e.ball === subject && e.time > cutTime);
  const clearance = simulation.clearance[subject];
  let event: MotionEvent | null = null;
  if (want?.correct === 'nothing' || (want === null && after.length === 0)) {
    if (after.length > 0) return null;
    const closest = Math.min(...WALLS.map((w) => clearance.walls[w]), ...clearance.balls, clearance.block);
    if (closest < NEAR_MISS) return null;
  } else {
    event = after[0] ?? null;
    if (!event || (want !== null && kindOf(event.what) !== want.correct) || event.time < cutTime + frame || event.time > lastTime - 2 * frame) return null;
    if (after[1] && after[1].time < event.time + 3 * frame) return null;
    const at = Math.round(event.time * settings.fps);
    if (simulation.hidden[subject][at] > 0.2) return null;
    if (event.what.kind === 'ball' && simulation.hidden[event.what.other][at] > 0.2) return null;
  }
  const happened = after.map((e) => e.what);
  const candidates: Array<{ happening: Happening | null; reach: number }> = [
    ...WALLS.map((wall) => ({ happening: { kind: 'wall', wall } as Happening, reach: clearance.walls[wall] })),
    ...balls.flatMap((_, other) => (other === subject ? [] : [{ happening: { kind: 'ball', other } as Happening, reach: clearance.balls[other] }])),
    ...(block ? [{ happening: { kind: 'block' } as Happening, reach: clearance.block }] : []),
    ...(event ? [{ happening: null, reach: Infinity }] : []),
  ];
  const state = simulation.atWindow[subject];
  const pool = candidates
    .filter((c) => c.happening === null || (c.reach >= NEAR_MISS && !happened.some((h) => same(h, c.happening))))
    .map((c) => ({ ...c, plausible: plausibility(c.happening, state, simulation.atWindow, block, settings) + random() * 0.5 }));
  // Of each kind the slots ask for (any kind, past the attempts at the drawn ones), the most tempting.
  const distractors: Array<Happening | null> = [];
  for (let slot = 0; slot < 3 && pool.length > 0; slot++) {
    const kind = want ? want.distractors[slot] : drawKind((k) => pool.some((c) => kindOf(c.happening) === k), random);
    const best = pool.filter((c) => kindOf(c.happening) === kind).sort((a, b) => a.plausible - b.plausible)[0];
    if (!best) return null;
    pool.splice(pool.indexOf(best), 1);
    distractors.push(best.happening);
  }
  if (distractors.length < 3) return null;
  return { balls: [...balls], block, simulation, subject, correct: event?.what ?? null, event, distractors: shuffled(distractors, random) };
}

/** Lower is more tempting: seconds until the ball would reach it going straight on (about 2 s for "nothing"). */
function plausibility(h: Happening | null, ball: Ball, all: readonly Ball[], block: Block | null, settings: MotionSettings): number {
  if (h === null) return 2;
  const toward = (gap: number, velocity: number) => (velocity > 0 ? gap / velocity : 10 + gap / 100);
  if (h.kind === 'wall') {
    if (h.wall === 'left') return toward(ball.x - ball.radius - WALL_WIDTH, -ball.vx);
    if (h.wall === 'right') return toward(settings.width - WALL_WIDTH - ball.x - ball.radius, ball.vx);
    if (h.wall === 'top') return toward(ball.y - ball.radius - WALL_WIDTH, -ball.vy);
    return toward(settings.height - WALL_WIDTH - ball.y - ball.radius, ball.vy);
  }
  const target = h.kind === 'ball' ? all[h.other] : block && { x: (block.x0 + block.x1) / 2, y: (block.y0 + block.y1) / 2, vx: 0, vy: 0 };
  if (!target) return 20;
  const dx = target.x - ball.x;
  const dy = target.y - ball.y;
  const distance = Math.hypot(dx, dy);
  const closing = ((ball.vx - target.vx) * dx + (ball.vy - target.vy) * dy) / Math.max(1e-9, distance);
  return toward(distance, closing);
}

/** What happens, as the verb phrase after the ball's name (`bounces off …`), or after "does not" (`bounce off …`). */
function phrase(h: Happening | null, balls: readonly Ball[], negated = false): string {
  const verb = (third: string, base: string) => (negated ? base : third);
  if (h === null) return `${verb('keeps', 'keep')} moving without touching anything`;
  if (h.kind === 'wall') return `${verb('bounces', 'bounce')} off the ${h.wall} wall`;
  if (h.kind === 'ball') return `${verb('collides', 'collide')} with the ${balls[h.other].colour} ball`;
  return `${verb('passes', 'pass')} behind the grey block`;
}

function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function heading(ball: Ball): string {
  const speed = Math.hypot(ball.vx, ball.vy);
  const parts = [
    ...(Math.abs(ball.vx) > 0.38 * speed ? [ball.vx > 0 ? 'right' : 'left'] : []),
    ...(Math.abs(ball.vy) > 0.38 * speed ? [ball.vy > 0 ? 'down' : 'up'] : []),
  ];
  return `${parts.join(' and ')} at about ${Math.round(speed)} px/s`;
}

function explain(plan: Plan, settings: MotionSettings, cutTime: number, name: string): string {
  const { balls, subject, simulation, event } = plan;
  const state = simulation.atWindow[subject];
  const others = balls.filter((_, i) => i !== subject).map((b) => `the ${b.colour} ball`);
  const scene = `${balls.length === 1 ? 'One ball moves' : `${balls.length} balls move`} in a walled box${plan.block ? ' with a grey block that hides what passes behind it' : ''}.`;
  const seen = `By ${formatSeconds(cutTime)}, the end of the first ${Math.round(CONTEXT_SHARE * 100)} %, ${name} is at (${Math.round(state.x)}, ${Math.round(state.y)}) moving ${heading(state)}`
    + `${others.length ? `; the others are ${others.join(', ')}` : ''}.`;
  const next = event
    ? `At ${formatSeconds(event.time)} it ${phrase(event.what, balls)}, the first thing that happens to it in the remaining ${formatSeconds(settings.duration - cutTime)}.`
    : `In the remaining ${formatSeconds(settings.duration - cutTime)} it touches nothing: it never comes within ${NEAR_MISS} px of a wall, a ball or the block.`;
  const wrong = plan.distractors.filter((h) => h !== null).map((h) => phrase(h, balls, true));
  const ruled = wrong.length ? ` It does not ${wrong.join(', nor ')}.` : '';
  return `${scene} ${seen} ${next}${ruled}`;
}

/** Each frame's RGB pixels: the walls, the balls, and the block over them. */
export function drawClip(clip: MotionClip, settings: MotionSettings): Uint8Array[] {
  const box = emptyBox(settings.width, settings.height);
  return clip.positions.map((positions) => drawFrame(settings, box, clip.balls, positions, clip.block));
}

/** The walled box with nothing in it, drawn once per clip and copied under each frame. */
function emptyBox(width: number, height: number): Uint8Array {
  const canvas = new Canvas(width, height);
  canvas.fillRows((y, row) => {
    for (let x = 0; x < width; x++) {
      const colour = x < WALL_WIDTH || y < WALL_WIDTH || x >= width - WALL_WIDTH || y >= height - WALL_WIDTH ? WALL : BACKGROUND;
      row[x * 3] = colour[0];
      row[x * 3 + 1] = colour[1];
      row[x * 3 + 2] = colour[2];
    }
  });
  return canvas.rgb;
}

function drawFrame(
  settings: MotionSettings, box: Uint8Array, balls: readonly Ball[], positions: ReadonlyArray<{ x: number; y: number }>, block: Block | null,
): Uint8Array {
  const canvas = new Canvas(settings.width, settings.height);
  canvas.fillFrom(box);
  balls.forEach((ball, i) => {
    const colour = COLOURS.find((c) => c.name === ball.colour)!.rgb;
    canvas.paint(circle(positions[i].x, positions[i].y, ball.radius), colour, i + 1);
  });
  if (block) {
    canvas.paint({ bounds: block, contains: (x, y) => x >= block.x0 && x <= block.x1 && y >= block.y0 && y <= block.y1 }, BLOCK, balls.length + 1);
  }
  return canvas.rgb;
}

export async function clipFields(key: string, clip: MotionClip, settings: MotionSettings, codec: string | null): Promise<Fields> {
  const pixels = drawClip(clip, settings);
  const frames = await Promise.all(pixels.map((rgb) => encodePng(rgb, settings.width, settings.height)));
  const mp4 = codec ? await encodeMp4(pixels, settings.width, settings.height, settings.fps, codec) : undefined;
  const video: MediaValue = {
    $media: 'video', path: `motion_clips/${key}.mp4`, fps: settings.fps, duration: frames.length / settings.fps,
    width: settings.width, height: settings.height, frame_count: frames.length, frames, ...(mp4 ? { bytes: mp4 } : {}),
  };
  return {
    video, question: clip.question, options: [...clip.options], letter: clip.letter, answer: clip.answer, trace: clip.trace, difficulty: clip.difficulty,
  };
}

export async function* motionClips(params: Record<string, Json>, context: SourceContext): AsyncGenerator<SourceItem> {
  const { settings, band, read } = motionSettings(params);
  const codec = await videoEncoder();
  yield* inOrder(read.total(context), async (index): Promise<SourceItem> => {
    const key = recordKey('motion', index);
    const clip = planClip(settings, band, balancedLetterIndex(context, index), (purpose) => randomFor(context.seed, context.nodeId, key, purpose));
    if (!clip) return { key, rejected: `no motion of ${ATTEMPTS} tried gave a clean question` };
    return { key, fields: await clipFields(key, clip, settings, codec) };
  });
}
