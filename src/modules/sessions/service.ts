// Adding sessions to a series, one by one or as a planned run: the rules (a date unless it is an
// alternate topic, one title per planned session, a real day of the month), then the write with
// its audit entry. The API and the settings page both call these.
import type { series as seriesTable } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { defaultAgenda } from '../../domain/agenda.js';
import { planDates } from '../../domain/planner.js';
import { invalidRequest } from '../../errors.js';
import { recordAudit } from '../audit/log.js';
import { checkedDateTime, checkedUrl, checkNotInThePast, cleanText } from '../checks.js';
import type { Person } from '../people/repository.js';
import { replaceAgenda } from './agenda.js';
import { insertSession, type NewSession } from './repository.js';
import type { PlanBody, SessionCreate } from './schemas.js';
import type { SessionRow } from './view.js';

const DEFAULT_MINUTES = 90;

/** Adds sessions in one transaction, each audited; a dated one starts with the call's agenda fitted to its length. */
export function createSessions(
  db: Db,
  clock: Clock,
  actor: Person,
  series: { id: string; timezone: string },
  publicUrl: string,
  drafts: NewSession[],
): SessionRow[] {
  for (const draft of drafts) if (draft.startsAt) checkNotInThePast(clock.now(), draft.startsAt);
  return inTransaction(db, () =>
    drafts.map((draft) => {
      const row = insertSession(db, clock, series.id, publicUrl, draft);
      if (draft.startsAt) {
        replaceAgenda(
          db,
          row.id,
          defaultAgenda({ startsAt: draft.startsAt, durationMinutes: draft.durationMinutes }, series.timezone),
        );
      }
      recordAudit(db, clock, actor.id, 'session.create', ['session', row.id, series.id], { ...draft });
      return row;
    }),
  );
}

export function addSession(
  db: Db,
  clock: Clock,
  actor: Person,
  series: typeof seriesTable.$inferSelect,
  publicUrl: string,
  body: SessionCreate,
): SessionRow {
  const alternate = body.alternate ?? false;
  const startsAt = body.startsAt ? checkedDateTime(body.startsAt, series.timezone, 'startsAt') : null;
  if (!startsAt && !alternate) {
    throw invalidRequest('startsAt is required: only an alternate topic (alternate: true) may have no date yet.', {
      field: 'startsAt',
      reason: 'needed',
    });
  }
  const [row] = createSessions(db, clock, actor, series, publicUrl, [
    {
      title: body.title.trim(),
      description: cleanText(body.description),
      startsAt,
      durationMinutes: body.durationMinutes ?? DEFAULT_MINUTES,
      meetingUrl: body.meetingUrl ? checkedUrl(body.meetingUrl, 'meetingUrl') : null,
      alternate,
    },
  ]);
  return row as SessionRow;
}

/**
 * Plans a run of sessions at a fixed rhythm in the series' zone. `defaultTitle(n)` names a session
 * the body gives no title for, in the words of whoever asked ("Session 3", "Séance 3").
 */
export function planSessions(
  db: Db,
  clock: Clock,
  actor: Person,
  series: typeof seriesTable.$inferSelect,
  publicUrl: string,
  body: PlanBody,
  defaultTitle: (n: number) => string,
): SessionRow[] {
  if (body.titles && body.titles.length !== body.count) {
    throw invalidRequest(
      `titles has ${body.titles.length} entries but count is ${body.count}: give one title per session.`,
      { field: 'titles' },
    );
  }
  const plan = planDates({ ...body, everyMonths: body.everyMonths ?? 3 }, series.timezone);
  if (!plan.ok) throw invalidRequest(plan.message, { field: plan.field });
  return createSessions(
    db,
    clock,
    actor,
    series,
    publicUrl,
    plan.dates.map((date, i) => ({
      title: body.titles?.[i]?.trim() || defaultTitle(i + 1),
      description: null,
      startsAt: date.startsAt,
      durationMinutes: body.durationMinutes ?? DEFAULT_MINUTES,
      meetingUrl: null,
      alternate: false,
    })),
  );
}
