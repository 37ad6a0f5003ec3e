// The pages behind the accept and decline links of a workstream meeting's or a preparatory
// call's invitation: in the invitee's language, saying where their answer stands. Opening a link
// changes nothing (mail scanners open links); its button does.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnsweredEvent, AnswerTarget, EventAnswer } from '../../calendar/answer-links.js';
import { isOneOf, replyActions } from '../../domain/vocabulary.js';
import type { MessageKey } from '../../i18n/index.js';
import { findPerson } from '../../modules/people/repository.js';
import { answerEvent, type EventAnswerView, readEventAnswer } from '../../modules/replies/service.js';
import { pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { shortDateTime, whenText } from '../format.js';
import { formOf, text } from '../forms.js';

const EVENTS: readonly AnsweredEvent[] = ['meeting', 'prepcall'];
const ANSWERS: readonly EventAnswer[] = replyActions;
const given: Record<EventAnswer, string> = { accept: 'accepted', decline: 'declined' };

export async function answerRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;

  function target(request: FastifyRequest, personId: string): { target: AnswerTarget; answer: EventAnswer } {
    const { event, eventId, action } = request.params as { event: string; eventId: string; action: string };
    if (!isOneOf(EVENTS, event) || !isOneOf(ANSWERS, action) || eventId.length > 64 || personId.length > 64) {
      throw new PageError(404, 'answer.unknown');
    }
    return { target: { event, eventId, personId }, answer: action };
  }

  function show(
    reply: FastifyReply,
    request: FastifyRequest,
    view: EventAnswerView,
    { target, answer }: { target: AnswerTarget; answer: EventAnswer },
    token: string,
    confirmed: boolean,
  ) {
    const person = view.personId ? findPerson(db, view.personId) : undefined;
    const page = pageFor(request, reply, person?.language ?? null);
    const { lang, t } = page;
    const zone = person?.timezone ?? view.seriesZone;
    const vars = { title: view.title };
    const already = view.current === given[answer];
    return render(
      reply,
      page,
      'answer',
      t('answer.title'),
      {
        problem: view.problem ? t(`answer.${view.problem}` as MessageKey) : null,
        eventTitle: view.title,
        when: view.startsAt ? whenText(view.startsAt, lang, zone, view.seriesZone) : null,
        confirmed: confirmed ? t(`answer.done.${answer}` as MessageKey, vars) : null,
        standing:
          (view.current === 'accepted' || view.current === 'declined') && view.answeredAt
            ? t(`answer.status.${view.current}` as MessageKey, { date: shortDateTime(view.answeredAt, lang, zone) })
            : null,
        ask: !confirmed && !already ? t(`answer.ask.${answer}` as MessageKey, vars) : null,
        button: t(`answer.button.${answer}` as MessageKey),
        action: `/answers/${target.event}/${encodeURIComponent(target.eventId)}/${answer}`,
        person: target.personId,
        token,
      },
      view.status,
    );
  }

  app.get('/answers/:event/:eventId/:action', { config: { private: true } }, async (request, reply) => {
    const query = request.query as { person?: unknown; token?: unknown; done?: unknown };
    const personId = typeof query.person === 'string' ? query.person : '';
    const token = typeof query.token === 'string' ? query.token.slice(0, 200) : '';
    const asked = target(request, personId);
    const view = readEventAnswer(db, config, asked.target, asked.answer, token);
    const confirmed = query.done === '1' && view.status === 200 && view.current === given[asked.answer];
    return show(reply, request, view, asked, token, confirmed);
  });

  // The link's token is what allows the answer (no session, no CSRF token: the link is the key).
  app.post('/answers/:event/:eventId/:action', { config: { private: true } }, async (request, reply) => {
    const body = formOf(request);
    const token = text(body, 'token', 200);
    const asked = target(request, text(body, 'person', 64));
    const view = answerEvent({ db, clock, config }, asked.target, asked.answer, token);
    if (view.status !== 200) return show(reply, request, view, asked, token, false);
    const query = new URLSearchParams({ person: asked.target.personId, token, done: '1' });
    return reply.redirect(
      `/answers/${asked.target.event}/${encodeURIComponent(asked.target.eventId)}/${asked.answer}?${query}`,
      303,
    );
  });
}
