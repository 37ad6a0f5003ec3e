// Benchmark: the mail worker's look for session reminders and attendees' restored invitations,
// which runs synchronously before every delivery pass (every 5 s), on a service with years of
// history: 800 past sessions of 250 registrants each, their calendar copies and role holders,
// and 8 sessions in the coming week. Measured with the upcoming-sessions index, then again in
// the same run without it, which is what every pass cost before the index.
// Target: a pass in under 40 ms (median of 21): it holds the event loop while it runs.
// Run: npx tsx scripts/bench-worker-pass.ts [--passes 21]

import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { attendees, calendarCopies, people, roleAssignments, sessions } from '../db/schema.js';
import type { Db } from '../src/db.js';
import { DAY_MS } from '../src/domain/time.js';
import { queueAttendeeReminders } from '../src/modules/attendance/reminders.js';
import { queueRestoredAttendeeCopies } from '../src/modules/attendance/service.js';
import { queueRoleHolderReminders } from '../src/modules/invitations/reminders.js';
import { median, reportRows } from './bench-report.js';
import { seriesApp } from './bench-setup.js';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '21' } } });
const passes = Number(values.passes);
const PAST_SESSIONS = 800;
const UPCOMING_SESSIONS = 8;
const REGISTRANTS = 250;
const PEOPLE = 20_000;
const ROLES_PER_SESSION = 8;
const TARGET_MS = 40;

const { app, clock, seriesId } = await seriesApp();
const db = app.db;
const now = clock.now().getTime();

/** Inserts the rows in chunks (SQLite limits the parameters of one statement), in one transaction. */
function insertAll<
  T extends typeof people | typeof sessions | typeof attendees | typeof calendarCopies | typeof roleAssignments,
>(table: T, rows: T['$inferInsert'][]) {
  db.transaction((tx) => {
    for (let i = 0; i < rows.length; i += 400)
      tx.insert(table)
        .values(rows.slice(i, i + 400))
        .run();
  });
}

const personId = (n: number) => `bench-person-${n}`;
insertAll(
  people,
  Array.from({ length: PEOPLE }, (_, n) => ({
    id: personId(n),
    email: `p${n}@example.org`,
    calendarKey: `key-${n}`,
    createdAt: new Date(now),
  })),
);

const sessionCount = PAST_SESSIONS + UPCOMING_SESSIONS;
const startOf = (s: number) =>
  s < PAST_SESSIONS
    ? new Date(now - (PAST_SESSIONS - s) * 2 * DAY_MS)
    : new Date(now + (s - PAST_SESSIONS + 1) * 0.8 * DAY_MS);
insertAll(
  sessions,
  Array.from({ length: sessionCount }, (_, s) => ({
    id: `bench-session-${s}`,
    seriesId,
    title: `Session ${s}`,
    startsAt: startOf(s),
    calendarUid: `bench-session-${s}@example.org`,
    createdAt: new Date(now),
  })),
);

for (let s = 0; s < sessionCount; s++) {
  const registrants = Array.from({ length: REGISTRANTS }, (_, k) => (s * 97 + k * 13) % PEOPLE);
  const unique = [...new Set(registrants)];
  insertAll(
    attendees,
    unique.map((p) => ({
      id: `bench-attendee-${s}-${p}`,
      sessionId: `bench-session-${s}`,
      personId: personId(p),
      via: 'page' as const,
      registeredAt: new Date(startOf(s).getTime() - 30 * DAY_MS),
      createdAt: new Date(now),
    })),
  );
  insertAll(
    calendarCopies,
    unique.map((p) => ({
      uid: `bench-session-${s}@example.org`,
      personId: personId(p),
      sequence: 0,
      method: 'REQUEST' as const,
      snapshot: {
        start: startOf(s).getTime(),
        end: startOf(s).getTime() + 90 * 60_000,
        url: null,
        title: `Session ${s}`,
        description: null,
      },
      sentAt: new Date(startOf(s).getTime() - 30 * DAY_MS),
    })),
  );
  insertAll(
    roleAssignments,
    Array.from({ length: ROLES_PER_SESSION }, (_, r) => ({
      id: `bench-role-${s}-${r}`,
      sessionId: `bench-session-${s}`,
      role: 'co_blogger' as const,
      personId: personId((s * 31 + r * 7919) % PEOPLE),
      status: 'accepted' as const,
      invitedAt: new Date(startOf(s).getTime() - 40 * DAY_MS),
      createdAt: new Date(now),
    })),
  );
}

function pass(database: Db): void {
  queueRoleHolderReminders(database, clock);
  queueAttendeeReminders(database, clock);
  queueRestoredAttendeeCopies(database, clock);
}

/** The median milliseconds of a pass, after a first one (which queues the reminders due). */
function timePasses(): number {
  pass(db);
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    pass(db);
    times.push(performance.now() - started);
  }
  return median(times);
}

const withIndex = timePasses();
db.run(sql`DROP INDEX sessions_upcoming`);
const withoutIndex = timePasses();
db.run(sql`CREATE INDEX sessions_upcoming ON sessions (status, starts_at)`);
await app.close();

const stored = `${PAST_SESSIONS + UPCOMING_SESSIONS} sessions, ${(sessionCount * REGISTRANTS).toLocaleString('en')} registrations`;
console.log(`worker pass over ${stored}: ${withIndex.toFixed(2)} ms; without the index ${withoutIndex.toFixed(2)} ms`);
reportRows([
  {
    name: `Mail worker's reminder and restored-invitation look, per pass (${stored} stored)`,
    ours: `${withIndex.toFixed(2)} ms`,
    bare: `${withoutIndex.toFixed(2)} ms without the upcoming-sessions index`,
    ratio: `${(withIndex / withoutIndex).toFixed(3)}×`,
    target: `< ${TARGET_MS} ms, median of ${passes} passes`,
    pass: withIndex < TARGET_MS,
  },
]);
process.exit(withIndex < TARGET_MS ? 0 : 1);
