// What the mail benchmarks share: a fresh app with one series and its chair, and the timing of
// the worker's rendering step (text, HTML and calendar part) over every queued message of a kind.
import { eq } from 'drizzle-orm';
import { outbox } from '../db/schema.js';
import { buildApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { type Config, testConfig } from '../src/config.js';
import { renderMessage } from '../src/mail/render.js';
import { issueToken } from '../src/modules/auth/tokens.js';
import { ensurePerson } from '../src/modules/people/repository.js';

/** An app on a fresh database whose worker does not run, with a series in Nairobi and its chair (signed in). */
export async function seriesApp(config: Partial<Config> = {}) {
  const clock = new ManualClock('2027-02-01T09:00:00Z');
  const app = await buildApp(testConfig(config), { clock, deliverMail: false });
  const chair = ensurePerson(app.db, clock, { email: 'chair@example.org', name: 'Chair', isAdmin: true });
  const auth = { authorization: `Bearer ${issueToken(app.db, clock, chair.id).token}` };
  const created = await app.inject({
    method: 'POST',
    url: '/api/series',
    headers: auth,
    payload: { title: 'Benchmark series', timezone: 'Africa/Nairobi', chairs: [{ email: 'chair@example.org' }] },
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  return { app, clock, chair, auth, seriesId: created.json().id as string };
}

/** Renders every queued message of the kind as the worker does before sending; the milliseconds it took. */
export function timeRendering(app: Awaited<ReturnType<typeof seriesApp>>['app'], clock: ManualClock, kind: string) {
  const rows = app.db.select().from(outbox).where(eq(outbox.kind, kind)).all();
  const started = performance.now();
  for (const row of rows) renderMessage(row, { db: app.db, config: app.config, now: clock.now() });
  return { count: rows.length, ms: performance.now() - started };
}
