import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { common } from '../../../emails/i18n.js';
import { feedUid } from '../../calendar/event.js';
import { publishFeed } from '../../calendar/ics.js';
import { notFound } from '../../errors.js';
import { requireSeriesChair, signedIn } from '../auth/access.js';
import { displayName, findPersonByCalendarKey } from '../people/repository.js';
import { errorResponses, IdParams } from '../schemas.js';
import { findSeries } from '../series/repository.js';
import { findSession, type SessionRow, seriesOfSession, sessionsOfSeries } from '../sessions/view.js';
import { sessionsInvitedTo } from './assignments.js';
import { sendInvitations } from './service.js';

const feedEvent = (session: SessionRow, publicUrl: string) => ({
  uid: feedUid(session.calendarUid),
  sequence: session.calendarSequence,
  start: session.startsAt as Date,
  end: new Date((session.startsAt as Date).getTime() + session.durationMinutes * 60_000),
  summary: session.title,
  description: session.description ?? '',
  url: session.meetingUrl ?? `${publicUrl}/series/${session.seriesId}`,
  status: session.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
});

export const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;
  // PUBLISH calendars need an ORGANIZER too (RFC 5546), or strict readers refuse the feed.
  const organizer = { name: config.mailFrom.name, email: config.mailFrom.address };

  app.post(
    '/api/sessions/:id/invitations',
    {
      onRequest: requireSeriesChair({ what: 'session', seriesOf: seriesOfSession }),
      schema: {
        tags: ['invitations'],
        summary: 'Invite everyone assigned and not yet invited; update those whose invitation is out of date',
        description:
          'One role-specific email each, with the invitation as text/calendar; method=REQUEST. Calling it again queues only what changed; people who declined get nothing.',
        params: IdParams,
        response: { 202: Type.Object({ queued: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = findSession(db, request.params.id);
      if (!session) throw notFound('session', request.params.id);
      return reply.code(202).send({ queued: sendInvitations(db, clock, signedIn(request), session) });
    },
  );

  app.get(
    '/calendar/series/:file',
    {
      schema: {
        tags: ['invitations'],
        summary: 'The series as a calendar feed (METHOD:PUBLISH): every scheduled session',
        params: Type.Object({ file: Type.String({ pattern: '^[^/]+\\.ics$', maxLength: 80 }) }),
      },
    },
    async (request, reply) => {
      const id = request.params.file.replace(/\.ics$/, '');
      const series = findSeries(db, id);
      if (!series) throw notFound('series', id);
      const events = sessionsOfSeries(db, id)
        .filter((s) => s.status === 'scheduled' && s.startsAt)
        .map((s) => feedEvent(s, config.publicUrl));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="series.ics"')
        .send(publishFeed({ name: series.title, events, stamp: clock.now(), organizer }));
    },
  );

  app.get(
    '/calendar/people/:file',
    {
      schema: {
        tags: ['invitations'],
        summary: "A person's own calendar feed behind a secret address: the sessions they hold a role in",
        params: Type.Object({ file: Type.String({ pattern: '^[^/]+\\.ics$', maxLength: 120 }) }),
      },
    },
    async (request, reply) => {
      const key = request.params.file.replace(/\.ics$/, '');
      const person = findPersonByCalendarKey(db, key);
      if (!person) throw notFound('calendar feed', 'that address');
      const held = sessionsInvitedTo(db, person.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(
          publishFeed({
            name: common[person.language ?? 'en'].feedName(displayName(person)),
            events: held.map((s) => feedEvent(s, config.publicUrl)),
            stamp: clock.now(),
            organizer,
          }),
        );
    },
  );
};
