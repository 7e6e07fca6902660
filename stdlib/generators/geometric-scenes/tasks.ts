// Referring instructions for a rendered scene, each with one target region
// that only it can mean: a comparison is asked only when the winner leads by
// a clear margin, and only about objects that are mostly in view.
import { shuffled, type RandomStream } from '../../../runtime/evaluate/random.ts';
import { article } from './catalogue.ts';
import { occlusion, type Scene, type SceneObject } from './scene.ts';

export interface Task {
  readonly kind: string;
  readonly instruction: string;
  /** What the target is, in a few words. */
  readonly label: string;
  /** The canvas layer whose pixels are the target. */
  readonly targetId: number;
  /** Why this target and no other, for the trace. */
  readonly reasoning: string;
}

/** Whether an object can be a target: mostly in view, and deep enough to hold a point at the margin. */
export type Usable = (object: SceneObject) => boolean;

type Builder = (scene: Scene, usable: Usable, random: RandomStream) => Task | null;

// A comparison asks for a clear winner: 25 % larger, or ahead by this share of its size.
const SIZE_RATIO = 1.25;
const POSITION_GAP = 0.2;
const COMPARED_OCCLUSION = 0.25;

const DIRECTIONS = [
  { word: 'leftmost', axis: 'x', sign: 1, phrase: 'furthest to the left' },
  { word: 'rightmost', axis: 'x', sign: -1, phrase: 'furthest to the right' },
  { word: 'topmost', axis: 'y', sign: 1, phrase: 'nearest the top' },
  { word: 'lowest', axis: 'y', sign: -1, phrase: 'nearest the bottom' },
] as const;

const at = (o: SceneObject) => `(${Math.round(o.centroid.x)}, ${Math.round(o.centroid.y)})`;
const sized = (o: SceneObject) => `the ${o.name} at ${at(o)} (${o.area} px)`;
const pick = <T>(items: readonly T[], random: RandomStream): T | null => (items.length ? items[Math.floor(random() * items.length)] : null);

function groupBy(objects: readonly SceneObject[], key: (o: SceneObject) => string): Map<string, SceneObject[]> {
  const groups = new Map<string, SceneObject[]>();
  for (const object of objects) groups.set(key(object), [...(groups.get(key(object)) ?? []), object]);
  return groups;
}

const emptyPlate: Builder = (scene) => {
  const plate = scene.plate;
  if (!plate) return null;
  const covered = scene.objects.length;
  return {
    kind: 'empty_plate',
    instruction: 'Click on the empty area of the plate.',
    label: 'empty area of the plate',
    targetId: plate.id,
    reasoning: `The empty area of the plate is the part of the plate that none of the ${covered} food item${covered === 1 ? '' : 's'} covers.`,
  };
};

/** The one object of its name (`the cheese wedge`, `the red star`). */
const named: Builder = (scene, usable, random) => {
  const unique = [...groupBy(scene.objects, (o) => o.name).values()].filter((g) => g.length === 1).map((g) => g[0]);
  const target = pick(unique.filter(usable), random);
  if (!target) return null;
  return {
    kind: 'named',
    instruction: `Point to the ${target.name}.`,
    label: target.name,
    targetId: target.id,
    reasoning: `There is exactly one ${target.name}, at ${at(target)}.`,
  };
};

/** The largest or smallest among a group, when it clearly is. */
function bySize(extreme: 'largest' | 'smallest', among: (scene: Scene) => Array<{ members: SceneObject[]; noun: string }>): Builder {
  return (scene, usable, random) => {
    const options = among(scene).filter(({ members }) => members.length >= 2 && members.every((m) => occlusion(m) <= COMPARED_OCCLUSION));
    const winners = options.flatMap(({ members, noun }) => {
      const order = [...members].sort((a, b) => (extreme === 'largest' ? b.area - a.area : a.area - b.area));
      const [first, second] = order;
      const [big, small] = extreme === 'largest' ? [first, second] : [second, first];
      const clear = big.area >= SIZE_RATIO * small.area && big.visible >= SIZE_RATIO * small.visible;
      return clear && usable(first) ? [{ first, second, order, noun }] : [];
    });
    const chosen = pick(winners, random);
    if (!chosen) return null;
    const { first, second, order, noun } = chosen;
    const ratio = extreme === 'largest' ? first.area / second.area : second.area / first.area;
    return {
      kind: extreme,
      instruction: `Point to the ${extreme} ${noun}.`,
      label: `${extreme} ${noun}`,
      targetId: first.id,
      reasoning: `Comparing sizes: ${order.map(sized).join(', ')}. The ${extreme} is the ${first.name}; `
        + (extreme === 'largest' ? `it is ${ratio.toFixed(2)} times the next largest.` : `the next smallest is ${ratio.toFixed(2)} times its size.`),
    };
  };
}

const itemNoun = (scene: Scene) => (scene.plate ? 'item on the plate' : 'piece on the board');
const everything = (scene: Scene) => [{ members: [...scene.objects], noun: itemNoun(scene) }];
const byColour = (scene: Scene) => [...groupBy(scene.objects, (o) => o.colour)].map(([colour, members]) => ({
  members, noun: scene.plate ? `${colour} item on the plate` : `${colour} piece`,
}));

/** The leftmost (rightmost, topmost, lowest) of a group, when it leads by both its centre and its edge. */
function byPosition(group: (o: SceneObject) => string, noun: (first: SceneObject) => { one: string; many: string }): Builder {
  return (scene, usable, random) => {
    const candidates = [...groupBy(scene.objects, group).values()]
      .filter((members) => members.length >= 2 && members.every((m) => occlusion(m) <= 0.4))
      .flatMap((members) => DIRECTIONS.map((direction) => ({ members, direction })));
    const found = shuffled(candidates, random).flatMap(({ members, direction }) => {
      const centre = (o: SceneObject) => direction.sign * (direction.axis === 'x' ? o.centroid.x : o.centroid.y);
      const edge = (o: SceneObject) => direction.sign * (direction.axis === 'x'
        ? (direction.sign > 0 ? o.extent.x0 : o.extent.x1)
        : (direction.sign > 0 ? o.extent.y0 : o.extent.y1));
      const order = [...members].sort((a, b) => centre(a) - centre(b));
      const [first, ...rest] = order;
      const gap = Math.max(6, POSITION_GAP * Math.sqrt(first.area));
      const leads = rest.every((o) => centre(o) - centre(first) >= gap && edge(o) - edge(first) >= gap);
      return leads && usable(first) ? [{ first, order, direction }] : [];
    });
    if (found.length === 0) return null;
    const { first, order, direction } = found[0];
    const what = noun(first);
    const coordinate = direction.axis === 'x' ? 'x' : 'y';
    return {
      kind: direction.word,
      instruction: `Point to the ${direction.word} ${what.one}.`,
      label: `${direction.word} ${what.one}`,
      targetId: first.id,
      reasoning: `The ${what.many} by centre ${coordinate}: ${order.map((o) => `${at(o)}`).join(', ')}. `
        + `The one ${direction.phrase} is at ${at(first)}.`,
    };
  };
}

const plateBuilders: Builder[] = [
  emptyPlate,
  named,
  bySize('largest', everything),
  bySize('smallest', everything),
  bySize('largest', byColour),
  byPosition((o) => o.name, (o) => ({ one: o.name, many: o.plural })),
];

const boardBuilders: Builder[] = [
  named,
  bySize('largest', byColour),
  bySize('largest', everything),
  bySize('smallest', everything),
  byPosition((o) => o.kind, (o) => ({ one: o.kind, many: `${o.kind}s` })),
  byPosition((o) => o.colour, (o) => ({ one: `${o.colour} piece`, many: `${o.colour} pieces` })),
];

/** A task for the scene, kinds tried in an order drawn from `random`; null when none fits. */
export function chooseTask(scene: Scene, usable: Usable, random: RandomStream): Task | null {
  for (const build of shuffled(scene.plate ? plateBuilders : boardBuilders, random)) {
    const task = build(scene, usable, random);
    if (task) return task;
  }
  return null;
}

/** One sentence saying what the scene holds, with each object's centre. */
export function describeScene(scene: Scene): string {
  const inView = scene.objects.filter((o) => o.visible > 0);
  const groups = [...groupBy(inView, (o) => o.name).values()];
  const listed = groups.map((g) => (g.length === 1 ? `${article(g[0].name)} at ${at(g[0])}` : `${g.length} ${g[0].plural} at ${g.map(at).join(', ')}`));
  const holds = listed.length ? listed.join('; ') : 'nothing';
  return scene.plate
    ? `A blue plate on a wooden table holds ${inView.length} food item${inView.length === 1 ? '' : 's'}: ${holds}.`
    : `A board holds ${inView.length} piece${inView.length === 1 ? '' : 's'}: ${holds}.`;
}
