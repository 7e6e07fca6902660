// Invariant: the output's splits are named train, validation and test, each between 0% and 100%, summing to 100%; shard size is positive.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { registryType } from '../types/resolve.ts';
import { outputProperties } from '../analysis/declaration-schemas.ts';
import { literalNumber } from './mixture-weights.ts';
import { at, type Check } from './context.ts';

const splitsType = registryType(outputProperties.find((p) => p.name === 'splits')!.type);
const splitNames = splitsType.kind === 'record' ? splitsType.fields.map((f) => f.name) : [];

export const outputSplits: Check = ({ analysis }) => {
  const out: Diagnostic[] = [];
  const main = analysis.program.files.get(analysis.program.main)!;
  for (const decl of main.module.declarations) {
    if (decl.kind !== 'OutputDecl') continue;
    const splits = decl.properties.find((p) => p.key.name === 'splits')?.value;
    if (splits?.kind === 'MapLiteral') {
      let sum = 0;
      let allLiteral = true;
      for (const entry of splits.entries) {
        if (!splitNames.includes(entry.key.name)) {
          // The record type of `splits` accepts extra keys; an extra split would be silently dropped.
          out.push(diagnostic('unknown-property', at(main.file, entry.key.span), {
            name: entry.key.name, owner: 'output `splits`', suggestions: suggest(entry.key.name, splitNames), allowed: splitNames,
          }));
        }
        const value = literalNumber(entry.value);
        if (value === null) { allLiteral = false; continue; }
        if (value < 0 || value > 1) {
          out.push(diagnostic('invalid-value', at(main.file, entry.value!.span), { what: `split \`${entry.key.name}\``, reason: 'must be between 0% and 100%' }));
        }
        sum += value;
      }
      if (allLiteral && Math.abs(sum - 1) > 1e-9) {
        out.push(diagnostic('invalid-value', at(main.file, splits.span), {
          what: 'output `splits`', reason: `fractions sum to ${Number((sum * 100).toFixed(4))}%, not 100%`, hint: 'for example `{train: 90%, validation: 5%, test: 5%}`',
        }));
      }
    }
    const shardRows = decl.properties.find((p) => p.key.name === 'shard_rows')?.value;
    const rows = literalNumber(shardRows ?? null);
    if (rows !== null && rows < 1) {
      out.push(diagnostic('invalid-value', at(main.file, shardRows!.span), { what: '`shard_rows`', reason: 'must be at least 1' }));
    }
  }
  return out;
};
