// The chair's preparatory call with the focal and discussant countries, before a session: one per
// session at a time, invited, updated and cancelled with calendar messages like the session itself.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import Type from 'typebox';
import { preparatoryCalls } from '../../../db/schema.js';
import { inTransaction } from '../../db.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/log.js';
import { requireSeriesChair, signedIn } from '../auth/access.js';
import { checkedDateTime, checkedUrl, checkNotInThePast } from '../checks.js';
import { holdsRole } from '../outputs/routes.js';
import { DateTimeInput, Duration, errorResponses, IdParams, Instant, nullable, Url } from '../schemas.js';
import { findSeries } from '../series/repository.js';
import { findSession, type SessionRow, seriesOfSession } from '../sessions/view.js';
import {
  callEnd,
  callParticipants,
  cancelPrepCall,
  findPrepCall,
  hasCountryPeople,
  holdsCallRole,
  insertPrepCall,
  inviteToPrepCall,
  notifyPrepCallChange,
  type PrepCallRow,
  prepCallOfSession,
  scheduledPrepCall,
  seriesOfPrepCall,
} from './repository.js';

const DEFAULT_DURATION = 45;

const sessionChairOrSeriesChair = requireSeriesChair({
  what: 'session',
  seriesOf: seriesOfSession,
  alsoAllowed: (db, person, id) => holdsRole(db, person, id, ['chair']),
  who: "the session's chair or a chair of this series",
});

const onTheCall = requireSeriesChair({
  what: 'session',
  seriesOf: seriesOfSession,
  alsoAllowed: (db, person, id) => holdsCallRole(db, person, id, ['chair', 'focal', 'discussant']),
  who: "the session's chair, its focal and discussant people, or a chair of this series",
});

const callChairOrSeriesChair = requireSeriesChair({
  what: 'preparatory call',
  seriesOf: seriesOfPrepCall,
  alsoAllowed: (db, person, id) => {
    const call = findPrepCall(db, id);
    return call !== undefined && holdsRole(db, person, call.sessionId, ['chair']);
  },
  who: "the session's chair or a chair of this series",
});

const PrepCallView = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  durationMinutes: Type.Integer(),
  meetingUrl: nullable(Type.String()),
  status: Type.Enum(['scheduled', 'cancelled']),
  invited: Type.Integer({ description: 'How many people the call was sent to' }),
});

const view = (call: PrepCallRow) => ({
  id: call.id,
  sessionId: call.sessionId,
  startsAt: call.startsAt.toISOString(),
  endsAt: callEnd(call).toISOString(),
  durationMinutes: call.durationMinutes,
  meetingUrl: call.meetingUrl,
  status: call.status,
  invited: Object.keys(call.invitedPersonIds).length,
});

const PrepCallBody = Type.Object(
  {
    startsAt: DateTimeInput,
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
  },
  { additionalProperties: false },
);

const PrepCallPatch = Type.Object(
  {
    startsAt: Type.Optional(DateTimeInput),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** 400 unless the call ends by the time the session starts (it prepares the session). */
function checkBeforeSession(session: SessionRow, startsAt: Date, durationMinutes: number, field: string): void {
  if (!session.startsAt) return;
  const end = callEnd({ startsAt, durationMinutes });
  if (end.getTime() > session.startsAt.getTime()) {
    throw invalidRequest(
      `${field}: the preparatory call must end before the session starts (${session.startsAt.toISOString()}); this one would end at ${end.toISOString()}.`,
      { field },
    );
  }
}

export const prepCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  const calendarUid = (id: string) => `prep-call-${id}@${new URL(config.publicUrl).hostname}`;

  const loadSession = (id: string) => {
    const session = findSession(db, id);
    const series = session && findSeries(db, session.seriesId);
    if (!session || !series) throw notFound('session', id);
    return { session, series };
  };

  const loadCall = (id: string) => {
    const call = findPrepCall(db, id);
    const session = call && findSession(db, call.sessionId);
    const series = session && findSeries(db, session.seriesId);
    if (!call || !session || !series) throw notFound('preparatory call', id);
    return { call, session, series };
  };

  app.post(
    '/api/sessions/:id/preparatory-call',
    {
      onRequest: sessionChairOrSeriesChair,
      schema: {
        tags: ['preparatory calls'],
        summary: 'Schedule the chair’s preparatory call with the focal and discussant countries',
        description:
          'Invites the session’s chair and the people of its focal and discussant countries (not anyone who declined) with a calendar invitation (METHOD:REQUEST). startsAt is ISO 8601 with an offset, or a local time in the series’ zone; the call must end before the session starts (400). 409: session_cancelled, session_not_scheduled, preparatory_call_exists (change it with PATCH instead), nobody_to_invite (no focal or discussant people on the line-up yet).',
        params: IdParams,
        body: PrepCallBody,
        response: { 201: PrepCallView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { session, series } = loadSession(request.params.id);
      const body = request.body;
      const startsAt = checkedDateTime(body.startsAt, series.timezone, 'startsAt');
      const durationMinutes = body.durationMinutes ?? DEFAULT_DURATION;
      const meetingUrl = body.meetingUrl ? checkedUrl(body.meetingUrl, 'meetingUrl') : null;
      checkBeforeSession(session, startsAt, durationMinutes, 'startsAt');
      if (session.status === 'cancelled') {
        throw conflict('session_cancelled', 'This session was cancelled; there is nothing to prepare.');
      }
      if (!session.startsAt) {
        throw conflict(
          'session_not_scheduled',
          'This alternate topic has no date yet: give it one before its preparatory call.',
        );
      }
      checkNotInThePast(clock.now(), startsAt);
      const result = inTransaction(db, () => {
        const existing = scheduledPrepCall(db, session.id);
        if (existing) {
          throw conflict(
            'preparatory_call_exists',
            `This session already has a preparatory call (${existing.id}); change it with PATCH /api/preparatory-calls/${existing.id}.`,
            { id: existing.id },
          );
        }
        if (!hasCountryPeople(callParticipants(db, session.id))) {
          throw conflict(
            'nobody_to_invite',
            'The session has no focal or discussant people on its line-up yet: name them before the preparatory call.',
          );
        }
        const id = newId();
        const created = insertPrepCall(db, clock, {
          id,
          session,
          startsAt,
          durationMinutes,
          meetingUrl,
          calendarUid: calendarUid(id),
        });
        const invited = inviteToPrepCall(db, clock, session, created);
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'prep_call.create',
          seriesId: session.seriesId,
          entityType: 'preparatory_call',
          entityId: id,
          details: {
            sessionId: session.id,
            startsAt: startsAt.toISOString(),
            durationMinutes,
            meetingUrl,
            invited: invited.invited,
          },
        });
        return invited;
      });
      return reply.code(201).send({ ...view(result.call), invited: result.invited });
    },
  );

  app.get(
    '/api/sessions/:id/preparatory-call',
    {
      onRequest: onTheCall,
      schema: {
        tags: ['preparatory calls'],
        summary: 'The session’s preparatory call (the scheduled one, else the latest cancelled one)',
        params: IdParams,
        response: { 200: PrepCallView, ...errorResponses },
      },
    },
    async (request) => {
      const { session } = loadSession(request.params.id);
      const call = prepCallOfSession(db, session.id);
      if (!call) throw notFound('preparatory call for the session', session.id);
      return view(call);
    },
  );

  app.patch(
    '/api/preparatory-calls/:id',
    {
      onRequest: callChairOrSeriesChair,
      schema: {
        tags: ['preparatory calls'],
        summary: 'Change the preparatory call',
        description:
          'A new time or length raises the calendar SEQUENCE and sends everyone invited an update (METHOD:REQUEST, same UID). People newly on the line-up since are sent the invitation. 409 preparatory_call_cancelled, session_cancelled.',
        params: IdParams,
        body: PrepCallPatch,
        response: { 200: PrepCallView, ...errorResponses },
      },
    },
    async (request) => {
      const { call, session, series } = loadCall(request.params.id);
      const body = request.body;
      const startsAt = body.startsAt ? checkedDateTime(body.startsAt, series.timezone, 'startsAt') : call.startsAt;
      const durationMinutes = body.durationMinutes ?? call.durationMinutes;
      const meetingUrl =
        body.meetingUrl === undefined
          ? call.meetingUrl
          : body.meetingUrl
            ? checkedUrl(body.meetingUrl, 'meetingUrl')
            : null;
      const timeChanged = startsAt.getTime() !== call.startsAt.getTime() || durationMinutes !== call.durationMinutes;
      if (timeChanged) {
        checkBeforeSession(session, startsAt, durationMinutes, body.startsAt ? 'startsAt' : 'durationMinutes');
      }
      if (call.status === 'cancelled') {
        throw conflict(
          'preparatory_call_cancelled',
          'This preparatory call was cancelled; schedule a new one with POST /api/sessions/:id/preparatory-call.',
        );
      }
      if (session.status === 'cancelled') {
        throw conflict('session_cancelled', 'This session was cancelled; its preparatory call can no longer change.');
      }
      if (startsAt.getTime() !== call.startsAt.getTime()) checkNotInThePast(clock.now(), startsAt);
      const row = inTransaction(db, () => {
        let updated = db
          .update(preparatoryCalls)
          .set({
            startsAt,
            durationMinutes,
            meetingUrl,
            ...(timeChanged ? { calendarSequence: call.calendarSequence + 1 } : {}),
            updatedAt: clock.now(),
          })
          .where(eq(preparatoryCalls.id, call.id))
          .returning()
          .get();
        const updates = timeChanged ? notifyPrepCallChange(db, clock, session, updated, 'prep_call_update') : null;
        if (updates) updated = updates.call;
        const invitations = inviteToPrepCall(db, clock, session, updated);
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'prep_call.update',
          seriesId: session.seriesId,
          entityType: 'preparatory_call',
          entityId: call.id,
          details: {
            ...body,
            sequence: invitations.call.calendarSequence,
            updated: updates?.notified ?? 0,
            invited: invitations.invited,
          },
        });
        return invitations.call;
      });
      return view(row);
    },
  );

  app.post(
    '/api/preparatory-calls/:id/cancel',
    {
      onRequest: callChairOrSeriesChair,
      schema: {
        tags: ['preparatory calls'],
        summary: 'Cancel the preparatory call; everyone invited gets a cancellation (METHOD:CANCEL)',
        description: 'Cancelling twice changes nothing the second time.',
        params: IdParams,
        response: { 200: PrepCallView, ...errorResponses },
      },
    },
    async (request) => {
      const { call, session } = loadCall(request.params.id);
      if (call.status === 'cancelled') return view(call);
      const row = inTransaction(db, () => cancelPrepCall(db, clock, signedIn(request).id, session, call));
      return view(row);
    },
  );
};
