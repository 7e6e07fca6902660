// The registry (what recipes are checked against) and the implementations
// (what runs) must describe the same functions.
import { describe, expect, it } from 'vitest';
import { functionEntries } from '../../stdlib/registry/functions.ts';
import { evaluatorFunctions, functions, withDefaults } from '../../stdlib/functions/index.ts';

describe('function registry', () => {
  const registered = functionEntries.map((e) => e.name).filter((name) => !evaluatorFunctions.includes(name)).sort();

  it('has an implementation for every registry function', () => {
    expect(registered.filter((name) => !functions.has(name))).toEqual([]);
  });

  it('implements nothing the registry does not declare', () => {
    expect([...functions.keys()].filter((name) => !registered.includes(name))).toEqual([]);
  });

  it('leaves exactly `template` and `env` to the evaluator', () => {
    expect(functionEntries.map((e) => e.name).filter((name) => !functions.has(name)).sort()).toEqual(['env', 'template']);
  });

  it('fills defaults as the compiler lowers them (percents as fractions)', () => {
    expect(withDefaults('temporal_split', {})).toEqual({ ratio: 0.7 });
    expect(withDefaults('sample_point', { margin: 2 })).toEqual({ strategy: 'edge_aware', margin: 2 });
    expect(withDefaults('total_duration', {})).toEqual({ label: null });
  });
});
