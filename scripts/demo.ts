// The example series of the call for interest (shared reference: the forum post "Way forward
// and next sessions"), dated in the coming year. Loading it twice adds nothing twice.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { series, sessions, workstreams } from '../db/schema.js';
import type { Clock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { type Db, inTransaction } from '../src/db.js';
import { planDates } from '../src/domain/planner.js';
import { parseDeadline } from '../src/domain/time.js';
import { newId } from '../src/lib/ids.js';
import { chairsOf } from '../src/modules/series/repository.js';
import { createSeries } from '../src/modules/series/service.js';
import { createSessions } from '../src/modules/sessions/service.js';

export const DEMO_TITLE = 'Governance for strategic purchasing';
/** Marks the demo's series; a chair's own series of the same title is never taken for it. */
export const DEMO_KEY = 'call-for-interest';
const ZONE = 'Africa/Nairobi';

const TOPICS = [
  'Governance for SP: implementing RBF in a decentralized setting',
  'Health Information Systems and SP',
  'SP instruments to improve quality of health services',
  'Implementation of purchaser provider split (questions of political feasibility, autonomy)',
];

export function loadDemo(db: Db, clock: Clock, config: Config): { id: string; created: boolean } {
  const existing = db.select({ id: series.id }).from(series).where(eq(series.demoKey, DEMO_KEY)).get();
  if (existing) return { id: existing.id, created: false };

  // "let us know by 15 March": the next 15 March still ahead, and the sessions in that year.
  const today = DateTime.fromJSDate(clock.now(), { zone: ZONE });
  const year = today < today.set({ month: 3, day: 15 }).endOf('day') ? today.year : today.year + 1;
  const deadline = parseDeadline(`${year}-03-15`, ZONE);
  const plan = planDates(
    { firstMonth: `${year}-04`, everyMonths: 2, count: 4, week: 'last', weekday: 'wednesday', time: '14:00' },
    ZONE,
  );
  if (!deadline.ok || !plan.ok) throw new Error('The demo programme could not be dated.');

  return inTransaction(db, () => {
    const row = createSeries(
      db,
      clock,
      null,
      {
        title: DEMO_TITLE,
        description:
          'A structured webinar series on governance for strategic purchasing at country level: one subtopic a session, ' +
          'with a focal country presenting and a discussant country asking a practical "how to" question; plus a parallel ' +
          'workstream on citizen participation. Intermediate products: 1-2 page blog posts; end product: a synthesis paper.',
        timezone: ZONE,
        interestDeadline: deadline.instant,
      },
      [
        { email: 'amina.odhiambo@example.org', name: 'Amina Odhiambo' },
        { email: 'lucia.fernandez@example.org', name: 'Lucía Fernández' },
      ],
    );
    db.update(series).set({ demoKey: DEMO_KEY }).where(eq(series.id, row.id)).run();
    const [firstChair] = chairsOf(db, row.id);
    if (!firstChair) throw new Error('The demo series has no chair.');
    const planned = createSessions(db, clock, firstChair, row, config.publicUrl, [
      ...plan.dates.map((date, i) => ({
        title: TOPICS[i] ?? `Session ${i + 1}`,
        description: null,
        startsAt: date.startsAt,
        durationMinutes: 90,
        meetingUrl: null,
        alternate: false,
      })),
      {
        title: 'PFM for strategic purchasing',
        description: 'Alternate topic.',
        startsAt: null,
        durationMinutes: 90,
        meetingUrl: null,
        alternate: true,
      },
    ]);
    const first = planned[0];
    if (first) db.update(sessions).set({ focalCountry: 'AR' }).where(eq(sessions.id, first.id)).run();
    db.insert(workstreams)
      .values({
        id: newId(),
        seriesId: row.id,
        title: 'Citizen participation for strategic purchasing',
        description:
          'A subgroup sharing experiences of citizen participation; convened by a volunteer, supported by a series chair. ' +
          'Frequency decided by the subgroup, with possible feedback sessions linked to the series.',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .run();
    return { id: row.id, created: true };
  });
}
