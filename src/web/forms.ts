// Reading HTML form bodies (application/x-www-form-urlencoded): a field given once is a string,
// a field given several times (checkboxes) an array. Nothing here trusts the shape it gets.
import type { FastifyRequest } from 'fastify';
import { PageError } from './errors.js';

export type FormBody = Record<string, unknown>;

export function formOf(request: FastifyRequest): FormBody {
  const body = request.body;
  if (body === null || body === undefined) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new PageError(400, 'error.badRequest');
  return body as FormBody;
}

/** One field as trimmed text ('' when absent); the first when given several times. */
export function text(body: FormBody, name: string, max = 4000): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim().slice(0, max) : '';
}

/** Every value of a repeated field (checkboxes). */
export function all(body: FormBody, name: string): string[] {
  const value = body[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

export const checked = (body: FormBody, name: string): boolean => all(body, name).length > 0;
