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

export class AnswerBias {
  private readonly answers = new Map<string, Map<string, number>>();
  private readonly choiceStages = new Map<string, number>();

  add(stage: string, truth: unknown, verifierName: string, letterCount: number | null): void {
    let counts = this.answers.get(stage);
    if (!counts) this.answers.set(stage, (counts = new Map()));
    const key = typeof truth === 'string' ? truth.trim().toUpperCase().replace(/^\((.)\)$/, '$1') : JSON.stringify(truth);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (verifierName === 'choice' && letterCount) this.choiceStages.set(stage, letterCount);
  }

  report(): Record<string, BiasReport> {
    const result: Record<string, BiasReport> = {};
    for (const [stage, counts] of [...this.answers].sort(([a], [b]) => a.localeCompare(b))) {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const [answer, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      const accuracy = count / total;
      const letters = this.choiceStages.get(stage);
      const distinct = counts.size;
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
