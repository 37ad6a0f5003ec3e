// Benchmark: 1,000 registrants of one session, each registered as the API does it (one
// transaction each, their invitation queued in it), then the 1,000 invitations built as the
// worker builds them (text, HTML and the calendar part, in each reader's language and zone).
// Target: queued and built in under 2 s; median of several runs.
// Run: npx tsx scripts/bench-attendees.ts [--runs 3]
import { parseArgs } from 'node:util';
import { allCountries } from '../src/domain/countries.js';
import { languages } from '../src/domain/vocabulary.js';
import { registerToAttend } from '../src/modules/attendance/service.js';
import { ensurePerson, updatePerson } from '../src/modules/people/repository.js';
import { findSession } from '../src/modules/sessions/view.js';
import { median, reportRows } from './bench-report.js';
import { seriesApp, timeRendering } from './bench-setup.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const REGISTRANTS = 1000;

const queueTimes: number[] = [];
const buildTimes: number[] = [];

for (let run = 0; run < runs; run++) {
  const { app, clock, auth, seriesId } = await seriesApp();
  const created = (
    await app.inject({
      method: 'POST',
      url: `/api/series/${seriesId}/sessions`,
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
  const started = performance.now();
  for (const person of people) registerToAttend(app.db, clock, person, session, 'api');
  queueTimes.push(performance.now() - started);

  // 2. Build: render each invitation with its calendar part, as the worker does before sending.
  const built = timeRendering(app, clock, 'attendance_invitation');
  if (built.count !== REGISTRANTS) throw new Error(`queued ${built.count}`);
  buildTimes.push(built.ms);
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
