// The group of a session in the browser: on the session's page, its chairs see who registered
// (by country), release the question to the group, and read the experiences and questions it
// sent back, grouped by country; each reader of the question answers on a page of their own
// behind a signed link (no password; opening it changes nothing).
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db.js';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { REPORT_MAX_CHARACTERS, recordAttendance, setSessionLinks } from '../../modules/attendance/follow-up.js';
import {
  ANSWER_MAX,
  readAnswerLink,
  releaseQuestion,
  releaseTimeOf,
  saveAnswer,
} from '../../modules/attendance/question.js';
import { sessionOfSeries } from '../../modules/attendance/service.js';
import { groupView } from '../../modules/attendance/view.js';
import { signedIn } from '../../modules/auth/access.js';
import { checkedDateTime } from '../../modules/checks.js';
import { actsForSession } from '../../modules/invitations/assignments.js';
import { findSeries, type SeriesRow } from '../../modules/series/repository.js';
import type { SessionRow } from '../../modules/sessions/view.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { dateTimeInput, whenText } from '../format.js';
import { all, checked, formOf, text } from '../forms.js';
import { seeOther } from '../redirect.js';

/** The session page's notices of this section, by the `notice` a redirect carries. */
export const groupNotices: Record<string, MessageKey> = {
  released: 'group.notice.released',
  held: 'group.notice.held',
  no_question: 'group.conflict.no_question',
  release_after_start: 'group.conflict.release_after_start',
  session_started: 'group.conflict.session_started',
  question_sent: 'group.conflict.question_sent',
  session_not_scheduled: 'group.conflict.session_not_scheduled',
  release_when: 'group.error.when',
  recorded: 'group.notice.recorded',
  links: 'group.notice.links',
  session_not_held: 'group.conflict.session_not_held',
  record_refused: 'group.error.record',
};

/** The "N registered from M countries" line. */
export const registeredLine = (page: Page, people: number, countries: number) =>
  `${page.n('group.people', people)} ${page.n('group.countries', countries)}`;

/** What the session's page shows of its group, to its chairs. */
export function groupSection(
  db: Db,
  page: Page,
  series: SeriesRow,
  session: SessionRow,
  seriesChair: boolean,
  nowMs: number,
) {
  const view = groupView(db, session.id, seriesChair);
  const zone = page.zone ?? series.timezone;
  const at = releaseTimeOf(session);
  const unknown = page.t('group.unknownCountry');
  const release = session.questionSentAt
    ? page.t('group.release.went', { when: whenText(session.questionSentAt, page.lang, zone, series.timezone) })
    : session.questionReleased && at
      ? page.t('group.release.goes', { when: whenText(at, page.lang, zone, series.timezone) })
      : page.t('group.release.notReleased');
  const defaultAt = session.startsAt ? releaseTimeOf({ startsAt: session.startsAt, questionReleaseAt: null }) : null;
  return {
    summary: registeredLine(page, view.count, view.countries.filter((c) => c.country).length),
    countries: view.countries.map((c) => ({ name: c.countryName ?? unknown, count: c.count })),
    held: session.status === 'scheduled' && session.startsAt !== null && session.startsAt <= new Date(nowMs),
    recording: session.recordingUrl ?? '',
    slides: session.slidesUrl ?? '',
    attendees: view.attendees.map((a) => ({
      personId: a.personId,
      attended: a.attended,
      name: a.name,
      email: a.email ?? null,
      country: a.countryName ?? unknown,
    })),
    answers: view.answers.map((g) => ({ country: g.countryName ?? unknown, items: g.items })),
    csv: `/api/sessions/${encodeURIComponent(session.id)}/attendees.csv`,
    release: {
      state: release,
      sent: session.questionSentAt !== null,
      released: session.questionReleased,
      hasQuestion: Boolean(session.discussantQuestion),
      at: session.questionReleaseAt ? dateTimeInput(session.questionReleaseAt, series.timezone) : '',
      toContacts: session.questionToContacts,
      hint: defaultAt
        ? page.t('group.release.whenHint', { when: whenText(defaultAt, page.lang, zone, series.timezone) })
        : '',
    },
  };
}

/** The largest attendance report taken (a few thousand rows of a meeting tool's export). */
const REPORT_BYTES = REPORT_MAX_CHARACTERS;

export async function groupRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const csrf = { preValidation: app.csrfProtection };

  app.post('/series/:id/sessions/:sessionId/question/release', csrf, async (request, reply) => {
    const { person, series, session, base } = chairsSession(request);
    const body = formOf(request);
    const hold = text(body, 'do', 20) === 'hold';
    let notice = hold ? 'held' : 'released';
    try {
      const when = text(body, 'at', 40);
      const at = when ? checkedDateTime(when, series.timezone, 'at') : null;
      releaseQuestion(db, clock, person, session, { released: !hold, at, toContacts: checked(body, 'toContacts') });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.statusCode === 400) notice = 'release_when';
      else if (error.statusCode === 409 && error.code in groupNotices) notice = error.code;
      else throw error;
    }
    return seeOther(reply, `${base}?notice=${notice}#group`);
  });

  /** The session of a chair's form (series chair or the session's chair), else a 404 or 403 page. */
  function chairsSession(request: Parameters<typeof signedIn>[0]) {
    const person = signedIn(request);
    const { id, sessionId } = request.params as { id: string; sessionId: string };
    const series = findSeries(db, id);
    if (!series) throw new PageError(404, 'error.notFound');
    const session = sessionOfSeries(db, series, sessionId);
    if (!actsForSession(db, person, session)) {
      throw new PageError(403, 'session.forbidden');
    }
    const base = `/series/${encodeURIComponent(series.id)}/sessions/${encodeURIComponent(session.id)}`;
    return { person, series, session, base };
  }

  /** Runs a chair's write; its refusal comes back as the notice naming it. */
  function noticeAfter(work: () => void, done: string): string {
    try {
      work();
      return done;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.statusCode === 409 && error.code in groupNotices) return error.code;
      if (error.statusCode === 400) return 'record_refused';
      throw error;
    }
  }

  // The attendance form may carry the meeting tool's report as a file: multipart, in a scope of
  // its own (no other form here reads one), its body read only for a signed-in person (onRequest
  // runs before the body is), its fields, the CSRF token too, before the CSRF check.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: REPORT_BYTES, files: 1, fields: 5_000, fieldSize: REPORT_BYTES },
    });
    scope.post(
      '/series/:id/sessions/:sessionId/attendance-record',
      { onRequest: async (request) => void signedIn(request), preValidation: app.csrfProtection },
      async (request, reply) => {
        const { person, session, base } = chairsSession(request);
        const body = formOf(request);
        const file = body.file;
        const uploaded = Buffer.isBuffer(file) && file.length > 0 ? file.toString('utf8') : '';
        const csv = uploaded || text(body, 'csv', REPORT_BYTES, 'multiline');
        const present = all(body, 'present');
        const notice = noticeAfter(
          () => recordAttendance(db, clock, person, session, csv ? { csv } : { present }),
          'recorded',
        );
        return seeOther(reply, `${base}?notice=${notice}#group`);
      },
    );
  });

  app.post('/series/:id/sessions/:sessionId/recording', csrf, async (request, reply) => {
    const { person, session, base } = chairsSession(request);
    const body = formOf(request);
    const notice = noticeAfter(
      () =>
        setSessionLinks(db, clock, person, session, {
          recordingUrl: text(body, 'recordingUrl', 2000) || null,
          slidesUrl: text(body, 'slidesUrl', 2000) || null,
        }),
      'links',
    );
    return seeOther(reply, `${base}?notice=${notice}#group`);
  });

  // ---- a reader's answer: the link is the key ---------------------------------------------------

  function answerPage(
    request: Parameters<typeof pageFor>[0],
    reply: Parameters<typeof pageFor>[1],
    sessionId: string,
    personId: string,
    token: string,
    extra: { done?: boolean; error?: string | null; value?: string },
  ) {
    let view: ReturnType<typeof readAnswerLink>;
    try {
      view = readAnswerLink(db, clock, config, sessionId.slice(0, 64), personId.slice(0, 64), token);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 404) throw error;
      const page = pageFor(request, reply);
      return render(
        reply,
        page,
        'group-answer',
        page.t('groupAnswer.title'),
        { problem: page.t('groupAnswer.unknown') },
        404,
      );
    }
    const { session, person, answer, open } = view;
    const series = findSeries(db, session.seriesId);
    const page = pageFor(request, reply, person.language);
    const zone = person.timezoneChosen && person.timezone ? person.timezone : (series?.timezone ?? 'UTC');
    return render(
      reply,
      page,
      'group-answer',
      page.t('groupAnswer.title'),
      {
        problem: null,
        intro: page.t('groupAnswer.intro', {
          session: session.title,
          when: session.startsAt ? whenText(session.startsAt, page.lang, zone, series?.timezone ?? zone) : '',
        }),
        question: session.discussantQuestion,
        open,
        done: extra.done === true && answer !== undefined,
        value: extra.value ?? answer?.text ?? '',
        sent: answer?.text ?? null,
        error: extra.error ?? null,
        max: ANSWER_MAX,
        action: `/answers/${encodeURIComponent(session.id)}/${encodeURIComponent(person.id)}`,
        token,
      },
      extra.error ? 400 : open ? 200 : 409,
    );
  }

  app.get('/answers/:sessionId/:personId', { config: { private: true } }, async (request, reply) => {
    const { sessionId, personId } = request.params as { sessionId: string; personId: string };
    const query = request.query as { token?: unknown; done?: unknown };
    const token = typeof query.token === 'string' ? query.token.slice(0, 200) : '';
    return answerPage(request, reply, sessionId, personId, token, { done: query.done === '1' });
  });

  app.post('/answers/:sessionId/:personId', { config: { private: true } }, async (request, reply) => {
    const { sessionId, personId } = request.params as { sessionId: string; personId: string };
    const body = formOf(request);
    const token = text(body, 'token', 200);
    const value = text(body, 'text', ANSWER_MAX, 'multiline');
    try {
      saveAnswer(db, clock, config, { sessionId, personId, token, text: value });
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 400) {
        const page = pageFor(request, reply);
        return answerPage(request, reply, sessionId, personId, token, {
          error: page.t('groupAnswer.error.empty'),
          value,
        });
      }
      // A link not ours, or answers closed: the page says which.
      if (error instanceof AppError) return answerPage(request, reply, sessionId, personId, token, {});
      throw error;
    }
    const query = new URLSearchParams({ token, done: '1' });
    return seeOther(reply, `/answers/${encodeURIComponent(sessionId)}/${encodeURIComponent(personId)}?${query}`);
  });
}
