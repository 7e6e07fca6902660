// Drafted traces end to end: a tutor model with a known answer drafts a
// reasoning trace by rejection sampling against the local HF test server.
// Each attempt is its own cached request (its number is the request's seed),
// the stage's verifier scores every reply, the first passing reply's reasoning
// becomes the CoT trace, and a problem no attempt solves keeps its RL row only.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dag } from '../../compiler/lower/dag-schema.ts';
import { importAnnotations } from '../../runtime/human/import.ts';
import { runDag } from '../../runtime/run/run.ts';
import { readSource } from '../../runtime/sources/index.ts';
import { openStore } from '../../runtime/store/store.ts';
import { exportedTask } from '../human/fixtures/gate-items.ts';
import { compileFixture } from '../runtime/fixture.ts';
import { firstUserText, startHfServer, type HfTestServer } from './hf-server.ts';

const RECIPE = `
recipe drafts { version: "0.1.0" seed: 11 }

param endpoint: string = "http://127.0.0.1:9/v1"
param domain: string = "math"

model tutor = hf { id: "test/tutor" task: chat_completion endpoint: endpoint }

source problems = math_problems { count: 6 kinds: ["arithmetic"] }

stage drafted_math from problems {
  let drafted = tutor(prompt: template("Solve: {question}"), truth: answer, attempts: 4)
  emit {
    prompt: template("{question}\\nPut the final answer in \\\\boxed{{}}.")
    truth: answer
    verifier: math()
    difficulty: difficulty
    domain: domain
    trace: drafted
  }
}

output { dir: "out" splits: { train: 100% } }
`;

/** The drafts go to a person before they become traces: a yes/no question about the text alone, no media. */
const VALIDATED = RECIPE.replace('  emit {', `  where drafted != null else "no draft passed the verifier"
  validate yes_no(question: template("Is this reasoning sound?\\n{drafted}"), qa: 0%)
  emit {`);

/** How many attempts each problem (in key order) needs; 0 means none passes. */
const PLAN = [1, 1, 3, 3, 0, 2];
/** Problem 5 replies without a think block: its whole reply is the trace. */
const BARE = 5;

interface Problem { key: string; question: string; answer: string; position: number }
type Row = Record<string, unknown>;

function reply(problem: Problem, attempt: number): string {
  const needed = PLAN[problem.position];
  const passes = needed > 0 && attempt === needed - 1;
  if (!passes) return `<think>Attempt ${attempt}: a guess.</think>\nThe answer is \\boxed{987654321}.`;
  const reasoning = `Working through problem ${problem.position} on attempt ${attempt}, the result is ${problem.answer}.`;
  return problem.position === BARE ? `${reasoning}\nSo the answer is \\boxed{${problem.answer}}.` : `<think>${reasoning}</think>\nThe answer is \\boxed{${problem.answer}}.`;
}

async function problemsOf(dag: Dag, directory: string): Promise<Problem[]> {
  const node = dag.nodes.find((n) => n.kind === 'source')!;
  const problems: Problem[] = [];
  for await (const item of readSource(node, { directory, seed: dag.recipe.seed, nodeId: node.id })) {
    if ('rejected' in item) throw new Error(item.rejected);
    problems.push({ key: item.key, question: String(item.fields.question), answer: String(item.fields.answer), position: problems.length });
  }
  return problems;
}

async function rows(out: string, kind: 'rl' | 'cot'): Promise<Row[]> {
  const found: Row[] = [];
  const folder = path.join(out, kind);
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.parquet')).sort()) {
    found.push(...(await parquetReadObjects({ file: await asyncBufferFromFile(path.join(folder, name)), compressors })) as Row[]);
  }
  return found;
}

function userPrompt(row: Row, role: 'user' | 'assistant'): string {
  const messages = (row.messages ?? row.prompt) as Array<{ role: string; content: string }>;
  return messages.find((m) => m.role === role)?.content ?? '';
}

describe('drafted traces', () => {
  let server: HfTestServer;
  let problems: Problem[];
  const byQuestion = new Map<string, Problem>();
  const dir = mkdtempSync(path.join(tmpdir(), 'rlr-drafts-'));
  const recipe = path.join(dir, 'drafts.rlr');
  const out = path.join(dir, 'out');
  let dag: Dag;

  beforeAll(async () => {
    server = await startHfServer({
      respond: (task, { json }) => {
        if (task !== 'chat') return undefined;
        const request = json as { messages: Array<{ role: string; content: unknown }>; seed?: number };
        const problem = byQuestion.get(firstUserText(request.messages).replace(/^Solve: /, ''));
        if (!problem) return 'I do not know this problem.';
        return reply(problem, request.seed ?? -1);
      },
    });
    writeFileSync(recipe, RECIPE);
    dag = compileFixture(recipe, { endpoint: `${server.url}/v1` });
    problems = await problemsOf(dag, dir);
    for (const problem of problems) byQuestion.set(problem.question, problem);
  });

  afterAll(async () => {
    await server.close();
  });

  it('keeps the first passing draft as the trace, stops at the first pass, and gives an unsolved problem an RL row only', async () => {
    expect(problems).toHaveLength(PLAN.length);
    const result = await runDag({ dag, directory: dir, out, concurrency: 2 });

    // One request per attempt made: each problem stops at its first passing reply, an unsolved one tries all 4.
    const attemptsMade = PLAN.map((needed) => (needed === 0 ? 4 : needed));
    const chats = server.requestsTo('/v1/chat/completions');
    expect(chats).toHaveLength(attemptsMade.reduce((a, b) => a + b, 0));
    expect(result.stats.models.find((m) => m.model === 'tutor')).toMatchObject({ calls: chats.length, cacheHits: 0, failures: 0 });

    // Each attempt is a request of its own, its number sent as the seed, with the recipe's prompt and nothing else varying.
    for (const problem of problems) {
      const mine = chats.filter((r) => firstUserText((r.json as { messages: Array<{ role: string; content: unknown }> }).messages) === `Solve: ${problem.question}`);
      const bodies = mine.map((r) => r.json as Record<string, unknown>).sort((a, b) => Number(a.seed) - Number(b.seed));
      expect(bodies.map((b) => b.seed)).toEqual([...Array(attemptsMade[problem.position]).keys()]);
      for (const body of bodies) {
        expect(body).toMatchObject({ model: 'test/tutor', messages: [{ role: 'user', content: `Solve: ${problem.question}` }], temperature: 0 });
      }
      expect(new Set(bodies.map((b) => JSON.stringify({ ...b, seed: 0 }))).size).toBe(1);
    }

    const manifest = result.manifest as { splits: Record<string, Record<string, number>> };
    expect(manifest.splits.rl.train).toBe(6);
    expect(manifest.splits.cot.train).toBe(5);
    const rl = await rows(out, 'rl');
    const cot = await rows(out, 'cot');
    expect(rl).toHaveLength(6);
    expect(cot).toHaveLength(5);

    const questionOf = (row: Row) => problems.find((p) => userPrompt(row, 'user').startsWith(p.question))!;
    const unsolved = problems.find((p) => PLAN[p.position] === 0)!;
    // The unsolved problem still has its RL row, and no CoT row.
    expect(rl.map((row) => questionOf(row).key)).toContain(unsolved.key);
    expect(cot.map((row) => questionOf(row).key)).not.toContain(unsolved.key);
    const rlIdOf = new Map(rl.map((row) => [questionOf(row).key, row.id]));
    for (const row of cot) {
      const problem = questionOf(row);
      expect(row.id).toBe(rlIdOf.get(problem.key));
      const passing = reply(problem, PLAN[problem.position] - 1);
      const reasoning = problem.position === BARE ? passing : /<think>([\s\S]*?)<\/think>/.exec(passing)![1];
      expect(userPrompt(row, 'assistant')).toBe(`<think>\n${reasoning}\n</think>\n\n\\boxed{${problem.answer}}`);
    }
  });

  it('makes no request on a rerun, nor when an edit downstream of the calls recomputes the stage (the calls are cached)', async () => {
    server.reset();
    await runDag({ dag, directory: dir, out });
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(0);

    const edited = compileFixture(recipe, { endpoint: `${server.url}/v1`, domain: 'arithmetic' });
    const again = await runDag({ dag: edited, directory: dir, out });
    expect(again.stats.stagesComputed).toBe(1);
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(0);
    const tutor = again.stats.models.find((m) => m.model === 'tutor')!;
    expect(tutor.calls).toBe(0);
    expect(tutor.cacheHits).toBe(PLAN.map((needed) => (needed === 0 ? 4 : needed)).reduce((a, b) => a + b, 0));
    expect((await rows(out, 'cot')).every((row) => row.ability === 'arithmetic')).toBe(true);
  });

  it('sends the drafts to a person as text-only yes/no items, and keeps those answered yes', async () => {
    const checkedDir = mkdtempSync(path.join(tmpdir(), 'rlr-drafts-checked-'));
    const checkedRecipe = path.join(checkedDir, 'drafts.rlr');
    writeFileSync(checkedRecipe, VALIDATED);
    const checked = compileFixture(checkedRecipe, { endpoint: `${server.url}/v1` });
    const checkedOut = path.join(checkedDir, 'out');
    const first = await runDag({ dag: checked, directory: checkedDir, out: checkedOut });
    const gate = 'drafted_math.yes_no';
    expect((first.manifest as { gates: Record<string, { waiting: number }> }).gates[gate].waiting).toBe(5);

    // Label Studio shows the question's text alone: a Text object, no media in the config or the tasks.
    const folder = path.join(checkedOut, 'annotations', gate);
    expect(readFileSync(path.join(folder, 'config.xml'), 'utf8')).toContain('<Text name="text" value="$question"/>');
    const tasks = JSON.parse(readFileSync(path.join(folder, 'tasks-00000.json'), 'utf8')) as Array<{ data: Record<string, string> }>;
    expect(tasks).toHaveLength(5);
    for (const task of tasks) {
      expect(Object.keys(task.data).sort()).toEqual(['question', 'rlr_gate', 'rlr_item', 'rlr_round']);
      expect(task.data.question).toMatch(/^Is this reasoning sound\?\n/);
    }

    // One draft is judged unsound; the other four are kept.
    const unsound = problems.find((p) => p.position === 2)!;
    const answers = tasks.map((task, i) => {
      const yes = !task.data.question.includes(`problem ${unsound.position} `);
      return exportedTask(10 + i, task.data, [{ id: 100 + i, completedBy: 4, result: [{ id: `r${i}`, from_name: 'answer', to_name: 'text', type: 'choices', value: { choices: [yes ? 'yes' : 'no'] }, origin: 'manual' }] }]);
    });
    const exportFile = path.join(checkedDir, 'export.json');
    writeFileSync(exportFile, JSON.stringify(answers));
    const store = await openStore(path.join(checkedOut, '.rlr', 'store'));
    try {
      await importAnnotations(store, exportFile);
    } finally {
      await store.close();
    }

    const second = await runDag({ dag: checked, directory: checkedDir, out: checkedOut });
    const manifest = second.manifest as { splits: Record<string, Record<string, number>>; gates: Record<string, { waiting: number }> };
    expect(manifest.gates[gate].waiting).toBe(0);
    expect(manifest.splits.cot.train).toBe(4);
    const rejects = readFileSync(path.join(checkedOut, 'rejects.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string });
    expect(rejects.map((r) => r.reason).sort()).toEqual([`answered no at gate \`${gate}\``, 'no draft passed the verifier']);
  });
});
