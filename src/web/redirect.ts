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
