// Reading HTML form bodies (application/x-www-form-urlencoded): a field given once is a string,
// a field given several times (checkboxes) an array. Nothing here trusts the shape it gets.
// Every value read is held to the text rule of the JSON API (src/domain/text.ts): a field that
// breaks it answers 400 with a page naming the field.
import type { FastifyRequest } from 'fastify';
import { clip, type TextKind, textProblem } from '../domain/text.js';
import type { MessageKey } from '../i18n/index.js';
import type { SchemaProblem } from '../lib/lazy-schemas.js';
import { PageError } from './errors.js';

export type FormBody = Record<string, unknown>;

/**
 * How the forms label the fields the text rule refuses most, so that its 400 page names the field
 * as the reader saw it ("Title of the session"), not by its name in the form.
 */
export const fieldLabels: Readonly<Record<string, MessageKey>> = {
  title: 'settings.seriesTitle',
  sessionTitle: 'settings.sessionTitle',
  titles: 'plan.titles',
  description: 'settings.description',
  name: 'contacts.name',
  organisation: 'interest.organisation',
  motivation: 'interest.motivation',
};

export function formOf(request: FastifyRequest): FormBody {
  const body = request.body;
  if (body === null || body === undefined) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new PageError(400, 'error.badRequest');
  return body as FormBody;
}

/**
 * The value as it was sent, or a 400 page naming the field when it holds what no browser sends
 * from a form (a control character, broken Unicode). A title or name of only spaces is typed
 * easily: it is kept as sent, for the API's body schema to refuse beside its field, the form
 * filled in as it was.
 */
function keepable(value: string, name: string, kind: TextKind): string {
  if (textProblem(value, kind === 'label' ? 'line' : kind) !== null) {
    throw new PageError(400, 'error.badText', { field: name });
  }
  return value;
}

const onlySpaces = (value: string) => value !== '' && value.trim() === '';

/**
 * One field as trimmed text ('' when absent); the first when given several times. `line` (an
 * input) holds no control character, `multiline` (a textarea) may hold newlines and tabs, and a
 * `label` (a title, a name) of only spaces is read untrimmed, so that the body schema refuses it.
 */
export function text(body: FormBody, name: string, max = 4000, kind: TextKind = 'line'): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return '';
  const kept = keepable(first, name, kind);
  return clip(kind === 'label' && onlySpaces(kept) ? kept : kept.trim(), max);
}

/** Several fields of a form, each read as `text` reads it: its longest reading and its kind. */
export function textFields<Field extends string>(
  body: FormBody,
  fields: Record<Field, readonly [max: number, kind?: TextKind]>,
): Record<Field, string> {
  const entries = Object.entries(fields) as [Field, readonly [number, TextKind?]][];
  return Object.fromEntries(entries.map(([name, [max, kind]]) => [name, text(body, name, max, kind)])) as Record<
    Field,
    string
  >;
}

/** Every value of a repeated field (checkboxes). */
export function all(body: FormBody, name: string): string[] {
  const value = body[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => keepable(v, name, 'line').trim());
}

export const checked = (body: FormBody, name: string): boolean => all(body, name).length > 0;

/**
 * A page's messages for what the API's body schema refused in a form read into that body: the
 * first problem of each of the form's fields, found from the problem's path in the body.
 */
export function fieldMessages<Field extends string>(
  problems: readonly SchemaProblem[],
  fieldOf: (path: readonly string[]) => Field,
  message: (field: Field, problem: SchemaProblem) => string,
): Partial<Record<Field, string>> {
  const messages: Partial<Record<Field, string>> = {};
  for (const problem of problems) {
    const field = fieldOf(problem.path);
    messages[field] ??= message(field, problem);
  }
  return messages;
}

/**
 * The longest text each field of an API body takes, for the form's maxlength attributes: read
 * from the body schema (through a nullable's union), never copied.
 */
export function maxLengths(schema: { properties: Record<string, unknown> }): Record<string, number> {
  const longest = (field: unknown): number | undefined => {
    const node = field as { maxLength?: number; anyOf?: unknown[] } | undefined;
    if (typeof node?.maxLength === 'number') return node.maxLength;
    return node?.anyOf?.map(longest).find((n) => n !== undefined);
  };
  return Object.fromEntries(
    Object.entries(schema.properties).flatMap(([name, field]) => {
      const max = longest(field);
      return max === undefined ? [] : [[name, max]];
    }),
  );
}
