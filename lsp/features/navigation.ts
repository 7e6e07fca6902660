// Go to definition, find references and rename, for declarations and fields, across
// the files of the program (and of other open documents that import the same files).
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type * as A from '../../compiler/syntax/ast.ts';
import { keywords } from '../../grammar/tokens.ts';
import type { DocumentAnalysis } from '../document.ts';
import { targetKey, type Occurrence, type Target } from './occurrences.ts';
import { kindWord, registryEntryNamed } from './signatures.ts';
import { nodesAt } from './syntax.ts';

function occurrenceAt(document: DocumentAnalysis, position: Position): Occurrence | undefined {
  return document.occurrences.at(document.file, document.offsetAt(position));
}

function location(document: DocumentAnalysis, file: string, span: A.Span): Location {
  return { uri: document.uriOf(file), range: document.range(span, file) };
}

export function definition(document: DocumentAnalysis, position: Position): Location[] {
  const occurrence = occurrenceAt(document, position);
  if (!occurrence) return [];
  const target = occurrence.target;
  if (target.kind === 'declaration') return [location(document, target.symbol.file, target.symbol.nameSpan)];
  return target.field.span ? [location(document, target.field.file, target.field.span)] : [];
}

/** Every occurrence of the target under the cursor, in this document's program and in `others`'. */
function occurrencesOf(document: DocumentAnalysis, target: Target, others: readonly DocumentAnalysis[]): Array<{ document: DocumentAnalysis; occurrence: Occurrence }> {
  const key = targetKey(target);
  const seen = new Set<string>();
  const found: Array<{ document: DocumentAnalysis; occurrence: Occurrence }> = [];
  for (const analysis of [document, ...others]) {
    const matching = analysis === document ? document.occurrences.of(target) : analysis.occurrences.all.filter((o) => targetKey(o.target) === key);
    for (const occurrence of matching) {
      const where = `${occurrence.file}:${occurrence.span.start}`;
      if (seen.has(where)) continue;
      seen.add(where);
      found.push({ document: analysis, occurrence });
    }
  }
  return found.sort((a, b) => a.occurrence.file.localeCompare(b.occurrence.file) || a.occurrence.span.start - b.occurrence.span.start);
}

export function references(document: DocumentAnalysis, position: Position, includeDeclaration: boolean, others: readonly DocumentAnalysis[] = []): Location[] {
  const occurrence = occurrenceAt(document, position);
  if (!occurrence) return [];
  return occurrencesOf(document, occurrence.target, others)
    .filter(({ occurrence: o }) => includeDeclaration || !o.isDefinition)
    .map(({ document: d, occurrence: o }) => location(d, o.file, o.span));
}

/** Why a rename cannot be done, in words for the editor to show. */
export interface Refusal {
  readonly refused: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The range to rename and its current text, or why the name under the cursor cannot be renamed. */
export function prepareRename(document: DocumentAnalysis, position: Position): { range: Range; placeholder: string } | Refusal {
  const offset = document.offsetAt(position);
  const occurrence = document.occurrences.at(document.file, offset);
  if (!occurrence) return { refused: whatIsHere(document, offset) };
  const target = occurrence.target;
  if (target.kind === 'field' && target.field.origin !== 'let' && target.field.origin !== 'explode') {
    const reasons = {
      schema: 'is a field of the source\'s data: rename it in the data and in the schema together',
      emit: 'is a property of `emit`',
      step: 'is added by a standard-library step',
      source: 'is produced by the source',
    } as const;
    return { refused: `\`${target.field.name}\` ${reasons[target.field.origin]} and cannot be renamed here` };
  }
  const name = target.kind === 'declaration' ? target.symbol.name : target.field.name;
  return { range: document.range(occurrence.span), placeholder: name };
}

export function rename(document: DocumentAnalysis, position: Position, newName: string, others: readonly DocumentAnalysis[] = []): WorkspaceEdit | Refusal {
  const prepared = prepareRename(document, position);
  if ('refused' in prepared) return prepared;
  if (!NAME.test(newName)) return { refused: `\`${newName}\` is not a name: a name is letters, digits and \`_\`, not starting with a digit` };
  if (keywords.includes(newName)) return { refused: `\`${newName}\` is a keyword` };
  const occurrence = occurrenceAt(document, position)!;
  const target = occurrence.target;
  if (target.kind === 'declaration') {
    const clash = document.result.analysis?.scopes.get(target.symbol.file)?.symbols.get(newName);
    if (clash && clash !== target.symbol) return { refused: `\`${newName}\` is already declared in this file` };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const { document: d, occurrence: o } of occurrencesOf(document, target, others)) {
    (changes[d.uriOf(o.file)] ??= []).push({ range: d.range(o.span, o.file), newText: newName });
  }
  return { changes };
}

/** Why the text under the cursor has nothing to rename: a keyword, a library name, a property, or nothing. */
function whatIsHere(document: DocumentAnalysis, offset: number): string {
  const word = wordAt(document.text, offset);
  if (!word) return 'there is no name here to rename';
  if (keywords.includes(word)) return `\`${word}\` is a keyword and cannot be renamed`;
  const path = document.parsed ? nodesAt(document.parsed.module, offset) : [];
  const parent = path.at(-2);
  if (parent?.kind === 'Property' && parent.key === path.at(-1)) return `\`${word}\` is a property name and cannot be renamed`;
  if (parent?.kind === 'Argument' && parent.name === path.at(-1)) return `\`${word}\` is a parameter name and cannot be renamed`;
  const entry = registryEntryNamed(word);
  if (entry) return `\`${word}\` is a standard-library ${kindWord(entry)} and cannot be renamed`;
  return `\`${word}\` is not a declaration or a field of this recipe`;
}

function wordAt(text: string, offset: number): string | undefined {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  return start < end ? text.slice(start, end) : undefined;
}
