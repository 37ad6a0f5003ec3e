// Builds the service for a test: a fresh in-memory database, a clock the test controls, and
// helpers to act as a given person.
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { outbox } from '../db/schema.js';
import { type App, buildApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { type Config, testConfig } from '../src/config.js';
import { issueToken } from '../src/modules/auth/tokens.js';
import { ensurePerson } from '../src/modules/people/repository.js';

export interface TestContext {
  teardown(fn: () => unknown): void;
}

export interface TestApp {
  app: App;
  clock: ManualClock;
  /** A bearer header for this person, created if needed. */
  as(email: string, options?: { admin?: boolean; name?: string }): { authorization: string };
}

/** A bearer header a test sends to act as a person, created if needed; one token a person. */
export function tokensFor(app: App, clock: ManualClock): TestApp['as'] {
  const tokens = new Map<string, string>();
  return (email, { admin = false, name } = {}) => {
    const key = `${email}|${admin}`;
    let token = tokens.get(key);
    if (!token) {
      const person = ensurePerson(app.db, clock, { email, name, isAdmin: admin });
      token = issueToken(app.db, clock, person.id).token;
      tokens.set(key, token);
    }
    return { authorization: `Bearer ${token}` };
  };
}

export async function build(
  t: TestContext,
  options: {
    now?: string;
    clock?: ManualClock;
    config?: Partial<Config>;
    /** Start the mail worker (default false: the test delivers when it wants). */
    deliverMail?: boolean;
    /** Close the app when the test ends (default true). */
    close?: boolean;
  } = {},
): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(options.now ?? '2026-11-23T09:00:00Z');
  const app = await buildApp(testConfig(options.config), { clock, deliverMail: options.deliverMail ?? false });
  if (options.close ?? true) t.teardown(() => app.close());
  return { app, clock, as: tokensFor(app, clock) };
}

export const json = <T = any>(res: LightMyRequestResponse): T => JSON.parse(res.body) as T;

export const ADMIN = 'admin@example.org';
/** The title of a series createSeries makes, unless the test gives one. */
export const SERIES_TITLE = 'Governance for strategic purchasing';
export const CHAIR = 'chair@example.org';

/** Creates a series in Africa/Nairobi with CHAIR as its chair; returns its JSON. */
export async function createSeries(
  test: TestApp,
  overrides: Record<string, unknown> = {},
  { tellChairs = false }: { tellChairs?: boolean } = {},
) {
  const res = await test.app.inject({
    method: 'POST',
    url: '/api/series',
    headers: test.as(ADMIN, { admin: true }),
    payload: {
      title: SERIES_TITLE,
      timezone: 'Africa/Nairobi',
      interestDeadline: '2027-03-15',
      chairs: [{ email: CHAIR, name: 'Chair Person' }],
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`series not created: ${res.statusCode} ${res.body}`);
  const created = json(res);
  // The chairs' appointment mail is the subject of its own tests (test/api/series.test.ts); every
  // other scenario starts once the chairs have read it, so it does not crowd their outbox.
  if (!tellChairs) {
    test.app.db
      .delete(outbox)
      .where(and(eq(outbox.seriesId, created.id), eq(outbox.kind, 'chair_appointed')))
      .run();
  }
  return created;
}

export async function createSession(test: TestApp, seriesId: string, overrides: Record<string, unknown> = {}) {
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/sessions`,
    headers: test.as(CHAIR),
    payload: { title: 'Health Information Systems and SP', startsAt: '2027-06-30T14:00', ...overrides },
  });
  if (res.statusCode !== 201) throw new Error(`session not created: ${res.statusCode} ${res.body}`);
  return json(res);
}

/** A workstream of the series, opened by its chair; its view as the API returns it. */
export async function createWorkstream(test: TestApp, seriesId: string, title = 'Citizen participation') {
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/workstreams`,
    headers: test.as(CHAIR),
    payload: { title },
  });
  if (res.statusCode !== 201) throw new Error(`workstream not created: ${res.statusCode} ${res.body}`);
  return json(res);
}

/** `email` expresses interest in the series only to join its workstream (as convener or not); the response, to check. */
export const joinWorkstream = (
  test: TestApp,
  seriesId: string,
  workstreamId: string,
  email: string,
  { asConvener = false, ...interest }: { asConvener?: boolean; [field: string]: unknown },
) =>
  test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/interests`,
    headers: test.as(email),
    payload: { ...interest, workstreams: [{ id: workstreamId, asConvener }] },
  });

/** A chair sets the session's line-up (PUT /api/sessions/:id/roles); the response, to check. */
export const setLineup = (test: TestApp, sessionId: string, lineup: object) =>
  test.app.inject({ method: 'PUT', url: `/api/sessions/${sessionId}/roles`, headers: test.as(CHAIR), payload: lineup });

/** A chair sets the session's agenda (PUT /api/sessions/:id/agenda); the response, to check. */
export const setAgenda = (test: TestApp, sessionId: string, segments: object[]) =>
  test.app.inject({
    method: 'PUT',
    url: `/api/sessions/${sessionId}/agenda`,
    headers: test.as(CHAIR),
    payload: { segments },
  });

/** A chair sets the session's blog post (PUT /api/sessions/:id/blog); the response, to check. */
export const setBlog = (test: TestApp, sessionId: string, blog: object) =>
  test.app.inject({ method: 'PUT', url: `/api/sessions/${sessionId}/blog`, headers: test.as(CHAIR), payload: blog });

/** A chair extends the series' interest deadline for one person (POST /api/series/:id/extensions); the response. */
export const grantExtension = (test: TestApp, seriesId: string, extension: { email: string; until: string }) =>
  test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/extensions`,
    headers: test.as(CHAIR),
    payload: extension,
  });

/** A chair's import of the series' contacts: CSV text, or JSON. */
export const importContacts = (test: TestApp, seriesId: string, payload: string | object, type = 'text/csv') =>
  test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/contacts`,
    headers: { ...test.as(CHAIR), 'content-type': type },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

/** A row the contacts import refuses, as the response's details give it. */
export const refusedRow = (row: number, field: string, code: string, value: string, problem: string) => ({
  row,
  field,
  problem,
  code,
  params: { value },
});
