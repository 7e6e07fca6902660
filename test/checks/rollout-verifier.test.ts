import { describe, expect, it } from 'vitest';
import { compile, dedent, expectClean, expectDiagnostics, HEADER } from '../helpers.ts';

const ROLLOUTS = 'source attempts = rollouts { dataset: "out/quickstart" responses: "data/rollouts.jsonl" }';
const EMIT = 'emit { prompt: prompt media: media truth: truth verifier: rollout() difficulty: difficulty domain: domain trace: trace }';

describe('rollout-verifier-misplaced', () => {
  it('accepts `rollout()` as the verifier of a stage over a rollouts source, directly, declared, or through another stage', () => {
    expectClean(HEADER + dedent(`
      ${ROLLOUTS}
      verifier original = rollout()
      stage correct from attempts {
        where score >= 1.0 else "wrong answer"
        ${EMIT}
      }
      stage kept from attempts {
        where not stale_verifier else "scored by another verifier version"
      }
      stage reasoned from kept {
        where len(trace) > 20 else "too short to teach"
        emit { prompt: prompt truth: truth verifier: original difficulty: difficulty domain: domain trace: trace }
      }
    `));
  });

  it('lowers `rollout()` to a spec the runtime resolves per record, and the source with its paths', () => {
    const { dag, diagnostics } = compile(HEADER + dedent(`
      ${ROLLOUTS}
      stage correct from attempts {
        ${EMIT}
      }
    `));
    expect(diagnostics).toEqual([]);
    const emit = dag!.nodes.find((n) => n.kind === 'emit')!;
    expect(emit.params.verifier).toEqual({ name: 'rollout', version: '1.0.0', params: {} });
    expect(emit.params.truth_type).toBe('any');
    const source = dag!.nodes.find((n) => n.kind === 'source')!;
    expect(source.op).toBe('rollouts');
    expect(source.params).toMatchObject({ dataset: 'out/quickstart', responses: 'data/rollouts.jsonl', format: null });
  });

  it('reports `rollout()` in a stage over another source, at the verifier, with a hint', () => {
    expectDiagnostics(HEADER + dedent(`
      source problems = math_problems { count: 10 }
      verifier original = rollout()
      stage direct from problems {
        emit { prompt: question truth: answer verifier: <|rollout()|> difficulty: difficulty domain: "math" }
      }
      stage declared from problems {
        emit { prompt: question truth: answer verifier: <|original|> difficulty: difficulty domain: "math" }
      }
    `), [
      {
        code: 'rollout-verifier-misplaced',
        message: '`rollout()` is the verifier each rollout\'s example was written with, but stage `direct` does not read a `rollouts` source',
        hint: /read the stage from `source attempts = rollouts/,
      },
      { code: 'rollout-verifier-misplaced', message: /stage `declared` does not read a `rollouts` source/ },
    ]);
  });

  it('reports `rollout()` inside a combination, even over a rollouts source', () => {
    expectDiagnostics(HEADER + dedent(`
      ${ROLLOUTS}
      stage correct from attempts {
        emit { prompt: prompt truth: truth verifier: all(format(), <|rollout()|>) difficulty: difficulty domain: domain }
      }
    `), [{
      code: 'rollout-verifier-misplaced',
      message: '`rollout()` cannot be combined by `all`: it stands for a whole verifier, the one each rollout\'s example was written with',
      hint: 'make `rollout()` the whole verifier of the emit',
    }], { only: ['rollout-verifier-misplaced'] });
  });

  it('says the rollouts source yields its own record type when one is declared', () => {
    expectDiagnostics(HEADER + dedent(`
      source attempts: <|{id: string}|> = rollouts { dataset: "out/quickstart" responses: "data/rollouts.jsonl" }
      stage s from attempts {
        ${EMIT}
      }
    `), [{ code: 'misplaced-declaration', message: 'a record schema is not needed: source kind `rollouts` yields records of its own type' }]);
  });
});
