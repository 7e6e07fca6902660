// How values read inside a prompt or a trace: numbers without float noise,
// points `(x, y)`, boxes `[x1, y1, x2, y2]` as the box verifiers print them,
// segments `start to end`, lists as prose.
import { isMedia, type Value } from '../values.ts';
import { isMaskValue } from '../../stdlib/functions/mask-bitmap.ts';

/** At most 6 decimals, trailing zeros dropped, never exponent form: 0.1 + 0.2 reads `0.3`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return plain(value);
  const rounded = Number(value.toFixed(6));
  // Tiny non-zero values keep 6 significant digits rather than rounding to 0.
  const shown = rounded === 0 ? Number(value.toPrecision(6)) : rounded;
  return plain(Object.is(shown, -0) ? 0 : shown);
}

function plain(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A value as text in a template. */
export function display(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (isMedia(value)) return value.path;
  if (Array.isArray(value)) return value.map((item) => display(item)).join(', ');
  const record = value as { readonly [field: string]: Value };
  const keys = Object.keys(record).sort().join(',');
  const n = (field: string) => formatNumber(record[field] as number);
  const numeric = Object.values(record).every((v) => typeof v === 'number');
  if (numeric && keys === 'x,y') return `(${n('x')}, ${n('y')})`;
  if (numeric && keys === 'x1,x2,y1,y2') return `[${n('x1')}, ${n('y1')}, ${n('x2')}, ${n('y2')}]`;
  if (numeric && keys === 'end,start') return `${n('start')} to ${n('end')}`;
  if (isMaskValue(record)) return `mask ${record.size[1]}x${record.size[0]}`;
  return `{${Object.keys(record).map((k) => `${k}: ${display(record[k])}`).join(', ')}}`;
}
