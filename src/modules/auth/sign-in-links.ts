// One-time sign-in links: a 256-bit secret in the emailed URL, only its SHA-256 stored, usable
// once and for 15 minutes. Opening the link changes nothing; confirming it (POST) uses it up.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { people, signInLinks } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction } from '../../db.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import { enqueue } from '../../mail/outbox.js';
import { ensurePerson, normaliseEmail, type Person } from '../people/repository.js';
import type { Language } from '../schemas.js';
import { closeWebSession, openWebSession } from './web-sessions.js';

export const LINK_MINUTES = 15;
/** The first-run administrator link is printed on the server's console: it may wait longer. */
const FIRST_RUN_LINK_HOURS = 24;
/** At most one link a minute for an address, however many ask for it. */
const RESEND_AFTER_MS = 60_000;

const MINUTE_MS = 60_000;

type SignInLink = typeof signInLinks.$inferSelect;

function linkUrl(config: Pick<Config, 'publicUrl'>, token: string, next: string | null): string {
  const query = new URLSearchParams({ token });
  if (next) query.set('next', next);
  return `${config.publicUrl}/signin/link?${query.toString()}`;
}

function createLink(db: Db, clock: Clock, email: string, minutes: number, makesAdmin: boolean): string {
  const token = newSecret();
  const now = clock.now();
  db.insert(signInLinks)
    .values({
      id: newId(),
      email,
      tokenHash: sha256(token),
      makesAdmin,
      expiresAt: new Date(now.getTime() + minutes * MINUTE_MS),
      createdAt: now,
    })
    .run();
  return token;
}

/** Whether a link for this address sent in the last minute is still waiting to be used. */
function waitingLink(db: Db, clock: Clock, address: string): boolean {
  const now = clock.now();
  const since = new Date(now.getTime() - RESEND_AFTER_MS);
  return (
    db
      .select({ id: signInLinks.id })
      .from(signInLinks)
      .where(
        and(
          eq(signInLinks.email, address),
          gt(signInLinks.createdAt, since),
          gt(signInLinks.expiresAt, now),
          isNull(signInLinks.usedAt),
        ),
      )
      .limit(1)
      .get() !== undefined
  );
}

/**
 * Records a link for the address and queues the email that carries it, in one transaction;
 * false when a link sent in the last minute is still unused, which then stays the one to use.
 * Anyone may ask for any address, so a request never refuses or uses up anything: the owner's
 * own request after the minute always gets a fresh link, and the answer is the same for every
 * address, known or not (the person is created only when the link is used).
 */
export function sendSignInLink(
  db: Db,
  clock: Clock,
  config: Config,
  email: string,
  options: { next: string | null; language: Language },
): boolean {
  const address = normaliseEmail(email);
  return inTransaction(db, () => {
    if (waitingLink(db, clock, address)) return false;
    const token = createLink(db, clock, address, LINK_MINUTES, false);
    enqueue(db, clock, {
      kind: 'sign_in_link',
      toEmail: address,
      payload: { url: linkUrl(config, token, options.next), expiresMinutes: LINK_MINUTES, language: options.language },
    });
    return true;
  });
}

type LinkState = { ok: true; link: SignInLink } | { ok: false; problem: 'unknown' | 'used' | 'expired' };

/** What a token names, without using it. */
export function inspectLink(db: Db, clock: Clock, token: string): LinkState {
  if (!token) return { ok: false, problem: 'unknown' };
  const link = db
    .select()
    .from(signInLinks)
    .where(eq(signInLinks.tokenHash, sha256(token)))
    .get();
  if (!link) return { ok: false, problem: 'unknown' };
  if (link.usedAt) return { ok: false, problem: 'used' };
  if (link.expiresAt.getTime() <= clock.now().getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, link };
}

/**
 * Uses a link up (once: the UPDATE only takes an unused, unexpired row) and returns the person
 * it signs in, created if new and made an administrator when the link says so.
 */
function consumeLink(
  db: Db,
  clock: Clock,
  token: string,
): { ok: true; person: Person } | { ok: false; problem: 'unknown' | 'used' | 'expired' } {
  return inTransaction(db, () => {
    const state = inspectLink(db, clock, token);
    if (!state.ok) return state;
    const now = clock.now();
    const used = db
      .update(signInLinks)
      .set({ usedAt: now })
      .where(and(eq(signInLinks.id, state.link.id), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)))
      .run();
    if (used.changes === 0) return { ok: false, problem: 'used' };
    const person = ensurePerson(db, clock, { email: state.link.email, isAdmin: state.link.makesAdmin });
    return { ok: true, person };
  });
}

/**
 * Signs in with a link: uses it up, ends the browser's previous session and opens a new one, in
 * one transaction, so a sign-in that fails on the way leaves the link as it was. Returns the new
 * session's cookie value.
 */
export function signInWithLink(
  db: Db,
  clock: Clock,
  config: Config,
  token: string,
  previousCookie: string | undefined,
): { ok: true; person: Person; cookie: string } | { ok: false; problem: 'unknown' | 'used' | 'expired' } {
  return inTransaction(db, () => {
    const used = consumeLink(db, clock, token);
    if (!used.ok) return used;
    // A new session replaces whatever session this browser had.
    closeWebSession(db, clock, config, previousCookie);
    return { ok: true, person: used.person, cookie: openWebSession(db, clock, config, used.person.id) };
  });
}

interface AppLike {
  db: Db;
  clock: Clock;
  config: Config;
}

/**
 * First run: when nobody is an administrator yet, a one-time sign-in link (valid 24 hours) that
 * makes ADMIN_EMAIL an administrator; null once an administrator exists. The server prints it
 * after it starts listening:
 *
 *   const adminLink = firstRunAdminLink(app);
 *   if (adminLink) app.log.warn(`No administrator yet: open ${adminLink} to become one (${app.config.adminEmail}).`);
 *
 * Each start without an administrator issues a new link; earlier ones stay valid until they expire.
 */
export function firstRunAdminLink(app: AppLike): string | null {
  const { db, clock, config } = app;
  const admin = db.select({ id: people.id }).from(people).where(eq(people.isAdmin, true)).limit(1).get();
  if (admin) return null;
  const token = createLink(db, clock, normaliseEmail(config.adminEmail), FIRST_RUN_LINK_HOURS * 60, true);
  return linkUrl(config, token, '/me');
}
