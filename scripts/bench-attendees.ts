// Benchmark: 1,000 registrants of one session, each registered as the API does it (one
// transaction each, their invitation queued in it), then the 1,000 invitations built as the
// worker builds them (text, HTML and the calendar part, in each reader's language and zone).
// Target: queued and built in under 2 s; median of several runs.
// Run: npx tsx scripts/bench-attendees.ts [--runs 3]
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { testConfig } from '../src/config.js';
import { allCountries } from '../src/domain/countries.js';
import { languages } from '../src/domain/vocabulary.js';
import { renderMessage } from '../src/mail/render.js';
import { registerToAttend } from '../src/modules/attendance/service.js';
import { issueToken } from '../src/modules/auth/tokens.js';
import { ensurePerson, updatePerson } from '../src/modules/people/repository.js';
import { findSession } from '../src/modules/sessions/view.js';
import { median, reportRows } from './bench-report.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const REGISTRANTS = 1000;

const queueTimes: number[] = [];
const buildTimes: number[] = [];

for (let run = 0; run < runs; run++) {
  const clock = new ManualClock('2027-02-01T09:00:00Z');
  const app = await buildApp(testConfig(), { clock, deliverMail: false });
  const chair = ensurePerson(app.db, clock, { email: 'chair@example.org', name: 'Chair', isAdmin: true });
  const auth = { authorization: `Bearer ${issueToken(app.db, clock, chair.id).token}` };
  const series = (
    await app.inject({
      method: 'POST',
      url: '/api/series',
      headers: auth,
      payload: { title: 'Benchmark series', timezone: 'Africa/Nairobi', chairs: [{ email: 'chair@example.org' }] },
    })
  ).json();
  const created = (
    await app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/sessions`,
      headers: auth,
      payload: {
        title: 'A session for everyone',
        startsAt: '2027-04-28T14:00',
        meetingUrl: 'https://meet.example.org/x',
      },
    })
  ).json();
  const session = findSession(app.db, created.id);
  if (!session) throw new Error('no session');
  // People of 60 countries (a large community of practice) and the four languages: each
  // reader's own zone and language, so formats are not all shared.
  const countries = allCountries()
    .map((c) => c.code)
    .slice(0, 60);
  const people = Array.from({ length: REGISTRANTS }, (_, i) => {
    const person = ensurePerson(app.db, clock, { email: `p${i}@example.org`, name: `Person ${i}` });
    return updatePerson(app.db, clock, person.id, {
      country: countries[i % countries.length] ?? null,
      language: languages[i % languages.length] ?? null,
    });
  });

  // 1. Queue: what the request path does, one registration (one transaction) at a time.
  let started = performance.now();
  for (const person of people) registerToAttend(app.db, clock, person, session, 'api');
  queueTimes.push(performance.now() - started);

  // 2. Build: render each invitation with its calendar part, as the worker does before sending.
  const rows = app.db.$client.prepare("select * from outbox where kind = 'attendance_invitation'").all() as Record<
    string,
    unknown
  >[];
  if (rows.length !== REGISTRANTS) throw new Error(`queued ${rows.length}`);
  started = performance.now();
  for (const raw of rows) {
    const row = {
      ...raw,
      toEmail: raw.to_email,
      personId: raw.person_id,
      seriesId: raw.series_id,
      sessionId: raw.session_id,
      payload: JSON.parse(String(raw.payload)),
      createdAt: new Date(Number(raw.created_at)),
    };
    renderMessage(row as never, { db: app.db, config: app.config, now: clock.now() });
  }
  buildTimes.push(performance.now() - started);
  await app.close();
}

const queueMs = median(queueTimes);
const buildMs = median(buildTimes);
console.log(`register 1,000 and queue their invitations: ${queueMs.toFixed(0)} ms (median of ${runs})`);
console.log(`build 1,000 attendee invitations (text, HTML, calendar): ${buildMs.toFixed(0)} ms`);
console.log(`built and queued: ${(queueMs + buildMs).toFixed(0)} ms (target < 2000 ms)`);
reportRows([
  {
    name: "1,000 registrants' invitations queued and built",
    ours: `${(queueMs + buildMs).toFixed(0)} ms`,
    target: '< 2,000 ms',
    pass: queueMs + buildMs < 2000,
  },
]);
process.exit(queueMs + buildMs < 2000 ? 0 : 1);
