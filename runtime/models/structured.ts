// Structured output: a call that declares its type (`let q: Question = writer(…)`)
// gets the model's reply parsed as JSON and checked against that type with a
// zod schema built from it. Problems are worded in the recipe's own types
// (`distractors: expected list<string>, found string "a, b"`), since that is
// what the recipe's author wrote and what a model is asked to repair.
import { z } from 'zod';
import { registryType } from '../../compiler/types/resolve.ts';
import { stripOptional, typeToString, type Type } from '../../compiler/types/type.ts';
import type { Value } from '../values.ts';

/**
 * The argument that carries a repair turn to a chat provider: a list of
 * `{role, content}` messages appended after the user's message. `$` keeps it
 * apart from every parameter a recipe can name.
 */
export const FOLLOW_UP_ARG = '$follow_up';

export type Checked = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly problem: string };

export interface OutputChecker {
  /** The declared type, in rlr syntax. */
  readonly typeText: string;
  check(reply: Value): Checked;
}

const checkers = new Map<string, OutputChecker>();

/** The checker for a declared output type (built once per type text). */
export function outputChecker(typeText: string): OutputChecker {
  let checker = checkers.get(typeText);
  if (!checker) {
    const type = registryType(typeText);
    const schema = schemaFor(type);
    checker = { typeText, check: (reply) => checkReply(reply, type, schema) };
    checkers.set(typeText, checker);
  }
  return checker;
}

function checkReply(reply: Value, type: Type, schema: z.ZodType<Value>): Checked {
  let data: unknown = reply;
  if (typeof reply === 'string') {
    const kind = stripOptional(type).kind;
    if (kind === 'string' || kind === 'any') return { ok: true, value: reply };
    if (kind === 'enum') data = unquote(reply);
    else {
      const parsed = extractJson(reply);
      if (!parsed.ok) return parsed;
      data = parsed.value;
    }
  }
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, problem: describeIssue(issue, type, data) };
}

/** The schema a reply must fit; its output is the runtime value (optional fields null, geometry as objects). */
export function schemaFor(type: Type): z.ZodType<Value> {
  return build(type) as z.ZodType<Value>;
}

function build(type: Type): z.ZodType {
  switch (type.kind) {
    case 'string':
      return z.string();
    case 'int':
    case 'frames':
      return z.number().int();
    case 'float':
    case 'seconds':
    case 'pixels':
    case 'percent':
      return z.number();
    case 'bool':
      return z.boolean();
    case 'null':
      return z.null();
    case 'enum':
      return z.enum(type.members as [string, ...string[]]);
    case 'optional':
      return z.union([build(type.inner), z.null()]).optional().transform((value) => value ?? null);
    case 'list':
      return z.array(build(type.element));
    case 'record':
      return z.object(Object.fromEntries(type.fields.map((field) => [
        field.name,
        field.optional ? build({ kind: 'optional', inner: field.type }) : build(field.type),
      ])));
    case 'union':
      return type.members.length === 0 ? z.never() : z.union(type.members.map(build) as [z.ZodType, ...z.ZodType[]]);
    case 'point':
      return geometry(['x', 'y']);
    case 'box':
      return geometry(['x1', 'y1', 'x2', 'y2']);
    case 'segment':
      return geometry(['start', 'end']);
    case 'mask':
      return z.object({ size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]), counts: z.union([z.string(), z.array(z.number().int().nonnegative())]) });
    case 'image':
    case 'audio':
    case 'video':
      return z.never({ error: `a model's JSON reply cannot hold ${type.kind === 'image' || type.kind === 'audio' ? 'an' : 'a'} ${type.kind}` });
    default:
      return z.json();
  }
}

/** Geometry as an object (`{x, y}`) or as an array (`[x, y]`), held as an object. */
function geometry(names: readonly string[]): z.ZodType {
  const object = z.object(Object.fromEntries(names.map((name) => [name, z.number()])));
  const tuple = z.array(z.number()).length(names.length).transform((numbers) => Object.fromEntries(names.map((name, i) => [name, numbers[i]])));
  return z.union([object, tuple]);
}

/**
 * The JSON in a model's reply: the first fenced block if there is one, else
 * the first balanced `{…}` or `[…]` after any leading prose. JSON that is cut
 * off (the model ran out of tokens) is a problem, never completed by guessing.
 */
export function extractJson(reply: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  const text = fencedBlock(reply) ?? reply;
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'the reply is empty' };
  let cutOff = false;
  let lastError: string | null = null;
  for (let start = firstBracket(text, 0); start >= 0; start = firstBracket(text, start + 1)) {
    const end = balancedEnd(text, start);
    if (end < 0) {
      cutOff = true;
      break;
    }
    try {
      return { ok: true, value: JSON.parse(text.slice(start, end + 1)) };
    } catch (error) {
      lastError ??= (error as Error).message;
    }
  }
  // A bare scalar (`42`, `true`, `"yes"`) is JSON too.
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    // fall through to the problem found above
  }
  if (cutOff) return { ok: false, problem: 'the JSON in the reply is cut off before its end' };
  if (lastError !== null) return { ok: false, problem: `the JSON in the reply does not parse (${lastError})` };
  return { ok: false, problem: `the reply holds no JSON: ${quoteShort(trimmed)}` };
}

/** The body of the first ``` fence, up to its closing fence or the end of the reply. */
function fencedBlock(reply: string): string | null {
  const open = /```[A-Za-z0-9_-]*[ \t]*\r?\n?/.exec(reply);
  if (!open) return null;
  const body = reply.slice(open.index + open[0].length);
  const close = body.indexOf('```');
  return close < 0 ? body : body.slice(0, close);
}

function firstBracket(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '{' || text[i] === '[') return i;
  return -1;
}

/** The index of the bracket that closes the one at `start`, or -1 when the text ends first. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** An enum member as a model may write it: bare, quoted, or fenced. */
function unquote(reply: string): string {
  const text = (fencedBlock(reply) ?? reply).trim();
  if (text.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // not a JSON string: use it as written
    }
  }
  return text;
}

/** What went wrong, in the recipe's types: `distractors[1]: expected string, found number 3`. */
function describeIssue(issue: z.core.$ZodIssue, type: Type, data: unknown): string {
  const where = issue.path.length ? `${formatPath(issue.path)}: ` : '';
  if (issue.code === 'custom' || (issue.code === 'invalid_type' && issue.expected === 'never')) return `${where}${issue.message}`;
  const expected = typeAt(type, issue.path);
  const found = valueAt(data, issue.path);
  if (found === undefined) return `${where}missing (expected ${expected ? typeToString(expected) : 'a value'})`;
  if (expected) return `${where}expected ${typeToString(expected)}, found ${describeValue(found)}`;
  return `${where}${issue.message}, found ${describeValue(found)}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

/** The declared type at a path, or null where a union makes it ambiguous. */
function typeAt(type: Type, path: readonly PropertyKey[]): Type | null {
  let current: Type = type;
  for (const part of path) {
    const inner = stripOptional(current);
    if (inner.kind === 'list' && typeof part === 'number') current = inner.element;
    else if (inner.kind === 'record' && typeof part === 'string') {
      const field = inner.fields.find((f) => f.name === part);
      if (!field) return null;
      current = field.optional ? { kind: 'optional', inner: field.type } : field.type;
    } else return null;
  }
  return current;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return `a record with ${Object.keys(value).map((k) => `\`${k}\``).join(', ') || 'no fields'}`;
  if (typeof value === 'string') return `string ${quoteShort(value)}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'int' : 'float'} ${value}`;
  return `${typeof value === 'boolean' ? 'bool' : typeof value} ${String(value)}`;
}

function quoteShort(text: string): string {
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return shown;
}

/** The user turn that asks a model to try again after `problem`. */
export function repairMessage(problem: string, typeText: string): string {
  return `Your reply could not be used: ${problem}. Reply again with only the JSON value, of this type: ${typeText}`;
}
