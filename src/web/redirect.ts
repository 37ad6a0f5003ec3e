// Every redirect the service sends goes through here. A Location header with a character beyond
// Latin-1 makes Node refuse the whole response, and Latin-1 ones would go out as raw bytes that
// browsers read each their own way; percent-encoded UTF-8 means the same thing everywhere.
import type { FastifyReply } from 'fastify';

// Printable ASCII except what a URL may not hold raw; a % that starts no escape is a literal one.
const NEEDS_ESCAPE = /%(?![0-9A-Fa-f]{2})|[^\x21-\x7E]|["<>\\^`{|}]/gu;

function escapeOne(character: string): string {
  try {
    return encodeURIComponent(character);
  } catch {
    // A lone surrogate has no UTF-8 form: it reads as the replacement character.
    return '%EF%BF%BD';
  }
}

/** The target as a Location header can carry it; escapes already there are kept. */
export function locationOf(target: string): string {
  return target.replace(NEEDS_ESCAPE, escapeOne);
}

/** "303 See Other" to a target of this site (after a form, or to sign in and come back). */
export function seeOther(reply: FastifyReply, target: string): FastifyReply {
  return reply.redirect(locationOf(target), 303);
}

/**
 * Only a path of this site: "/series/x", never "//evil.example", "https://…" or a backslash
 * (browsers read "/\evil.example" as "//evil.example"). Send it with `seeOther`, which encodes it.
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 500) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  if ([...next].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) return null;
  return next;
}
