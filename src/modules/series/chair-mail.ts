// The mail kind that tells a person they chair a series:
//
//   chair_appointed  {seriesId}  to the new chair: what chairs do, who chairs with them, the
//                    deadline, the link to the series' page
//
// Sent when a person becomes a chair (a new series, or chairs added to one); not to chairs who
// stay, nor to the person who made the change. Importing this module registers the kind.
import * as chair from '../../../emails/chair-appointed.js';
import { defineMailKind, payloadText, seriesAndReader, Undeliverable } from '../../mail/render.js';
import { displayName } from '../people/repository.js';
import { chairsOf } from './repository.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    chair_appointed: { seriesId: string };
  }
}

defineMailKind('chair_appointed', {
  payload: (raw) => ({ seriesId: payloadText(raw, 'seriesId') }),
  render(row, payload, { db, config }) {
    const { series, reader } = seriesAndReader(db, row, payload.seriesId, {});
    const chairs = chairsOf(db, series.id);
    if (!chairs.some((c) => c.id === row.personId))
      throw new Undeliverable('not_concerned', 'they no longer chair the series');
    const mail = chair.render({
      reader,
      series,
      otherChairs: chairs.filter((c) => c.id !== row.personId).map(displayName),
      interestDeadline: series.interestDeadline,
      url: `${config.publicUrl}/series/${encodeURIComponent(series.id)}/manage`,
    });
    return { to: row.toEmail, ...mail };
  },
});
