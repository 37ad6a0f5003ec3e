// Mail tests: a real SMTP server on loopback (smtp-server) whose messages are parsed with
// mailparser, an app whose worker is driven by the test (deliverDue) and a ManualClock, and
// seeded data: a series in Africa/Nairobi, its sessions, a workstream, people and contacts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { contacts, interestSessions, interests, interestWorkstreams, people, workstreams } from '../../db/schema.js';
import type { Language } from '../../emails/i18n.js';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db.js';
import { newId } from '../../src/lib/ids.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { build, createSeries, createSession, json, SERIES_TITLE, type TestApp, type TestContext } from '../helper.js';

export const START = '2027-02-01T09:00:00Z';

/** The four languages every mail is written in: listed here, not taken from the code under test. */
export const LANGS: Language[] = ['en', 'fr', 'es', 'pt'];

export interface MailTestApp extends TestApp {
  deliver(): ReturnType<App['mail']['deliverDue']>;
}

/** The app as the service builds it, with the worker not started (the test calls deliver()). */
export async function buildMailApp(
  t: TestContext,
  options: { config?: Partial<Config>; clock?: ManualClock; autoStart?: boolean; close?: boolean } = {},
): Promise<MailTestApp> {
  // Without SMTP, messages become files: in a folder of the test's own, not the project's data/.
  const config = { ...options.config };
  if (!config.smtpUrl && !config.mailOutboxDir) {
    const dir = mkdtempSync(join(tmpdir(), 'indaba-eml-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    config.mailOutboxDir = dir;
  }
  const test = await build(t, {
    clock: options.clock ?? new ManualClock(START),
    config,
    deliverMail: options.autoStart ?? false,
    close: options.close,
  });
  return { ...test, deliver: () => test.app.mail.deliverDue() };
}

// ---- a real SMTP server ----------------------------------------------------------------------------

export interface Received {
  parsed: ParsedMail;
  raw: string;
  envelopeTo: string[];
}

export interface SmtpTestServer {
  port: number;
  url: string;
  received: Received[];
  /** Answer every message with this SMTP error (e.g. 451), or accept again with null. */
  refuseWith(code: number | null): void;
  /** Take the data and never answer (a send in flight when the service dies), or answer again. */
  hold(on: boolean): void;
  /** Messages whose data arrived while holding. */
  held: number;
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 (port 0 = any free port) that keeps and parses what it receives. */
export async function startSmtpServer(
  t: TestContext | null,
  options: { port?: number /** Wait this long before answering each message. */; delayMs?: number } = {},
): Promise<SmtpTestServer> {
  const { port = 0, delayMs = 0 } = options;
  const received: Received[] = [];
  let refusal: number | null = null;
  let holding = false;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    // STARTTLS stays advertised (with smtp-server's self-signed certificate), as a local relay
    // would: the service must not try to upgrade a loopback connection.
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (holding) {
          held += 1;
          return;
        }
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (refusal !== null) {
          const error = Object.assign(new Error('Mailbox temporarily unavailable, try again later'), {
            responseCode: refusal,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({ parsed, raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  let closed = false;
  const close = () =>
    closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          closed = true;
          server.close(() => resolve());
        });
  t?.teardown(close);
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received,
    refuseWith(code) {
      refusal = code;
    },
    hold(on) {
      holding = on;
    },
    get held() {
      return held;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close,
  };
}

/** An app whose mail goes over a real SMTP conversation to a server of the test's own. */
export interface SmtpMailApp {
  smtp: SmtpTestServer;
  test: MailTestApp;
  /** Delivers what is due; the messages (at least `count`) that arrived since the last call. */
  deliverNew(count: number): Promise<Received[]>;
}

/** The app with the SMTP server it delivers to; its clock starts at `now` (START unless given). */
export async function smtpMailApp(
  t: TestContext,
  options: { now?: string; config?: Partial<Config> } = {},
): Promise<SmtpMailApp> {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, {
    clock: new ManualClock(options.now ?? START),
    config: { smtpUrl: smtp.url, ...options.config },
  });
  let seen = 0;
  return {
    smtp,
    test,
    async deliverNew(count) {
      await test.deliver();
      const all = await smtp.waitFor(seen + count);
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    },
  };
}

// ---- seeded data --------------------------------------------------------------------------------------

export const CHAIR = 'chair@example.org';

/** The title of the seeded April session. */
export const APRIL_TITLE = 'Governance for SP: implementing RBF in a decentralized setting';

export interface Seeded {
  seriesId: string;
  /** 28 April 2027 at 14:00 in Nairobi (11:00 UTC): RBF, focal country Argentina. */
  april: string;
  /** 30 June 2027 at 14:00 in Nairobi. */
  june: string;
  /** An alternate topic with no date. */
  alternate: string;
  /** A cancelled session: never in the call. */
  cancelled: string;
  workstreamId: string;
}

/**
 * The example series: zone Africa/Nairobi, interest deadline 15 March 2027 (end of day in
 * Nairobi = 20:59:59.999 UTC), sessions, an alternate topic and the citizen-participation workstream.
 */
export async function seedSeries(test: TestApp, overrides: Record<string, unknown> = {}): Promise<Seeded> {
  const series = await createSeries(test, {
    title: SERIES_TITLE,
    description: 'A year of peer learning on governance for strategic purchasing.',
    timezone: 'Africa/Nairobi',
    interestDeadline: '2027-03-15',
    chairs: [{ email: CHAIR, name: 'Chair Person' }],
    ...overrides,
  });
  const april = await createSession(test, series.id, {
    title: APRIL_TITLE,
    startsAt: '2027-04-28T14:00',
  });
  const june = await createSession(test, series.id, {
    title: 'Health Information Systems and SP',
    startsAt: '2027-06-30T14:00',
  });
  const alternate = await createSession(test, series.id, {
    title: 'PFM for strategic purchasing',
    alternate: true,
    startsAt: undefined,
  });
  const cancelled = await createSession(test, series.id, {
    title: 'A session that was called off',
    startsAt: '2027-08-25T14:00',
  });
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${cancelled.id}/cancel`,
    headers: test.as(CHAIR),
  });
  if (res.statusCode !== 200) throw new Error(`session not cancelled: ${res.statusCode} ${res.body}`);
  const db = test.app.db;
  db.$client.prepare('update sessions set focal_country = ? where id = ?').run('AR', april.id);
  const workstreamId = newId();
  db.insert(workstreams)
    .values({
      id: workstreamId,
      seriesId: series.id,
      title: 'Citizen participation',
      description: 'Citizen participation for strategic purchasing.',
      createdAt: test.clock.now(),
    })
    .run();
  return {
    seriesId: series.id,
    april: april.id,
    june: june.id,
    alternate: alternate.id,
    cancelled: cancelled.id,
    workstreamId,
  };
}

/** Who a seeded person or contact is: the address, and what the test says of them. */
export interface PersonFields {
  email: string;
  name?: string | null;
  country?: string | null;
  language?: 'en' | 'fr' | 'es' | 'pt' | null;
  timezone?: string | null;
}

export function addPerson(db: Db, clock: ManualClock, fields: PersonFields): string {
  const person = ensurePerson(db, clock, { email: fields.email, name: fields.name ?? null });
  db.update(people)
    .set({
      country: fields.country ?? null,
      language: fields.language ?? null,
      timezone: fields.timezone ?? null,
      // A zone given here is one the person chose (in their profile).
      timezoneChosen: Boolean(fields.timezone),
    })
    .where(eq(people.id, person.id))
    .run();
  return person.id;
}

export function addContact(db: Db, clock: ManualClock, seriesId: string, fields: PersonFields): string {
  const id = newId();
  db.insert(contacts)
    .values({
      id,
      seriesId,
      email: fields.email,
      name: fields.name ?? null,
      country: fields.country ?? null,
      language: fields.language ?? null,
      timezone: fields.timezone ?? null,
      createdAt: clock.now(),
    })
    .run();
  return id;
}

export function addInterest(
  db: Db,
  clock: ManualClock,
  fields: {
    seriesId: string;
    personId: string;
    country: string;
    roles: string[];
    sessions: string[];
    workstreams?: { id: string; asConvener: boolean }[];
    organisation?: string | null;
    motivation?: string | null;
  },
): string {
  const id = newId();
  const now = clock.now();
  db.insert(interests)
    .values({
      id,
      seriesId: fields.seriesId,
      personId: fields.personId,
      country: fields.country,
      organisation: fields.organisation ?? null,
      roles: fields.roles,
      motivation: fields.motivation ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  fields.sessions.forEach((sessionId, i) => {
    db.insert(interestSessions)
      .values({ interestId: id, sessionId, rank: i + 1, roles: fields.roles })
      .run();
  });
  for (const w of fields.workstreams ?? []) {
    db.insert(interestWorkstreams).values({ interestId: id, workstreamId: w.id, asConvener: w.asConvener }).run();
  }
  return id;
}

/** A person who has expressed this interest in the seeded series, for the country of their profile. */
export function addInterestedPerson(
  test: TestApp,
  s: Seeded,
  fields: PersonFields & { country: string },
  interest: { roles: string[]; sessions: string[]; workstreams?: { id: string; asConvener: boolean }[] },
): string {
  const personId = addPerson(test.app.db, test.clock, fields);
  addInterest(test.app.db, test.clock, { seriesId: s.seriesId, personId, country: fields.country, ...interest });
  return personId;
}

/** A person who asked, in their expression of interest, to join the seeded workstream (and nothing else). */
export function addWorkstreamMember(test: TestApp, s: Seeded, fields: PersonFields & { country: string }): string {
  return addInterestedPerson(test, s, fields, {
    roles: [],
    sessions: [],
    workstreams: [{ id: s.workstreamId, asConvener: false }],
  });
}

/** The seeded workstream's convener, appointed by the series' chair through the API. */
export async function appointConvener(test: TestApp, s: Seeded, convener: { email: string; name?: string }) {
  const appointed = await test.app.inject({
    method: 'PUT',
    url: `/api/workstreams/${s.workstreamId}/convener`,
    headers: test.as(CHAIR),
    payload: { ...convener, supportingChair: { email: CHAIR } },
  });
  if (appointed.statusCode !== 200) throw new Error(`no convener: ${appointed.statusCode} ${appointed.body}`);
}

/** A meeting of the seeded workstream, scheduled through the API by `who`; the response, to check. */
export const scheduleMeeting = (test: TestApp, s: Seeded, who: string, payload: object) =>
  test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${s.workstreamId}/meetings`,
    headers: test.as(who),
    payload,
  });

/** The outbox rows as stored, oldest first. */
export function outboxRows(db: Db) {
  return db.$client.prepare('select * from outbox order by created_at, rowid').all() as Record<string, any>[];
}

export { json };

/** A catalogue value as text: functions are called with placeholders that are not words. */
export function asText(value: string | ((...args: string[]) => string)): string {
  return typeof value === 'function' ? value(...Array.from({ length: value.length }, (_, i) => `#${i}#`)) : value;
}

const words = (text: string) => text.replace(/#\d#/g, ' ').match(/\p{L}{2,}/gu) ?? [];

/** Three words or more is a sentence (or a phrase) that must be translated. */
export const isSentence = (text: string) => words(text).length >= 3;
