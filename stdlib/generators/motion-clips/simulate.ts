// Balls in a walled box: constant velocity, elastic bounces off the walls and
// off each other (equal masses), and a static grey block they pass behind.
// Stepped finely between frames; every contact is logged as an event, and
// for a window of time the simulation also records how close each ball came
// to each thing it did not touch, so a question never turns on a near miss.
import type { RandomStream } from '../../../runtime/evaluate/random.ts';

export const WALLS = ['left', 'right', 'top', 'bottom'] as const;
export type Wall = typeof WALLS[number];

export interface Ball { readonly colour: string; readonly radius: number; x: number; y: number; vx: number; vy: number }
export interface Block { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }
export interface Box { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number }

/** Something that happens to a ball: it touches a wall, another ball, or starts to pass behind the block. */
export type Happening = { kind: 'wall'; wall: Wall } | { kind: 'ball'; other: number } | { kind: 'block' };
export interface MotionEvent { readonly time: number; readonly ball: number; readonly what: Happening }

export interface Simulation {
  /** Each ball's position at each frame. */
  readonly frames: ReadonlyArray<ReadonlyArray<{ x: number; y: number }>>;
  /** Each ball's state at the start of the watched window. */
  readonly atWindow: readonly Ball[];
  readonly events: readonly MotionEvent[];
  /** For each ball, the least clearance (px) in the watched window to each wall, each other ball and the block. */
  readonly clearance: ReadonlyArray<{ walls: Record<Wall, number>; balls: number[]; block: number }>;
  /** For each ball and frame, the share of its disc the block hides. */
  readonly hidden: ReadonlyArray<readonly number[]>;
}

const STEPS_PER_FRAME = 24;

/**
 * Runs `balls` (copied) for `frameCount` frames at `fps`, watching clearances
 * from `windowStart` seconds to the last frame.
 */
export function simulate(
  initial: readonly Ball[], box: Box, block: Block | null, fps: number, frameCount: number, windowStart: number,
): Simulation {
  const balls = initial.map((b) => ({ ...b }));
  const dt = 1 / (fps * STEPS_PER_FRAME);
  const events: MotionEvent[] = [];
  const frames: Array<Array<{ x: number; y: number }>> = [];
  const hidden: number[][] = balls.map(() => []);
  const clearance = balls.map(() => ({
    walls: { left: Infinity, right: Infinity, top: Infinity, bottom: Infinity } as Record<Wall, number>,
    balls: balls.map(() => Infinity),
    block: Infinity,
  }));
  let atWindow: Ball[] | null = null;
  const behind = balls.map((b) => block !== null && blockGap(b, block) < 0);
  const record = () => {
    frames.push(balls.map((b) => ({ x: b.x, y: b.y })));
    balls.forEach((b, i) => hidden[i].push(block ? hiddenShare(b, block) : 0));
  };
  record();
  const totalSteps = (frameCount - 1) * STEPS_PER_FRAME;
  for (let step = 1; step <= totalSteps; step++) {
    const time = step * dt;
    if (!atWindow && time > windowStart) atWindow = balls.map((b) => ({ ...b }));
    for (const b of balls) {
      b.x += b.vx * dt;
      b.y += b.vy * dt;
    }
    for (let i = 0; i < balls.length; i++) {
      const b = balls[i];
      let wall: Wall | null = null;
      if (b.x - b.radius < box.left && b.vx < 0) { b.x = 2 * (box.left + b.radius) - b.x; b.vx = -b.vx; wall = 'left'; }
      if (b.x + b.radius > box.right && b.vx > 0) { b.x = 2 * (box.right - b.radius) - b.x; b.vx = -b.vx; wall = 'right'; }
      if (wall) events.push({ time, ball: i, what: { kind: 'wall', wall } });
      wall = null;
      if (b.y - b.radius < box.top && b.vy < 0) { b.y = 2 * (box.top + b.radius) - b.y; b.vy = -b.vy; wall = 'top'; }
      if (b.y + b.radius > box.bottom && b.vy > 0) { b.y = 2 * (box.bottom - b.radius) - b.y; b.vy = -b.vy; wall = 'bottom'; }
      if (wall) events.push({ time, ball: i, what: { kind: 'wall', wall } });
    }
    for (let i = 0; i < balls.length; i++) {
      for (let j = i + 1; j < balls.length; j++) {
        const a = balls[i];
        const b = balls[j];
        const nx = b.x - a.x;
        const ny = b.y - a.y;
        const distance = Math.hypot(nx, ny);
        const closing = (b.vx - a.vx) * nx + (b.vy - a.vy) * ny < 0;
        if (distance >= a.radius + b.radius || !closing || distance === 0) continue;
        // Equal masses: the velocity components along the line of centres swap.
        const ux = nx / distance;
        const uy = ny / distance;
        const along = (a.vx - b.vx) * ux + (a.vy - b.vy) * uy;
        a.vx -= along * ux; a.vy -= along * uy;
        b.vx += along * ux; b.vy += along * uy;
        events.push({ time, ball: i, what: { kind: 'ball', other: j } });
        events.push({ time, ball: j, what: { kind: 'ball', other: i } });
      }
    }
    for (let i = 0; i < balls.length; i++) {
      const b = balls[i];
      const nowBehind = block !== null && blockGap(b, block) < 0;
      if (nowBehind && !behind[i]) events.push({ time, ball: i, what: { kind: 'block' } });
      behind[i] = nowBehind;
      if (time < windowStart) continue;
      const c = clearance[i];
      c.walls.left = Math.min(c.walls.left, b.x - b.radius - box.left);
      c.walls.right = Math.min(c.walls.right, box.right - b.x - b.radius);
      c.walls.top = Math.min(c.walls.top, b.y - b.radius - box.top);
      c.walls.bottom = Math.min(c.walls.bottom, box.bottom - b.y - b.radius);
      for (let j = 0; j < balls.length; j++) {
        if (j !== i) c.balls[j] = Math.min(c.balls[j], Math.hypot(balls[j].x - b.x, balls[j].y - b.y) - balls[j].radius - b.radius);
      }
      if (block) c.block = Math.min(c.block, blockGap(b, block));
    }
    if (step % STEPS_PER_FRAME === 0) record();
  }
  return { frames, atWindow: atWindow ?? balls, events, clearance, hidden };
}

/** Distance from the ball's edge to the block; negative once they overlap. */
export function blockGap(ball: { x: number; y: number; radius: number }, block: Block): number {
  const dx = Math.max(block.x0 - ball.x, 0, ball.x - block.x1);
  const dy = Math.max(block.y0 - ball.y, 0, ball.y - block.y1);
  return Math.hypot(dx, dy) - ball.radius;
}

/** The share of the disc under the block, by a 9x9 sample of it. */
function hiddenShare(ball: { x: number; y: number; radius: number }, block: Block): number {
  let inside = 0;
  let covered = 0;
  for (let i = 0; i < 9; i++) {
    for (let j = 0; j < 9; j++) {
      const x = ball.x + ((i - 4) / 4) * ball.radius;
      const y = ball.y + ((j - 4) / 4) * ball.radius;
      if ((x - ball.x) ** 2 + (y - ball.y) ** 2 > ball.radius ** 2) continue;
      inside++;
      if (x >= block.x0 && x <= block.x1 && y >= block.y0 && y <= block.y1) covered++;
    }
  }
  return inside ? covered / inside : 0;
}

/** Starting places and velocities, the balls clear of each other, the walls and the block. */
export function drawBalls(
  colours: readonly string[], radius: number, speed: number, box: Box, block: Block | null, random: RandomStream,
): Ball[] | null {
  const balls: Ball[] = [];
  for (const colour of colours) {
    let placed = false;
    for (let attempt = 0; attempt < 100 && !placed; attempt++) {
      const x = box.left + radius + 2 + random() * (box.right - box.left - 2 * radius - 4);
      const y = box.top + radius + 2 + random() * (box.bottom - box.top - 2 * radius - 4);
      const clear = balls.every((b) => Math.hypot(b.x - x, b.y - y) > b.radius + radius + 6)
        && (!block || blockGap({ x, y, radius }, block) > 4);
      if (!clear) continue;
      const angle = random() * 2 * Math.PI;
      const v = speed * (0.8 + 0.4 * random());
      balls.push({ colour, radius, x, y, vx: v * Math.cos(angle), vy: v * Math.sin(angle) });
      placed = true;
    }
    if (!placed) return null;
  }
  return balls;
}
