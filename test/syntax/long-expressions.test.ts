import { describe, expect, it } from 'vitest';
import { check, HEADER } from '../helpers.ts';

describe('very long expressions', () => {
  it('give one diagnostic instead of exhausting the stack', () => {
    const sum = Array.from({ length: 60000 }, (_, i) => String(i)).join(' + ');
    const result = check(`${HEADER}param p: int = ${sum}\n`);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['expression-too-long']);
  });

  it('leave ordinary long expressions alone', () => {
    const sum = Array.from({ length: 200 }, (_, i) => String(i)).join(' + ');
    const result = check(`${HEADER}param p: int = ${sum}\n`);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
