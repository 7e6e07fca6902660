// The one registry of the standard library, validated once at load.
import { z } from 'zod';
import { RegistryEntry } from './schema.ts';
import { functionEntries } from './functions.ts';
import { stepEntries } from './steps.ts';
import { sourceEntries } from './sources.ts';
import { providerEntries, taskEntries } from './models.ts';
import { gateEntries } from './gates.ts';
import { verifierEntries } from './verifiers.ts';

export * from './schema.ts';

const all: RegistryEntry[] = z.array(RegistryEntry).parse([
  ...functionEntries, ...stepEntries, ...sourceEntries, ...providerEntries, ...taskEntries, ...gateEntries, ...verifierEntries,
]);

type ByKind<K extends RegistryEntry['kind']> = ReadonlyMap<string, Extract<RegistryEntry, { kind: K }>>;

function byKind<K extends RegistryEntry['kind']>(kind: K): ByKind<K> {
  const map = new Map<string, Extract<RegistryEntry, { kind: K }>>();
  for (const entry of all) {
    if (entry.kind !== kind) continue;
    if (map.has(entry.name)) throw new Error(`registry: duplicate ${kind} \`${entry.name}\``);
    map.set(entry.name, entry as Extract<RegistryEntry, { kind: K }>);
  }
  return map;
}

export const registry = {
  entries: all as readonly RegistryEntry[],
  functions: byKind('function'),
  steps: byKind('step'),
  sources: byKind('source'),
  providers: byKind('provider'),
  tasks: byKind('task'),
  gates: byKind('gate'),
  verifiers: byKind('verifier'),
};
export type Registry = typeof registry;
