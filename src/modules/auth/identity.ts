// Who is asking: resolved once per request, before the body is read, so that "not signed
// in" (401) always comes before "not found" (404), "not allowed" (403) and "invalid" (400).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unauthenticated } from '../../errors.js';
import type { Person } from '../people/repository.js';
import { personForToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    person: Person | null;
  }
  interface FastifyInstance {
    /** Set by the web pages (src/web/session.ts): the person the web session cookie names, if any. */
    personFromCookie?: (request: FastifyRequest) => Person | null;
  }
}

export async function identify(this: FastifyRequest['server'], request: FastifyRequest, _reply: FastifyReply) {
  request.person = null;
  const header = request.headers.authorization;
  // Without a bearer token, the web session cookie identifies the person (pages and /api alike).
  if (header === undefined) {
    request.person = this.personFromCookie?.(request) ?? null;
    return;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw unauthenticated('The Authorization header must be "Bearer <token>".');
  }
  const person = personForToken(this.db, match[1]);
  if (!person) throw unauthenticated('That token is not valid or has been revoked: ask for a new one.');
  request.person = person;
}
