// Attending a session through the API: registering (a session, or every open session of a
// series), unregistering, and the call's signed link for contacts (no password).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../errors.js';
import { Instant, nullable } from '../../lib/schema-parts.js';
import { requireExisting, requireSignedIn, signedIn } from '../auth/access.js';
import { errorResponses, IdParams } from '../schemas.js';
import { findSeries, seriesExists } from '../series/repository.js';
import { findSession, type SessionRow, seriesOfSession, sessionsOfSeries } from '../sessions/view.js';
import {
  attendeeOf,
  attendFromCall,
  contactOfLink,
  contactStanding,
  isRegistered,
  registerForSeries,
  registerToAttend,
  registrationOpen,
  unregisterFromSession,
} from './service.js';

const Attendance = Type.Object({
  sessionId: Type.String(),
  registered: Type.Boolean(),
  registeredAt: nullable(Instant),
});

const Token = Type.String({ minLength: 1, maxLength: 200 });

const LinkSession = Type.Object({
  id: Type.String(),
  title: Type.String(),
  startsAt: nullable(Instant),
  status: Type.String(),
  registered: Type.Boolean(),
  open: Type.Boolean(),
});

const LinkView = Type.Object({
  series: Type.Object({ id: Type.String(), title: Type.String() }),
  name: nullable(Type.String()),
  sessions: Type.Array(LinkSession),
});

export const attendanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  const loadSession = (id: string): SessionRow => {
    const session = findSession(db, id);
    if (!session) throw notFound('session', id);
    return session;
  };

  app.post(
    '/api/sessions/:id/attendance',
    {
      onRequest: [requireSignedIn, requireExisting('session', seriesOfSession)],
      schema: {
        tags: ['attendance'],
        summary: 'Register to attend a session',
        description:
          'The signed-in person is registered and sent the session as a calendar invitation (ATTENDEE ROLE=OPT-PARTICIPANT), then its updates, reminders and cancellation. 201 when registered now, 200 when already registered. 409 `registration_closed` once the session has started, `session_cancelled`, `session_not_scheduled` for an alternate topic.',
        params: IdParams,
        response: { 200: Attendance, 201: Attendance, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { attendee, created } = registerToAttend(
        db,
        clock,
        signedIn(request),
        loadSession(request.params.id),
        'api',
      );
      return reply.code(created ? 201 : 200).send({
        sessionId: attendee.sessionId,
        registered: true,
        registeredAt: attendee.registeredAt.toISOString(),
      });
    },
  );

  app.get(
    '/api/sessions/:id/attendance',
    {
      onRequest: [requireSignedIn, requireExisting('session', seriesOfSession)],
      schema: {
        tags: ['attendance'],
        summary: 'Whether the signed-in person is registered to attend the session',
        params: IdParams,
        response: { 200: Attendance, ...errorResponses },
      },
    },
    async (request) => {
      const row = attendeeOf(db, request.params.id, signedIn(request).id);
      return {
        sessionId: request.params.id,
        registered: isRegistered(row),
        registeredAt: row && isRegistered(row) ? row.registeredAt.toISOString() : null,
      };
    },
  );

  app.delete(
    '/api/sessions/:id/attendance',
    {
      onRequest: [requireSignedIn, requireExisting('session', seriesOfSession)],
      schema: {
        tags: ['attendance'],
        summary: 'Unregister from a session',
        description:
          "The person's copy of the event leaves their calendar (METHOD:CANCEL). 204 also when they were not registered. 409 `registration_closed` once the session has started.",
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      unregisterFromSession(db, clock, signedIn(request), loadSession(request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/series/:id/attendance',
    {
      onRequest: [requireSignedIn, requireExisting('series', seriesExists)],
      schema: {
        tags: ['attendance'],
        summary: 'Register to attend every session of a series still ahead',
        description: '409 `no_session_open` when no session of the series is still open to registration.',
        params: IdParams,
        response: { 201: Type.Object({ sessions: Type.Array(Attendance) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const done = registerForSeries(db, clock, signedIn(request), series, 'api');
      return reply.code(201).send({
        sessions: done.map(({ registration }) => ({
          sessionId: registration.attendee.sessionId,
          registered: true,
          registeredAt: registration.attendee.registeredAt.toISOString(),
        })),
      });
    },
  );

  const LinkParams = Type.Object({ contactId: Type.String({ minLength: 1, maxLength: 64 }) });

  app.get(
    '/api/attend/:contactId',
    {
      schema: {
        tags: ['attendance'],
        summary:
          "What the call's registration link shows: the series' sessions and which the contact is registered for",
        description: 'The link (its `token`) is the key: no sign-in. 404 for a link this service did not make.',
        params: LinkParams,
        querystring: Type.Object({ token: Token }),
        response: { 200: LinkView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { contact, series } = contactOfLink(db, config, request.params.contactId, request.query.token);
      // Opening the link writes nothing: the person is looked up, not created.
      const { registered } = contactStanding(db, contact);
      const now = clock.now();
      reply.header('cache-control', 'private, no-store');
      return {
        series: { id: series.id, title: series.title },
        name: contact.name,
        sessions: sessionsOfSeries(db, series.id)
          .filter((s) => s.status !== 'alternate')
          .map((s) => ({
            id: s.id,
            title: s.title,
            startsAt: s.startsAt?.toISOString() ?? null,
            status: s.status,
            registered: registered.has(s.id),
            open: registrationOpen(now, s),
          })),
      };
    },
  );

  app.post(
    '/api/attend/:contactId',
    {
      schema: {
        tags: ['attendance'],
        summary: "Register (or unregister) from the call's link, without a password",
        description:
          'Registers the contact for `sessionId`, or for every session still ahead when it is left out; with `unregister: true`, unregisters them from `sessionId`. Answers with the sessions the request was about.',
        params: LinkParams,
        body: Type.Object({
          token: Token,
          sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          unregister: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ sessions: Type.Array(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const { sessions } = attendFromCall(db, clock, config, { contactId: request.params.contactId, ...request.body });
      return { sessions };
    },
  );
};
