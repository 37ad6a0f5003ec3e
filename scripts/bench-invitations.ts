// Benchmark: 1,000 invitations built and queued (target: under 2 s), then delivered to an SMTP
// server on loopback (messages per second). 200 sessions × 5 people (chair, supporting chair,
// focal, discussant, co-blogger); median of several runs of the queueing and of the building.
// Run: npx tsx scripts/bench-invitations.ts [--runs 3]
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { allCountries } from '../src/domain/countries.js';
import { sendInvitations } from '../src/modules/invitations/service.js';
import { findSession } from '../src/modules/sessions/view.js';
import { median, reportRows } from './bench-report.js';
import { seriesApp, timeRendering } from './bench-setup.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const SESSIONS = 200;

const received = { count: 0 };
const smtp = new SMTPServer({
  authOptional: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received.count++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;

const queueTimes: number[] = [];
const buildTimes: number[] = [];
const deliveryRates: number[] = [];

for (let run = 0; run < runs; run++) {
  const { app, clock, chair, auth, seriesId } = await seriesApp({ smtpUrl: `smtp://127.0.0.1:${smtpPort}` });
  // A country presents once in a series: 200 sessions need 200 focal countries.
  const countries = allCountries().map((c) => c.code);
  const sessionIds: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(3 + Math.floor(i / 28)).padStart(2, '0');
    const session = (
      await app.inject({
        method: 'POST',
        url: `/api/series/${seriesId}/sessions`,
        headers: auth,
        payload: { title: `Session ${i}`, startsAt: `2027-${month}-${day}T14:00` },
      })
    ).json();
    sessionIds.push(session.id);
    const lineup = await app.inject({
      method: 'PUT',
      url: `/api/sessions/${session.id}/roles`,
      headers: auth,
      payload: {
        chair: { email: `chair${i}@example.org`, name: `Chair ${i}` },
        supportingChair: { email: 'chair@example.org' },
        focal: { country: countries[i], people: [{ email: `focal${i}@example.org` }] },
        discussant: { country: countries[i + 1], people: [{ email: `discussant${i}@example.org` }] },
        coBloggers: [{ email: `blogger${i}@example.org` }],
      },
    });
    if (lineup.statusCode !== 200) throw new Error(lineup.body);
  }

  // 1. Queue: what the request path does (one transaction per session, as the API does it).
  let started = performance.now();
  let queued = 0;
  for (const id of sessionIds) queued += sendInvitations(app.db, clock, chair, findSession(app.db, id) as never);
  queueTimes.push(performance.now() - started);
  if (queued !== SESSIONS * 5) throw new Error(`queued ${queued}`);

  // 2. Build: render each message with its calendar part, as the worker does before sending.
  const built = timeRendering(app, clock, 'invitation');
  if (built.count !== queued) throw new Error(`built ${built.count} of ${queued}`);
  buildTimes.push(built.ms);

  // 3. Deliver through the worker to the loopback SMTP server.
  received.count = 0;
  started = performance.now();
  while (received.count < queued) {
    const report = await app.mail.deliverDue();
    if (report.sent === 0 && report.failed > 0) throw new Error('delivery failed');
  }
  deliveryRates.push(queued / ((performance.now() - started) / 1000));
  await app.close();
}
smtp.close();

const queueMs = median(queueTimes);
const buildMs = median(buildTimes);
console.log(`queue 1,000 invitations: ${queueMs.toFixed(0)} ms (median of ${runs})`);
console.log(`build 1,000 invitations (text, HTML, calendar): ${buildMs.toFixed(0)} ms`);
console.log(`built and queued: ${(queueMs + buildMs).toFixed(0)} ms (target < 2000 ms)`);
console.log(`delivery to a loopback SMTP server: ${median(deliveryRates).toFixed(0)} messages/s`);
const deliveryRate = median(deliveryRates);
reportRows([
  {
    name: '1,000 invitations built and queued',
    ours: `${(queueMs + buildMs).toFixed(0)} ms`,
    target: '< 2,000 ms',
    pass: queueMs + buildMs < 2000,
  },
  {
    name: 'Delivery to a loopback SMTP server',
    ours: `${deliveryRate.toFixed(0)} messages/s`,
    target: 'none set (reported)',
    pass: null,
  },
]);
process.exit(queueMs + buildMs < 2000 ? 0 : 1);
