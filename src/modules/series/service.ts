// Opening a series (an administrator) and changing one (its chairs, from the API or the settings
// page): the zone, the deadline read in it and the chairs checked, then written with the audit entry.
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { invalidRequest } from '../../errors.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { checkedDeadline, checkedEmail, checkedZone, cleanText } from '../checks.js';
import type { Person } from '../people/repository.js';
import {
  type ChairInput,
  insertSeries,
  replaceChairs,
  type SeriesFields,
  type SeriesRow,
  updateSeriesRow,
} from './repository.js';
import type { SeriesCreate, SeriesPatch } from './schemas.js';

function checkedChairs(chairs: { email: string; name?: string }[]): ChairInput[] {
  const emails = chairs.map((c, i) => checkedEmail(c.email, `chairs[${i}].email`));
  const repeated = emails.find((e, i) => emails.indexOf(e) !== i);
  if (repeated) throw invalidRequest(`chairs names ${repeated} more than once.`, { field: 'chairs', email: repeated });
  return chairs.map((c, i) => ({ email: emails[i] as string, name: cleanText(c.name) }));
}

/** Sets the chairs; each new one, other than the person making the change, is told (mail). */
function appointChairs(db: Db, clock: Clock, actor: Person | null, seriesId: string, chairs: ChairInput[]): void {
  for (const person of replaceChairs(db, clock, seriesId, chairs)) {
    if (person.id === actor?.id) continue;
    enqueue(db, clock, {
      kind: 'chair_appointed',
      toEmail: person.email,
      personId: person.id,
      seriesId,
      payload: { seriesId },
      dedupeKey: `chair:${seriesId}:${person.id}:${clock.now().getTime()}`,
    });
  }
}

/** A new series with its chairs (told of it), from checked fields; audited as series.create. */
export function createSeries(
  db: Db,
  clock: Clock,
  actor: Person | null,
  fields: SeriesFields,
  chairs: ChairInput[],
): SeriesRow {
  return inTransaction(db, () => {
    const row = insertSeries(db, clock, fields);
    appointChairs(db, clock, actor, row.id, chairs);
    recordAudit(db, clock, actor?.id ?? null, 'series.create', ['series', row.id, row.id], {
      ...fields,
      chairs: chairs.map((c) => c.email),
    });
    return row;
  });
}

export function openSeries(db: Db, clock: Clock, actor: Person | null, body: SeriesCreate): SeriesRow {
  const timezone = checkedZone(body.timezone);
  const fields: SeriesFields = {
    title: body.title.trim(),
    description: cleanText(body.description),
    timezone,
    interestDeadline: body.interestDeadline
      ? checkedDeadline(body.interestDeadline, timezone, 'interestDeadline')
      : null,
  };
  return createSeries(db, clock, actor, fields, checkedChairs(body.chairs));
}

/** Applies the fields given; a new deadline is read in the new zone when both change. */
export function changeSeries(db: Db, clock: Clock, actor: Person, current: SeriesRow, body: SeriesPatch): SeriesRow {
  const timezone = body.timezone !== undefined ? checkedZone(body.timezone) : current.timezone;
  const changes: Partial<SeriesFields> = {};
  if (body.title !== undefined) changes.title = body.title.trim();
  if (body.description !== undefined) changes.description = cleanText(body.description);
  if (body.timezone !== undefined) changes.timezone = timezone;
  if (body.interestDeadline !== undefined) {
    changes.interestDeadline = body.interestDeadline
      ? checkedDeadline(body.interestDeadline, timezone, 'interestDeadline')
      : null;
  }
  const chairs = body.chairs ? checkedChairs(body.chairs) : undefined;
  const id = current.id;
  return inTransaction(db, () => {
    const row = updateSeriesRow(db, clock, id, changes);
    if (chairs) appointChairs(db, clock, actor, id, chairs);
    recordAudit(db, clock, actor.id, 'series.update', ['series', id, id], {
      ...changes,
      ...(chairs ? { chairs: chairs.map((c) => c.email) } : {}),
    });
    return row;
  });
}
