// Formatting: the edits `rlr fmt` would make, as LSP text edits. A text with syntax
// errors gets none; its diagnostics already say why.
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import { formatEdits } from '../../compiler/format/index.ts';
import { LineIndex, toLspRange } from '../../compiler/diagnostics/line-index.ts';

export function formatting(text: string, options?: Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>): TextEdit[] {
  // The layout indents with spaces only; the editor's tab size is its width.
  const indent = options?.insertSpaces === false ? undefined : options?.tabSize;
  const lines = new LineIndex(text);
  return formatEdits(text, indent === undefined ? {} : { indent }).map((edit) => ({
    range: toLspRange(lines, edit.start, edit.end),
    newText: edit.newText,
  }));
}
