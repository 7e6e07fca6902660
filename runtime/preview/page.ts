// The whole page: a header with the recipe, the counts and the manifest's warnings,
// then one section per stage and level. It carries its own stylesheet and nothing else.
import type { Counts, DatasetInfo } from './dataset.ts';
import { escapeHtml, formatNumber } from './html.ts';
import { renderExample } from './card.ts';
import type { PreviewGroup } from './sample.ts';

const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5d6776; --line: #dde2ea; --panel: #ffffff; --page: #f3f5f8; --accent: #2f5fd0; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
body > header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 24px; margin: 8px 0 4px; } h1 .version { color: var(--muted); font-weight: 400; font-size: 16px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h2 .level { color: var(--accent); } h2 small { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 8px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 6px; }
h4 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 12px 0 4px; }
.description { color: var(--muted); margin: 0 0 12px; }
.summary { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0; }
.summary > div { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
table { border-collapse: collapse; } th, td { padding: 2px 10px; text-align: right; } th:first-child, td:first-child { text-align: left; }
thead th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); }
.warnings { background: #fff6e0; border: 1px solid #f0cf7a; border-radius: 8px; padding: 8px 12px 8px 28px; margin: 12px 0; }
.no-warnings { color: var(--muted); }
nav ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
nav a { display: inline-block; padding: 2px 8px; border: 1px solid var(--line); border-radius: 12px; background: var(--panel); color: var(--accent); text-decoration: none; }
.note { color: var(--muted); font-size: 13px; }
.example { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; margin: 0 0 16px; overflow: hidden; }
.example > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 16px; padding: 8px 14px; border-bottom: 1px solid var(--line); background: #f8f9fb; }
.id { font-weight: 600; } .meta { display: flex; flex-wrap: wrap; gap: 4px 14px; } .label { color: var(--muted); }
.body { display: flex; flex-wrap: wrap; gap: 16px; padding: 12px 14px; }
.media-column { flex: 0 1 auto; display: flex; flex-direction: column; gap: 12px; max-width: 100%; }
.text-column { flex: 1 1 360px; min-width: 0; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; overflow-wrap: anywhere; }
.image { max-width: 100%; }
.frame { position: relative; line-height: 0; border: 1px solid var(--line); }
.frame img { display: block; width: 100%; height: auto; }
img.pixelated { image-rendering: pixelated; }
.overlay { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; } .legend li { display: inline-block; margin-right: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; border: 1px solid rgba(0,0,0,.25); }
.strip { display: flex; gap: 6px; overflow-x: auto; max-width: 480px; padding-bottom: 4px; }
.frame-item img { display: block; height: 96px; width: auto; border: 1px solid var(--line); image-rendering: pixelated; }
.frame-item figcaption { text-align: center; }
audio, video { display: block; max-width: 480px; width: 100%; }
.placeholder-box { width: 256px; max-width: 100%; padding: 24px 12px; background: #eef0f4; color: var(--muted); border: 1px dashed #b9c0cc; text-align: center; }
pre { margin: 0; padding: 8px 10px; background: #f6f7f9; border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.message { margin-bottom: 6px; } .role { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.role-system pre { background: #f3f0fa; } .media-tag { color: var(--accent); font-weight: 600; }
pre.trace { background: #f1f8f2; } pre.answer { background: #eef5ff; }
.none { color: var(--muted); font-style: italic; margin: 12px 0 0; }
`;

function countTable(title: string, rows: ReadonlyArray<readonly [string, ...number[]]>, columns: readonly string[]): string {
  const head = `<thead><tr><th>${escapeHtml(title)}</th>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const body = rows.map(([name, ...values]) => `<tr><td>${escapeHtml(name)}</td>${values.map((v) => `<td>${formatNumber(v)}</td>`).join('')}</tr>`);
  return `<div><table>${head}<tbody>${body.join('')}</tbody></table></div>`;
}

function byKey(rl: Counts, cot: Counts, order: (a: string, b: string) => number): Array<[string, number, number]> {
  const keys = [...new Set([...Object.keys(rl), ...Object.keys(cot)])].sort(order);
  return keys.map((key) => [key, rl[key] ?? 0, cot[key] ?? 0]);
}

function sum(counts: Counts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function summary(info: DatasetInfo): string {
  const splitNames = [...new Set(['train', 'validation', 'test', ...Object.keys(info.splits.rl), ...Object.keys(info.splits.cot)])];
  const splits = countTable('rows', (['rl', 'cot'] as const).map((kind) => [
    kind === 'rl' ? 'RL' : 'CoT', ...splitNames.map((split) => info.splits[kind][split] ?? 0), sum(info.splits[kind]),
  ] as const), [...splitNames, 'total']);
  const domains = countTable('domain', byKey(info.domains.rl, info.domains.cot, (a, b) => a.localeCompare(b)), ['RL', 'CoT']);
  const levels = countTable('level', byKey(info.levels.rl, info.levels.cot, (a, b) => Number(a) - Number(b) || a.localeCompare(b)), ['RL', 'CoT']);
  return `<div class="summary">${splits}${domains}${levels}</div>`;
}

function warnings(info: DatasetInfo): string {
  if (info.warnings.length === 0) return '<p class="no-warnings">The manifest has no warnings.</p>';
  return `<ul class="warnings">${info.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
}

function groupTitle(group: PreviewGroup): string {
  return `${group.stage}${group.level === null ? '' : ` · level ${group.level}`}`;
}

function contents(groups: readonly PreviewGroup[]): string {
  const links = groups.map((group, i) => `<li><a href="#group-${i + 1}">${escapeHtml(groupTitle(group))} (${group.examples.length}/${formatNumber(group.total)})</a></li>`);
  return `<nav><h3>Stages and levels</h3><ul>${links.join('')}</ul></nav>`;
}

export interface PageOptions {
  readonly perGroup: number;
}

export async function renderPage(info: DatasetInfo, groups: readonly PreviewGroup[], options: PageOptions): Promise<string> {
  const { name, version, description } = info.recipe;
  const title = name || 'dataset';
  const sections: string[] = [];
  for (const [i, group] of groups.entries()) {
    const cards: string[] = [];
    for (const example of group.examples) cards.push(await renderExample(example, info.folder));
    const level = group.level === null ? '' : ` <span class="level">level ${group.level}</span>`;
    sections.push(`<section id="group-${i + 1}"><h2>${escapeHtml(group.stage)}${level}`
      + `<small>${group.examples.length} of ${formatNumber(group.total)} RL rows</small></h2>${cards.join('')}</section>`);
  }
  const empty = groups.length === 0 ? '<p class="none">The RL split has no rows.</p>' : '';
  return '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<title>${escapeHtml(`${title} · rlr preview`)}</title><style>${STYLE}</style></head><body>`
    + `<header><h1>${escapeHtml(title)}${version ? ` <span class="version">${escapeHtml(version)}</span>` : ''}</h1>`
    + (description ? `<p class="description">${escapeHtml(description)}</p>` : '')
    + summary(info) + warnings(info) + contents(groups)
    + `<p class="note">Up to ${options.perGroup} RL rows per stage and level, the same ones on every run (those whose ids hash lowest).`
    + ' Ground-truth points, boxes and masks are drawn on the first image of each example.</p></header>'
    + `<main>${sections.join('')}${empty}</main></body></html>\n`;
}
