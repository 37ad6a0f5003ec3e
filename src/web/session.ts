// Web sessions: a signed-in browser carries a cookie `indaba_session` = `<secret>.<HMAC>`.
// The HMAC (config.secretKey) lets a forged or damaged cookie be refused without a query; the
// secret's SHA-256 names a row of `web_sessions`, so signing out (revokedAt) really ends it and
// the database never holds a usable cookie.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { people, webSessions } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { type Db, preparedFor } from '../db.js';
import { newId, newSecret, sha256 } from '../lib/ids.js';
import { sign, verify } from '../lib/signing.js';
import type { Person } from '../modules/people/repository.js';

export const SESSION_COOKIE = 'indaba_session';
/** A web session lasts 30 days from sign-in. */
const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;

const signed = (token: string) => `web-session:${token}`;

export const isSecure = (config: Pick<Config, 'publicUrl'>) => config.publicUrl.startsWith('https:');

const cookieOptions = (config: Pick<Config, 'publicUrl'>) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: isSecure(config),
});

/** Opens a session for the person; returns the cookie value. */
export function openWebSession(db: Db, clock: Clock, config: Pick<Config, 'secretKey'>, personId: string): string {
  const token = newSecret();
  const now = clock.now();
  db.insert(webSessions)
    .values({
      id: newId(),
      personId,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_DAYS * DAY_MS),
    })
    .run();
  return `${token}.${sign(config.secretKey, signed(token))}`;
}

/** The secret of a well-signed cookie value, or null. */
function tokenOf(config: Pick<Config, 'secretKey'>, value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(0, dot);
  return verify(config.secretKey, signed(token), value.slice(dot + 1)) ? token : null;
}

const statements = preparedFor((db) => ({
  personForSession: db
    .select({ person: people })
    .from(webSessions)
    .innerJoin(people, eq(people.id, webSessions.personId))
    .where(
      and(
        eq(webSessions.tokenHash, sql.placeholder('hash')),
        isNull(webSessions.revokedAt),
        gt(webSessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare(),
}));

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

function personForCookie(db: Db, clock: Clock, config: Config, value: string | undefined): Person | null {
  const token = tokenOf(config, value);
  if (!token) return null;
  return statements(db).personForSession.get({ hash: sha256(token), now: clock.now().getTime() })?.person ?? null;
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
  return personForCookie(db, clock, config, value);
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

/** Ends the session the cookie names (sign-out); true when there was one. */
export function closeWebSession(db: Db, clock: Clock, config: Config, value: string | undefined): boolean {
  const token = tokenOf(config, value);
  if (!token) return false;
  return (
    db
      .update(webSessions)
      .set({ revokedAt: clock.now() })
      .where(and(eq(webSessions.tokenHash, sha256(token)), isNull(webSessions.revokedAt)))
      .run().changes > 0
  );
}

export function setSessionCookie(reply: FastifyReply, config: Config, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, { ...cookieOptions(config), maxAge: SESSION_DAYS * 86_400 });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
