import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { feedUid } from '../../calendar/event.js';
import { publishFeed } from '../../calendar/ics.js';
import { replyActions } from '../../domain/vocabulary.js';
import { notFound } from '../../errors.js';
import { requireSeriesChair, signedIn } from '../auth/access.js';
import { displayName, findPersonByCalendarKey } from '../people/repository.js';
import { errorResponses, IdParams } from '../schemas.js';
import { findSeries } from '../series/repository.js';
import { findSession, type SessionRow, seriesOfSession, sessionsOfSeries } from '../sessions/view.js';
import { sessionsInvitedTo } from './assignments.js';
import type { ReplyAction } from './links.js';
import { replyPage } from './pages.js';
import { answerInvitation, readReply, sendInvitations } from './service.js';

const ReplyParams = Type.Object({
  assignmentId: Type.String({ minLength: 1, maxLength: 64 }),
  action: Type.Enum([...replyActions]),
});

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
  await app.register(formbody);

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

  // Opening a link changes nothing (mail scanners open links): it shows what pressing the button will do.
  app.get(
    '/invitations/:assignmentId/:action',
    {
      // The page holds the link's token and names the invitee.
      config: { private: true },
      schema: {
        hide: true,
        params: ReplyParams,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (request, reply) => {
      const { assignmentId, action } = request.params;
      const view = readReply(db, config, assignmentId, action as ReplyAction, request.query.token ?? '');
      return reply
        .code(view.status)
        .type('text/html; charset=utf-8')
        .send(replyPage({ ...view.page, confirmed: false }));
    },
  );

  app.post(
    '/invitations/:assignmentId/:action',
    {
      // The page holds the link's token and names the invitee.
      config: { private: true },
      schema: {
        hide: true,
        params: ReplyParams,
        body: Type.Object({ token: Type.String({ maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      const { assignmentId, action } = request.params;
      const view = answerInvitation(db, clock, config, assignmentId, action as ReplyAction, request.body.token);
      return reply
        .code(view.status)
        .type('text/html; charset=utf-8')
        .send(replyPage({ ...view.page, confirmed: view.status === 200 }));
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
            name: `${displayName(person)}: webinar sessions`,
            events: held.map((s) => feedEvent(s, config.publicUrl)),
            stamp: clock.now(),
            organizer,
          }),
        );
    },
  );
};
