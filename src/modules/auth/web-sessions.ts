// Web sessions as stored: a signed-in browser carries `<secret>.<HMAC>`. The HMAC
// (config.secretKey) lets a forged or damaged value be refused without a query; the secret's
// SHA-256 names a row of `web_sessions`, so signing out (revokedAt) really ends it and the
// database never holds a usable cookie. The cookie itself is the web's (src/web/session.ts).
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { people, webSessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, preparedFor } from '../../db.js';
import { DAY_MS } from '../../domain/time.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import { sign, verify } from '../../lib/signing.js';
import type { Person } from '../people/repository.js';

/** A web session lasts 30 days from sign-in. */
export const SESSION_DAYS = 30;

const signed = (token: string) => `web-session:${token}`;

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

/** The person a session cookie's value names, while the session is open; null for a forged or ended one. */
export function personForSessionCookie(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  value: string | undefined,
): Person | null {
  const token = tokenOf(config, value);
  if (!token) return null;
  return statements(db).personForSession.get({ hash: sha256(token), now: clock.now().getTime() })?.person ?? null;
}

/** Ends the session the cookie names (sign-out); true when there was one. */
export function closeWebSession(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  value: string | undefined,
): boolean {
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
