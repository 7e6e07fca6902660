// The registry (what the compiler checks recipes against) and the implementations
// (what scores) must describe the same verifiers.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { VerifierEntry } from '../../stdlib/registry/schema.ts';
import { verifierEntries } from '../../stdlib/registry/verifiers.ts';
import { getVerifier, verifierNames } from '../../stdlib/verifiers/index.ts';

describe('verifier registry', () => {
  it('validates against the registry schema', () => {
    for (const entry of verifierEntries) expect(() => VerifierEntry.parse(entry)).not.toThrow();
  });

  it('lists exactly the implemented verifiers', () => {
    expect(verifierEntries.map((e) => e.name).sort()).toEqual([...verifierNames].sort());
  });

  it.each(verifierEntries.map((e) => [e.name, e] as const))('%s: version, params and defaults match', (name, entry) => {
    const implementation = getVerifier(name)!;
    expect(implementation.version).toBe(entry.version);
    expect('combine' in implementation).toBe(entry.combinator);
    const schema = implementation.params as z.ZodObject;
    expect(Object.keys(schema.shape).sort()).toEqual(entry.params.map((p) => p.name).sort());
    const required = entry.params.filter((p) => p.default === undefined);
    if (required.length === 0) {
      const defaults = schema.parse({}) as Record<string, unknown>;
      for (const param of entry.params) expect(defaults[param.name], param.name).toEqual(param.default);
    } else {
      expect(schema.safeParse({}).success).toBe(false);
    }
  });
});
