// The chair's preparatory call with the focal and discussant countries, before a session: one per
// session at a time, invited, updated and cancelled with calendar messages like the session itself.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { eventStatuses } from '../../domain/vocabulary.js';
import { notFound } from '../../errors.js';
import { requireSeriesChair, signedIn, throughOwner } from '../auth/access.js';
import { chairOrSessionChair, holdsRole, requireActingForSession } from '../invitations/assignments.js';
import { errorResponses, IdParams, Instant, nullable } from '../schemas.js';
import { findSeries } from '../series/repository.js';
import { findSession } from '../sessions/view.js';
import {
  CALL_ROLES,
  callEnd,
  findPrepCall,
  type PrepCallRow,
  prepCallOfSession,
  seriesOfPrepCall,
} from './repository.js';
import { PrepCallBody, PrepCallPatch } from './schemas.js';
import { cancelPrepCall, changePrepCall, schedulePrepCall } from './service.js';

const onTheCall = requireActingForSession(
  CALL_ROLES,
  "the session's chair, its focal and discussant people, or a chair of this series",
);

const callChairOrSeriesChair = requireSeriesChair({
  what: 'preparatory call',
  seriesOf: seriesOfPrepCall,
  alsoAllowed: throughOwner(
    findPrepCall,
    (call) => call.sessionId,
    (db, person, sessionId) => holdsRole(db, person, sessionId, ['chair']),
  ),
  who: "the session's chair or a chair of this series",
});

const PrepCallView = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  durationMinutes: Type.Integer(),
  meetingUrl: nullable(Type.String()),
  status: Type.Enum([...eventStatuses]),
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

export const prepCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  app.post(
    '/api/sessions/:id/preparatory-call',
    {
      onRequest: chairOrSessionChair,
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
      const result = schedulePrepCall(db, clock, signedIn(request), {
        sessionId: request.params.id,
        ...request.body,
        publicUrl: config.publicUrl,
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
      const session = findSession(db, request.params.id);
      const series = session && findSeries(db, session.seriesId);
      if (!session || !series) throw notFound('session', request.params.id);
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
      const row = changePrepCall(db, clock, signedIn(request), { callId: request.params.id, ...request.body });
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
    async (request) => view(cancelPrepCall(db, clock, signedIn(request), { callId: request.params.id })),
  );
};
