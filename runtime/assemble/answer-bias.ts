// The "always predict the most common class" failure: per stage, the share of
// examples a constant guess would get right, and for multiple choice the
// distribution of correct letters, with a warning when a constant guess does well.

export interface BiasReport {
  readonly examples: number;
  readonly most_common_answer: string;
  readonly constant_guess_accuracy: number;
  readonly letters?: Record<string, number>;
  readonly warning?: string;
}

/**
 * Distinct answers counted exactly per stage. Past this many, the counts become a
 * Misra-Gries summary of this many counters: memory stays bounded, an answer given
 * more than total / (ANSWER_COUNTERS + 1) times is still found, and its count is
 * low by at most that much (a constant guess that scores well is never missed).
 */
export const ANSWER_COUNTERS = 10_000;

interface StageAnswers {
  readonly counts: Map<string, number>;
  total: number;
  /** Set once the counters overflowed: counts are then lower bounds, and there are more distinct answers than counters. */
  summarised: boolean;
}

export class AnswerBias {
  private readonly answers = new Map<string, StageAnswers>();
  private readonly choiceStages = new Map<string, number>();

  add(stage: string, truth: unknown, verifierName: string, letterCount: number | null): void {
    let answers = this.answers.get(stage);
    if (!answers) this.answers.set(stage, (answers = { counts: new Map(), total: 0, summarised: false }));
    answers.total++;
    const key = typeof truth === 'string' ? truth.trim().toUpperCase().replace(/^\((.)\)$/, '$1') : JSON.stringify(truth);
    const { counts } = answers;
    const known = counts.get(key);
    if (known !== undefined) counts.set(key, known + 1);
    else if (counts.size < ANSWER_COUNTERS) counts.set(key, 1);
    else {
      // Misra-Gries: the new answer and one of each counted answer cancel out.
      answers.summarised = true;
      for (const [answer, count] of counts) {
        if (count === 1) counts.delete(answer);
        else counts.set(answer, count - 1);
      }
    }
    if (verifierName === 'choice' && letterCount) this.choiceStages.set(stage, letterCount);
  }

  /** Answers counted for `stage` (bounded by ANSWER_COUNTERS). */
  counted(stage: string): number {
    return this.answers.get(stage)?.counts.size ?? 0;
  }

  report(): Record<string, BiasReport> {
    const result: Record<string, BiasReport> = {};
    for (const [stage, { counts, total, summarised }] of [...this.answers].sort(([a], [b]) => a.localeCompare(b))) {
      const [answer, count] = counts.size > 0 ? [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] : ['', 0];
      const accuracy = count / total;
      const letters = this.choiceStages.get(stage);
      const distinct = summarised ? Math.max(counts.size, ANSWER_COUNTERS + 1) : counts.size;
      // A constant guess should do no better than chance: 1/k for k options, with some slack for small samples.
      const chance = letters ? 1 / letters : 1 / Math.max(distinct, 1);
      const slack = 2 * Math.sqrt(chance * (1 - chance) / total);
      const warn = total >= 20 && distinct > 1 && accuracy > chance + Math.max(0.1, slack);
      result[stage] = {
        examples: total,
        most_common_answer: answer,
        constant_guess_accuracy: Number(accuracy.toFixed(4)),
        ...(letters ? { letters: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))) } : {}),
        ...(warn || (distinct === 1 && total >= 20)
          ? { warning: `always answering \`${answer}\` scores ${(accuracy * 100).toFixed(1)}% on stage \`${stage}\` (chance is ${(chance * 100).toFixed(1)}%)` }
          : {}),
      };
    }
    return result;
  }
}
