// Building HTML as text: every value from the data goes through `escapeHtml`.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A number as people read it: integers with thousands separators, others to 4 significant places. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(4)));
}

/** At most `limit` characters, saying how much was left out. */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${formatNumber(text.length - limit)} more characters)`;
}

/** JSON on one line when at most `width` characters, indented when longer. */
export function prettyJson(value: unknown, width = 120): string {
  const compact = JSON.stringify(value) ?? 'undefined';
  return compact.length <= width ? compact : JSON.stringify(value, null, 2);
}
