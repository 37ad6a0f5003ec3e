// The crash test: the real service takes a rush of submissions and replacements from 50 people
// at once and is killed with SIGKILL in the middle of it. Started again on the same file, it
// must hold, for every person, the last version it acknowledged (or the one in flight when it
// died, never an older one), a database SQLite finds sound, and one confirmation per stored
// submission as confirmations are queued now.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { testConfig } from '../src/config.js';
import { issueToken } from '../src/modules/auth/tokens.js';
import { ensurePerson } from '../src/modules/people/repository.js';
import { startService } from './service-process.js';

const PEOPLE = 50;
/** The kill comes once this many submissions were acknowledged (each person several times over)… */
const RUSH_ACKNOWLEDGED = PEOPLE * 3;
/** …or after this long, on a machine too loaded to get there. */
const RUSH_MAX_MS = 60_000;

interface Person {
  email: string;
  token: string;
  /** Versions sent so far (the last one may be in flight). */
  sent: number;
  /** The highest version the service acknowledged with a 2xx. */
  acknowledged: number;
  /** How many submissions the service acknowledged. */
  acknowledgements: number;
  /** The version whose request had no answer when the service died (0: none). */
  inFlight: number;
}

/**
 * How many confirmation rows a person's saves leave: confirmations of one interest coalesce, so
 * the first save queues one and later saves rewrite it while it is unsent; once the worker has
 * sent it, the next save queues one more, held for the rest of the window. So one or two rows,
 * at most one of them still to send, for anyone with a save acknowledged or in flight.
 */
function confirmationRows(person: Person): { min: number; max: number; maxPending: number } {
  const saved = person.acknowledgements > 0 || person.inFlight > 0;
  return saved ? { min: 1, max: 2, maxPending: 1 } : { min: 0, max: 0, maxPending: 0 };
}

const motivationOf = (version: number) => `Version ${version}: we would like to share how purchasing works at home.`;
const versionOf = (motivation: string) => Number(/^Version (\d+):/.exec(motivation)?.[1] ?? Number.NaN);

function start(databasePath: string, dir: string) {
  return startService(
    {
      PORT: '0',
      DATABASE_PATH: databasePath,
      MAIL_OUTBOX_DIR: join(dir, 'outbox'),
      SECRET_KEY: 'crash-test-secret-key-that-is-long-enough-0123',
    },
    // Every request is logged: only the start of the output is kept (the port, or why it stopped).
    { keepOutput: 20_000 },
  );
}

const killed = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

t.test('a service killed during a rush of submissions keeps every acknowledged one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-crash-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'webinars.db');

  // The series, its session and the people, written to the file before the service starts.
  const setup = await buildApp(testConfig({ databasePath }), { deliverMail: false });
  const admin = ensurePerson(setup.db, systemClock, { email: 'admin@example.org', isAdmin: true });
  const adminAuth = { authorization: `Bearer ${issueToken(setup.db, systemClock, admin.id).token}` };
  const created = await setup.inject({
    method: 'POST',
    url: '/api/series',
    headers: adminAuth,
    payload: {
      title: 'Governance for strategic purchasing',
      timezone: 'Africa/Nairobi',
      interestDeadline: '2099-03-15',
      chairs: [{ email: 'chair@example.org', name: 'Chair Person' }],
    },
  });
  t.equal(created.statusCode, 201);
  const seriesId = created.json().id as string;
  const session = await setup.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/sessions`,
    headers: adminAuth,
    payload: { title: 'Health Information Systems and SP', startsAt: '2099-06-30T14:00' },
  });
  t.equal(session.statusCode, 201);
  const sessionId = session.json().id as string;
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => {
    const email = `person${i}@example.org`;
    const person = ensurePerson(setup.db, systemClock, { email, name: `Person ${i}` });
    return {
      email,
      token: issueToken(setup.db, systemClock, person.id).token,
      sent: 0,
      acknowledged: 0,
      acknowledgements: 0,
      inFlight: 0,
    };
  });
  await setup.close();

  const first = start(databasePath, dir);
  t.teardown(() => {
    if (!killed(first.child)) first.child.kill('SIGKILL');
  });
  const base = await first.listening;

  // Each person submits, then replaces their interest again and again, one request at a time
  // on a keep-alive connection of their own, until the service dies under them.
  let dead = false;
  const refusals: string[] = [];
  const rush = people.map(async (person) => {
    while (!dead) {
      const version = ++person.sent;
      person.inFlight = version;
      let status: number;
      let text: string;
      try {
        const res = await fetch(`${base}/api/series/${seriesId}/interests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${person.token}` },
          body: JSON.stringify({
            country: 'AR',
            roles: ['focal'],
            sessions: [sessionId],
            motivation: motivationOf(version),
          }),
        });
        status = res.status;
        text = await res.text();
      } catch {
        // The service died with this request unanswered: it stays in flight.
        if (!dead) refusals.push(`${person.email} v${version}: no answer while the service was up`);
        return;
      }
      person.inFlight = 0;
      if (status === 200 || status === 201) {
        person.acknowledged = version;
        person.acknowledgements++;
      } else {
        refusals.push(`${person.email} v${version}: ${status} ${text.slice(0, 200)}`);
        return;
      }
    }
  });
  // Counted, not timed: on a loaded machine a fixed pause may end before anyone replaced anything,
  // or before some person had a first submission acknowledged (what the checks below rely on).
  const rushStart = performance.now();
  while (
    (people.reduce((n, p) => n + p.acknowledgements, 0) < RUSH_ACKNOWLEDGED ||
      people.some((p) => p.acknowledgements === 0)) &&
    performance.now() - rushStart < RUSH_MAX_MS &&
    refusals.length === 0
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // A few more in flight when the kill lands, wherever each person is.
  await new Promise((resolve) => setTimeout(resolve, 50));
  dead = true;
  first.child.kill('SIGKILL');
  t.same(await first.exited, { code: null, signal: 'SIGKILL' }, 'the service was killed, not stopped');
  await Promise.all(rush);
  t.same(refusals, [], 'every request before the kill was acknowledged');
  const acknowledged = people.filter((p) => p.acknowledgements > 0).length;
  t.equal(acknowledged, PEOPLE, 'every person had at least one submission acknowledged');
  const total = people.reduce((n, p) => n + p.acknowledgements, 0);
  t.ok(total > PEOPLE * 2, `the rush replaced interests many times (${total} acknowledged)`);
  const inFlight = people.filter((p) => p.inFlight > 0).length;
  t.comment(`${total} submissions acknowledged, ${inFlight} in flight at the kill`);

  // Started again on the same file: migrations run again and the chair reads the interests.
  const second = start(databasePath, dir);
  t.teardown(() => {
    if (!killed(second.child)) second.child.kill('SIGKILL');
  });
  const base2 = await second.listening;
  const list = await fetch(`${base2}/api/series/${seriesId}/interests`, { headers: adminAuth });
  t.equal(list.status, 200);
  const stored = new Map(
    ((await list.json()) as { person: { email: string }; motivation: string }[]).map((i) => [
      i.person.email,
      versionOf(i.motivation),
    ]),
  );
  const wrong = people.flatMap((person) => {
    const version = stored.get(person.email);
    const allowed = [person.acknowledged, person.inFlight].filter((v) => v > 0);
    if (version === undefined && person.acknowledged === 0) return [];
    return version !== undefined && allowed.includes(version)
      ? []
      : [{ email: person.email, stored: version ?? null, allowed }];
  });
  t.same(wrong, [], 'each person holds their last acknowledged version, or the one in flight');
  t.equal(stored.size, PEOPLE, 'one interest per person');
  second.child.kill('SIGTERM');
  t.same(await second.exited, { code: 0, signal: null }, 'the restarted service stops cleanly');

  const db = new Database(databasePath, { readonly: true });
  t.teardown(() => db.close());
  t.same(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
  t.same(db.pragma('foreign_key_check'), []);
  const rows = new Map(
    (
      db
        .prepare(
          `select p.email as email, count(*) as n, sum(o.status = 'pending') as pending
           from outbox o join people p on p.id = o.person_id
           where o.kind = 'interest_confirmation' group by p.email`,
        )
        .all() as { email: string; n: number; pending: number }[]
    ).map((r) => [r.email, r]),
  );
  const miscounted = people.flatMap((person) => {
    const { n, pending } = rows.get(person.email) ?? { n: 0, pending: 0 };
    const { min, max, maxPending } = confirmationRows(person);
    return n >= min && n <= max && pending <= maxPending ? [] : [{ email: person.email, rows: n, pending, min, max }];
  });
  t.same(miscounted, [], 'the confirmations queued match the acknowledged submissions');
});
