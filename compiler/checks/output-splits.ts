// Invariant: the output's split fractions are each between 0% and 100% and sum to 100%; shard size is positive.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { literalNumber } from './mixture-weights.ts';
import { at, type Check } from './context.ts';

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
