// The web session cookie: a signed-in browser carries `indaba_session` (its value and what it
// names are modules/auth/web-sessions.ts). A cookie is read only from a request of this site.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import { personForSessionCookie, SESSION_DAYS } from '../modules/auth/web-sessions.js';
import type { Person } from '../modules/people/repository.js';

export const SESSION_COOKIE = 'indaba_session';

export const isSecure = (config: Pick<Config, 'publicUrl'>) => config.publicUrl.startsWith('https:');

const cookieOptions = (config: Pick<Config, 'publicUrl'>) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: isSecure(config),
});

/** One cookie from a Cookie header, without parsing the others. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The person a request's session cookie names. A cookie is not a credential for a change made
 * from another site: an unsafe /api request whose Origin is not ours is treated as not signed in
 * (the pages' own forms carry CSRF tokens; SameSite=Lax already keeps the cookie off most of them).
 */
export function personFromRequest(db: Db, clock: Clock, config: Config, request: FastifyRequest): Person | null {
  const value = cookieValue(request.headers.cookie, SESSION_COOKIE);
  if (!value) return null;
  if (!SAFE_METHODS.has(request.method) && !sameOrigin(config, request)) return null;
  return personForSessionCookie(db, clock, config, value);
}

function sameOrigin(config: Config, request: FastifyRequest): boolean {
  // A browser says where a request comes from; other clients (curl, scripts) send neither header.
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === new URL(config.publicUrl).origin) return true;
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

export function setSessionCookie(reply: FastifyReply, config: Config, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, { ...cookieOptions(config), maxAge: SESSION_DAYS * 86_400 });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
