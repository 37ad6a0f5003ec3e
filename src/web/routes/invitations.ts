// "Send the invitations" for the whole series: a page listing, session by session, who will get
// an invitation or an update (and in which role), then one button for all of them.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db.js';
import { invitationsDue, sendSeriesInvitations } from '../../modules/invitations/service.js';
import { displayName, findPerson } from '../../modules/people/repository.js';
import type { SeriesRow } from '../../modules/series/repository.js';
import { sessionsOfSeries } from '../../modules/sessions/view.js';
import { manageBase, seriesForChair } from '../chair.js';
import type { Page } from '../context.js';
import { pageFor, render } from '../context.js';
import { whenText } from '../format.js';
import { assignmentRoleKeys } from '../labels.js';
import { seeOther } from '../redirect.js';

/** Per session, who the button would write to now. */
export function invitationPlan(db: Db, page: Page, series: SeriesRow) {
  const zone = page.zone ?? series.timezone;
  return sessionsOfSeries(db, series.id).flatMap((session) => {
    const due = invitationsDue(db, session);
    if (due.length === 0 || !session.startsAt) return [];
    return [
      {
        id: session.id,
        title: session.title,
        when: whenText(session.startsAt, page.lang, zone, series.timezone),
        people: due.map((d) => {
          const person = findPerson(db, d.personId);
          return {
            name: person ? displayName(person) : '',
            email: person?.email ?? '',
            role: page.t(assignmentRoleKeys[d.role] ?? 'role.tbd'),
            kind: page.t(d.kind === 'invitation' ? 'invitations.kind.invitation' : 'invitations.kind.update'),
          };
        }),
      },
    ];
  });
}

export async function invitationPageRoutes(app: FastifyInstance) {
  const { db, clock } = app;

  app.get('/series/:id/manage/invitations', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const plan = invitationPlan(db, page, series);
    const total = plan.reduce((n, s) => n + s.people.length, 0);
    return render(reply, page, 'manage-invitations', page.t('invitations.title'), {
      series: { id: series.id, title: series.title },
      base: manageBase(series),
      plan,
      total,
      button: page.n('invitations.send', total),
    });
  });

  app.post('/series/:id/manage/invitations', { preValidation: app.csrfProtection }, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const queued = sendSeriesInvitations(db, clock, person, sessionsOfSeries(db, series.id));
    return seeOther(reply, `${manageBase(series)}?notice=${queued > 0 ? 'invited' : 'nothingToInvite'}&n=${queued}`);
  });
}
