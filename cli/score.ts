// `rlr score`: scores JSON Lines of responses, or a model's responses against a
// produced dataset's RL split, through the same verifiers the dataset ships.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { isErrorOutput, scoreJsonItem } from '../stdlib/verifiers/items.ts';
import { getVerifier } from '../stdlib/verifiers/index.ts';
import { readRlRows, type RlRow } from '../runtime/rl-rows.ts';

interface ScoreOptions { dataset?: string; responses?: string; json?: boolean }

export function registerScore(program: Command, exit: (code: number) => void): void {
  program
    .command('score')
    .description('score JSON Lines {"verifier", "params", "response", "truth"} from FILE or stdin, one result line each')
    .argument('[file]', 'JSON Lines input (default: stdin)')
    .option('--dataset <dir>', 'score responses against the RL split of this dataset folder')
    .option('--responses <file>', 'JSON Lines {"id", "response"} or {"id", "responses": [...]} to score with --dataset')
    .option('--json', 'with --dataset, print the report as JSON')
    .action(async (file: string | undefined, options: ScoreOptions) => {
      try {
        if (options.dataset !== undefined || options.responses !== undefined) {
          if (options.dataset === undefined || options.responses === undefined || file !== undefined) {
            process.stderr.write('rlr score: --dataset and --responses go together, without a FILE\n');
            exit(2);
            return;
          }
          exit(await scoreDataset(options.dataset, options.responses, options.json === true, process.stdout, process.stderr));
          return;
        }
        const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
        exit(await scoreLines(input, process.stdout));
      } catch (error) {
        process.stderr.write(`rlr score: ${(error as Error).message}\n`);
        exit(1);
      }
    });
}

/** Resolves when the stream can take more, so that output never piles up in memory. */
function writer(out: Writable): { write(text: string): Promise<void>; flush(): Promise<void> } {
  let buffer = '';
  const push = async (): Promise<void> => {
    const text = buffer;
    buffer = '';
    if (text !== '' && !out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  return {
    async write(text) {
      buffer += text;
      if (buffer.length >= 1 << 16) await push();
    },
    flush: push,
  };
}

function lines(input: Readable): AsyncIterable<string> {
  input.once('error', () => undefined);
  return createInterface({ input, crlfDelay: Infinity });
}

/** Scores each non-blank line; returns the exit code (1 if any line was malformed). */
export async function scoreLines(input: Readable, out: Writable): Promise<number> {
  const output = writer(out);
  let lineNumber = 0;
  let failed = false;
  const failure = new Promise<never>((_, reject) => input.once('error', reject));
  failure.catch(() => undefined);
  const iterate = async (): Promise<void> => {
    for await (const line of lines(input)) {
      lineNumber++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        failed = true;
        await output.write(`${JSON.stringify({ score: null, parsed: null, error: `line ${lineNumber}: not valid JSON` })}\n`);
        continue;
      }
      const result = scoreJsonItem(value);
      if (isErrorOutput(result)) {
        failed = true;
        result.error = `line ${lineNumber}: ${result.error}`;
      }
      await output.write(`${JSON.stringify(result)}\n`);
    }
  };
  await Promise.race([iterate(), failure]);
  await output.flush();
  return failed ? 1 : 0;
}

interface Tally { responses: number; answered: number; total: number }

function addTo(table: Map<string, Tally>, key: string, score: number | null): void {
  const tally = table.get(key) ?? { responses: 0, answered: 0, total: 0 };
  tally.responses++;
  if (score !== null) { tally.answered++; tally.total += score; }
  table.set(key, tally);
}

interface ResponseLine { id: string; response: string; line: number }

async function readResponses(path: string): Promise<{ responses: ResponseLine[]; errors: string[] }> {
  const responses: ResponseLine[] = [];
  const errors: string[] = [];
  let lineNumber = 0;
  const input = createReadStream(path);
  const failure = new Promise<never>((_, reject) => input.once('error', reject));
  failure.catch(() => undefined);
  const iterate = async (): Promise<void> => {
    for await (const line of lines(input)) {
      lineNumber++;
      if (line.trim() === '') continue;
      try {
        // One response, or a prompt's several rollouts (as the `rollouts` source reads them).
        const value = JSON.parse(line) as { id?: unknown; response?: unknown; responses?: unknown };
        const given = value.responses === undefined ? [value.response] : value.responses;
        if (typeof value.id !== 'string' || !Array.isArray(given) || given.length === 0 || !given.every((r) => typeof r === 'string')) throw new Error('bad shape');
        for (const response of given as string[]) responses.push({ id: value.id, response, line: lineNumber });
      } catch {
        errors.push(`${path}:${lineNumber}: expected {"id": string, "response": string} or {"id": string, "responses": [string, …]}`);
      }
    }
  };
  await Promise.race([iterate(), failure]);
  return { responses, errors };
}

/** Mean score per stage and per level (a response with no readable answer counts 0). */
export async function scoreDataset(
  datasetDir: string, responsesPath: string, asJson: boolean, out: Writable, err: Writable,
): Promise<number> {
  const { responses, errors } = await readResponses(responsesPath);
  const wanted = new Set(responses.map((r) => r.id));
  const rows = new Map<string, RlRow>();
  for await (const row of readRlRows(datasetDir, (id) => wanted.has(id))) rows.set(row.id, row);

  const byStage = new Map<string, Tally>();
  const byLevel = new Map<string, Tally>();
  const overall = new Map<string, Tally>();
  const versionWarnings = new Set<string>();
  for (const { id, response, line } of responses) {
    const row = rows.get(id);
    if (!row) { errors.push(`${responsesPath}:${line}: id ${JSON.stringify(id)} is not in the RL split`); continue; }
    const current = getVerifier(row.spec.name)?.version;
    if (current && row.verifierVersion && current.split('.')[0] !== row.verifierVersion.split('.')[0]) {
      versionWarnings.add(`verifier \`${row.spec.name}\` ${row.verifierVersion} in the dataset, ${current} here`);
    }
    const result = scoreJsonItem({ verifier: row.spec, response, truth: row.truth });
    if (isErrorOutput(result)) { errors.push(`${responsesPath}:${line}: id ${JSON.stringify(id)}: ${result.error}`); continue; }
    addTo(byStage, row.stage, result.score);
    addTo(byLevel, row.level === null ? 'none' : String(row.level), result.score);
    addTo(overall, 'all', result.score);
  }
  for (const warning of versionWarnings) err.write(`rlr score: warning: ${warning}\n`);
  for (const error of errors.slice(0, 20)) err.write(`rlr score: ${error}\n`);
  if (errors.length > 20) err.write(`rlr score: … and ${errors.length - 20} more errors\n`);

  const report = {
    responses: responses.length,
    unscored: errors.length,
    overall: summarise(overall).all ?? { responses: 0, answered: 0, mean: 0 },
    stages: summarise(byStage),
    levels: summarise(byLevel),
  };
  out.write(asJson ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  return errors.length > 0 ? 1 : 0;
}

interface Summary { responses: number; answered: number; mean: number }

function summarise(table: Map<string, Tally>): Record<string, Summary> {
  const sorted = [...table.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  return Object.fromEntries(sorted.map(([key, t]) => [key, { responses: t.responses, answered: t.answered, mean: t.total / t.responses }]));
}

function renderReport(report: { responses: number; unscored: number; overall: Summary; stages: Record<string, Summary>; levels: Record<string, Summary> }): string {
  const rows = (title: string, table: Record<string, Summary>): string[] => {
    const width = Math.max(title.length, ...Object.keys(table).map((k) => k.length));
    const header = `${title.padEnd(width)}  ${'responses'.padStart(9)}  ${'answered'.padStart(8)}  ${'accuracy'.padStart(8)}`;
    const body = Object.entries(table).map(([key, s]) =>
      `${key.padEnd(width)}  ${String(s.responses).padStart(9)}  ${percent(s.answered / s.responses).padStart(8)}  ${percent(s.mean).padStart(8)}`);
    return [header, ...body];
  };
  return [
    ...rows('stage', report.stages), '',
    ...rows('level', report.levels), '',
    ...rows('overall', { all: report.overall }),
    ...(report.unscored > 0 ? ['', `${report.unscored} responses not scored (see errors above)`] : []),
    '',
  ].join('\n');
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '-';
}
