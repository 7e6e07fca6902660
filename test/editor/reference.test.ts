// docs/reference.md: up to date, an anchor for everything hover and diagnostics
// link to, and an example that really produces each diagnostic code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../../compiler/diagnostics/catalogue.ts';
import { registry } from '../../stdlib/registry/index.ts';
import { repositoryRoot } from '../../editor/build.ts';
import { referenceAnchor, referenceLink, referencePath } from '../../editor/reference-links.ts';
import { buildReference } from '../../editor/reference/markdown.ts';
import { checkExample, unrunnableExamples } from '../../editor/reference/diagnostic-examples.ts';

const committed = readFileSync(join(repositoryRoot, referencePath), 'utf8');
const generated = buildReference();
const anchors = new Set([...generated.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

describe('the language reference', () => {
  it('is up to date with the registry and the catalogue (npm run build:reference)', () => {
    expect(committed === generated, 'docs/reference.md differs from what scripts/build-reference.ts writes').toBe(true);
  });

  it('has an anchor for every registry entry', () => {
    const missing = registry.entries.map((e) => referenceAnchor(e.kind, e.name)).filter((a) => !anchors.has(a));
    expect(missing).toEqual([]);
  });

  it('has an anchor for every diagnostic code', () => {
    expect(diagnosticCodes.map((c) => referenceAnchor('code', c)).filter((a) => !anchors.has(a))).toEqual([]);
  });

  it('gives each anchor once, and every link inside the page lands on one', () => {
    const ids = [...generated.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
    expect(ids.length).toBe(anchors.size);
    const headings = new Set([...generated.matchAll(/^## (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/ /g, '-')));
    const targets = [...generated.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(targets.filter((t) => !anchors.has(t) && !headings.has(t))).toEqual([]);
  });

  it('links with stable anchors', () => {
    expect(referenceAnchor('code', 'unknown-field')).toBe('code-unknown-field');
    expect(referenceAnchor('verifier', 'point_in_mask')).toBe('verifier-point_in_mask');
    expect(referenceLink('task', 'chat_completion')).toBe('docs/reference.md#task-chat_completion');
    expect(referenceLink('block', 'output', 'https://example.org/reference.md')).toBe('https://example.org/reference.md#block-output');
  });
});

describe('the catalogue examples', () => {
  it.each(diagnosticCodes)('%s has an example that produces it', (code) => {
    const checked = checkExample(code);
    expect(checked, `compiler/diagnostics/catalogue.ts: \`${code}\` needs an example`).toBeDefined();
    if (unrunnableExamples[code]) return;
    expect(checked!.count, `the example of \`${code}\` does not produce it:\n${checked!.example}`).toBeGreaterThan(0);
  });
});
