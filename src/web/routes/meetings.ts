// A workstream's meetings for its convener (and the series' chairs): scheduling one or a repeating
// run, linked to a session or not; changing one; cancelling one after a page that says who will be
// told. Through the workstreams service and the API's body schemas.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { repeatUnits } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { issueText } from '../../i18n/issues.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import { answersTo } from '../../modules/calendar/copies.js';
import { displayName, peopleByIds } from '../../modules/people/repository.js';
import type { SeriesRow } from '../../modules/series/repository.js';
import { sessionsOfSeries } from '../../modules/sessions/view.js';
import {
  audience,
  findMeeting,
  type MeetingRow,
  occurrencesOf,
  runOf,
  type WorkstreamRow,
} from '../../modules/workstreams/repository.js';
import { MeetingBody, MeetingPatch, OccurrenceMove } from '../../modules/workstreams/schemas.js';
import {
  cancelMeeting,
  cancelOccurrence,
  changeMeeting,
  createMeetings,
  moveOccurrence,
} from '../../modules/workstreams/service.js';
import { workstreamForConvener } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { dateTimeInput, whenText, zoneLabel } from '../format.js';
import { checked, fieldMessages, formOf, maxLengths, text } from '../forms.js';
import { seeOther } from '../redirect.js';

const checkNew = bodyCheck(MeetingBody);
const checkChange = bodyCheck(MeetingPatch);
const checkMove = bodyCheck(OccurrenceMove);

type Field = 'title' | 'description' | 'startsAt' | 'duration' | 'meetingUrl' | 'linkedSessionId' | 'every' | 'count';
type Values = Record<Field | 'unit', string>;

const fieldOf = (path: readonly string[]): Field => {
  const [top, inner] = path;
  if (top === 'durationMinutes') return 'duration';
  if (top === 'repeat') return inner === 'every' ? 'every' : 'count';
  return (
    (['title', 'description', 'startsAt', 'meetingUrl', 'linkedSessionId'] as const).find((f) => f === top) ?? 'title'
  );
};

function problemText(t: Translate, field: Field, problem?: SchemaProblem, details?: { outOfRange?: boolean }): string {
  if (problem?.keyword === 'maxLength' && problem.limit !== undefined)
    return t('interest.error.tooLong', { max: problem.limit });
  if (field === 'title') return t('settings.error.title');
  if (field === 'startsAt') return t(details?.outOfRange ? 'settings.error.range' : 'settings.error.date');
  if (field === 'duration') return t('plan.error.duration');
  if (field === 'meetingUrl') return t('meetings.error.url');
  if (field === 'every') return t('meetings.error.every');
  if (field === 'count') return t('meetings.error.count');
  return t('error.badRequest');
}

/** What the form says of a meeting, in the shape of the API's body. */
const meetingFields = (values: Values) => ({
  title: values.title,
  description: values.description || null,
  startsAt: values.startsAt,
  durationMinutes: Number(values.duration || '60'),
  meetingUrl: values.meetingUrl || null,
  linkedSessionId: values.linkedSessionId || null,
});

const schemaErrors = (page: Page, problems: SchemaProblem[]) =>
  fieldMessages(problems, fieldOf, (field, problem) => problemText(page.t, field, problem));

export async function meetingRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const csrf = { preValidation: app.csrfProtection };

  const convenerOrChair = (request: FastifyRequest) => workstreamForConvener(db, request);

  function meetingOf(workstream: WorkstreamRow, request: FastifyRequest): MeetingRow {
    const meeting = findMeeting(db, (request.params as { meetingId: string }).meetingId);
    if (!meeting || meeting.workstreamId !== workstream.id) throw new PageError(404, 'error.notFound');
    return meeting;
  }

  const base = (w: WorkstreamRow) => `/workstreams/${encodeURIComponent(w.id)}/manage`;

  function formPage(
    reply: FastifyReply,
    page: Page,
    ctx: { workstream: WorkstreamRow; series: SeriesRow; meeting?: MeetingRow },
    values: Values,
    errors: Partial<Record<Field | 'form', string>>,
    status = 200,
  ) {
    const { workstream, series, meeting } = ctx;
    const sessions = sessionsOfSeries(db, series.id)
      .filter((s) => s.status !== 'cancelled')
      .map((s) => ({ id: s.id, title: s.title }));
    return render(
      reply,
      page,
      'meeting-form',
      page.t(meeting ? 'meetings.changeTitle' : 'meetings.newTitle'),
      {
        workstream: { id: workstream.id, title: workstream.title },
        base: base(workstream),
        action: meeting
          ? `${base(workstream)}/meetings/${encodeURIComponent(meeting.id)}`
          : `${base(workstream)}/meetings`,
        fresh: !meeting,
        zone: zoneLabel(series.timezone),
        told: page.n('meetings.told', audience(db, workstream).length),
        runCount: meeting ? (runOf(meeting)?.rule.count ?? 0) : 0,
        sessions,
        units: repeatUnits.map((u) => ({ value: u, label: page.t(`meetings.unit.${u}` as MessageKey) })),
        max: maxLengths(MeetingBody),
        values,
        errors,
        answers: meeting ? answersOf(page, meeting) : [],
      },
      status,
    );
  }

  /** Who holds the meeting and what they answered from their calendar, for the convener. */
  function answersOf(page: Page, meeting: MeetingRow) {
    const answers = answersTo(db, meeting.calendarUid);
    const found = peopleByIds(
      db,
      answers.map((a) => a.personId),
    );
    return answers.flatMap((a) => {
      const person = found.get(a.personId);
      return person
        ? [{ name: displayName(person), answer: page.t(`meetings.answer.${a.response ?? 'none'}` as MessageKey) }]
        : [];
    });
  }

  function valuesOf(request: FastifyRequest): Values {
    const body = formOf(request);
    return {
      title: text(body, 'title', 1000, 'label'),
      description: text(body, 'description', 10_000, 'multiline'),
      startsAt: text(body, 'startsAt', 40),
      duration: text(body, 'duration', 4),
      meetingUrl: text(body, 'meetingUrl', 2000),
      linkedSessionId: text(body, 'linkedSessionId', 64),
      unit: checked(body, 'repeats') ? text(body, 'unit', 10) : '',
      every: text(body, 'every', 3),
      count: text(body, 'count', 3),
    };
  }

  /** A refusal of the service as the form shows it, or the error again when it is not the form's. */
  function refusal(page: Page, error: unknown): Partial<Record<Field | 'form', string>> {
    const t = page.t;
    if (!(error instanceof AppError)) throw error;
    const details = (error.details ?? {}) as { field?: string; outOfRange?: boolean };
    if (error.code === 'in_the_past') return { startsAt: t('settings.error.past') };
    if (error.code === 'meeting_cancelled') return { form: t('meetings.error.cancelled') };
    if (error.statusCode === 409) {
      const said = issueText(page.lang, 'conflict', { code: error.code, params: (error.details ?? {}) as never });
      if (said) return { form: said };
    }
    if (error.statusCode === 400) {
      const field = fieldOf([details.field ?? 'title']);
      return { [field]: problemText(t, details.field === 'repeat' ? 'count' : field, undefined, details) };
    }
    throw error;
  }

  app.get('/workstreams/:id/manage/meetings/new', async (request, reply) => {
    const ctx = convenerOrChair(request);
    const page = pageFor(request, reply);
    return formPage(
      reply,
      page,
      ctx,
      {
        title: '',
        description: '',
        startsAt: '',
        duration: '60',
        meetingUrl: '',
        linkedSessionId: '',
        unit: '',
        every: '2',
        count: '4',
      },
      {},
    );
  });

  app.post('/workstreams/:id/manage/meetings', csrf, async (request, reply) => {
    const ctx = convenerOrChair(request);
    const page = pageFor(request, reply);
    const values = valuesOf(request);
    const body = {
      ...meetingFields(values),
      ...(values.unit
        ? { repeat: { every: Number(values.every), unit: values.unit, count: Number(values.count) } }
        : {}),
    };
    const checkedBody = checkNew(body);
    if (!checkedBody.ok) {
      return formPage(reply, page, ctx, values, schemaErrors(page, checkedBody.problems), 400);
    }
    let invited: number;
    try {
      ({ invited } = createMeetings(db, clock, ctx.person, {
        workstreamId: ctx.workstream.id,
        publicUrl: config.publicUrl,
        ...checkedBody.value,
      }));
    } catch (error) {
      const errors = refusal(page, error);
      return formPage(reply, page, ctx, values, errors, error instanceof AppError ? error.statusCode : 400);
    }
    return seeOther(reply, `${base(ctx.workstream)}?notice=scheduled&n=${invited}`);
  });

  app.get('/workstreams/:id/manage/meetings/:meetingId', async (request, reply) => {
    const ctx = convenerOrChair(request);
    const meeting = meetingOf(ctx.workstream, request);
    const page = pageFor(request, reply);
    return formPage(
      reply,
      page,
      { ...ctx, meeting },
      {
        title: meeting.title,
        description: meeting.description ?? '',
        startsAt: dateTimeInput(meeting.startsAt, ctx.series.timezone),
        duration: String(meeting.durationMinutes),
        meetingUrl: meeting.meetingUrl ?? '',
        linkedSessionId: meeting.linkedSessionId ?? '',
        unit: '',
        every: '',
        count: '',
      },
      meeting.status === 'cancelled' ? { form: page.t('meetings.error.cancelled') } : {},
    );
  });

  app.post('/workstreams/:id/manage/meetings/:meetingId', csrf, async (request, reply) => {
    const ctx = convenerOrChair(request);
    const meeting = meetingOf(ctx.workstream, request);
    const page = pageFor(request, reply);
    const values = valuesOf(request);
    const checkedChange = checkChange(meetingFields(values));
    if (!checkedChange.ok) {
      return formPage(reply, page, { ...ctx, meeting }, values, schemaErrors(page, checkedChange.problems), 400);
    }
    try {
      changeMeeting(db, clock, ctx.person, { meetingId: meeting.id, ...checkedChange.value });
    } catch (error) {
      const errors = refusal(page, error);
      return formPage(
        reply,
        page,
        { ...ctx, meeting },
        values,
        errors,
        error instanceof AppError ? error.statusCode : 400,
      );
    }
    return seeOther(reply, `${base(ctx.workstream)}?notice=changed`);
  });

  app.get('/workstreams/:id/manage/meetings/:meetingId/cancel', async (request, reply) => {
    const { workstream, series } = convenerOrChair(request);
    const meeting = meetingOf(workstream, request);
    if (meeting.status === 'cancelled') throw new PageError(409, 'meetings.error.cancelled');
    const page = pageFor(request, reply);
    const when = whenText(meeting.startsAt, page.lang, page.zone ?? series.timezone, series.timezone);
    return render(reply, page, 'confirm', page.t('meetings.cancelTitle'), {
      heading: page.t('meetings.cancelTitle'),
      what: page.t('meetings.cancelWhat', { title: meeting.title, when }),
      told: page.n('meetings.cancelTold', audience(db, workstream).length),
      action: `${base(workstream)}/meetings/${encodeURIComponent(meeting.id)}/cancel`,
      fields: [],
      button: page.t('meetings.cancelButton'),
      back: { href: base(workstream), text: page.t('meetings.keep') },
    });
  });

  app.post('/workstreams/:id/manage/meetings/:meetingId/cancel', csrf, async (request, reply) => {
    const { person, workstream } = convenerOrChair(request);
    const meeting = meetingOf(workstream, request);
    cancelMeeting(db, clock, person, { meetingId: meeting.id });
    return seeOther(reply, `${base(workstream)}?notice=cancelled`);
  });

  // ---- one meeting of a repeating run ----------------------------------------------------------------

  /** The run and the meeting of it at `:place` (404 when the meeting is no run or has no such place). */
  function occurrenceOf(workstream: WorkstreamRow, request: FastifyRequest) {
    const meeting = meetingOf(workstream, request);
    const place = Number((request.params as { place: string }).place);
    const run = runOf(meeting);
    const occurrence = occurrencesOf(db, meeting).find((o) => o.n === place);
    if (!run || !occurrence || !Number.isInteger(place)) throw new PageError(404, 'error.notFound');
    return { meeting, occurrence, count: run.rule.count };
  }

  const occurrencePath = (w: WorkstreamRow, meeting: MeetingRow, place: number) =>
    `${base(w)}/meetings/${encodeURIComponent(meeting.id)}/occurrences/${place}`;

  function movePage(
    request: FastifyRequest,
    reply: FastifyReply,
    startsAt: string | null,
    error: string | null,
    status = 200,
  ) {
    const { workstream, series } = convenerOrChair(request);
    const { meeting, occurrence } = occurrenceOf(workstream, request);
    const page = pageFor(request, reply);
    const heading = page.t('meetings.moveTitle', { place: occurrence.n, title: meeting.title });
    return render(
      reply,
      page,
      'occurrence-move',
      heading,
      {
        heading,
        workstream: { id: workstream.id, title: workstream.title },
        base: base(workstream),
        what: page.t('meetings.moveWhat', {
          when: whenText(occurrence.start, page.lang, page.zone ?? series.timezone, series.timezone),
        }),
        told: page.n('meetings.told', audience(db, workstream).length),
        zone: zoneLabel(series.timezone),
        action: occurrencePath(workstream, meeting, occurrence.n),
        startsAt: startsAt ?? dateTimeInput(occurrence.start, series.timezone),
        error,
      },
      status,
    );
  }

  app.get('/workstreams/:id/manage/meetings/:meetingId/occurrences/:place', async (request, reply) => {
    const { meeting, occurrence } = occurrenceOf(convenerOrChair(request).workstream, request);
    if (meeting.status === 'cancelled' || occurrence.status === 'cancelled') {
      throw new PageError(409, 'meetings.error.cancelled');
    }
    return movePage(request, reply, null, null);
  });

  app.post('/workstreams/:id/manage/meetings/:meetingId/occurrences/:place', csrf, async (request, reply) => {
    const { person, workstream } = convenerOrChair(request);
    const { meeting, occurrence } = occurrenceOf(workstream, request);
    const page = pageFor(request, reply);
    const startsAt = text(formOf(request), 'startsAt', 40);
    const checkedMove = checkMove({ startsAt });
    if (!checkedMove.ok) return movePage(request, reply, startsAt, page.t('settings.error.date'), 400);
    try {
      moveOccurrence(db, clock, person, { meetingId: meeting.id, place: occurrence.n, ...checkedMove.value });
    } catch (error) {
      const errors = refusal(page, error);
      const message = errors.form ?? errors.startsAt ?? page.t('settings.error.date');
      return movePage(request, reply, startsAt, message, error instanceof AppError ? error.statusCode : 400);
    }
    return seeOther(reply, `${base(workstream)}?notice=moved`);
  });

  app.get('/workstreams/:id/manage/meetings/:meetingId/occurrences/:place/cancel', async (request, reply) => {
    const { workstream, series } = convenerOrChair(request);
    const { meeting, occurrence } = occurrenceOf(workstream, request);
    if (meeting.status === 'cancelled' || occurrence.status === 'cancelled') {
      throw new PageError(409, 'meetings.error.cancelled');
    }
    const page = pageFor(request, reply);
    const when = whenText(occurrence.start, page.lang, page.zone ?? series.timezone, series.timezone);
    const heading = page.t('meetings.occurrenceCancelTitle', { place: occurrence.n, title: meeting.title });
    return render(reply, page, 'confirm', heading, {
      heading,
      what: page.t('meetings.occurrenceCancelWhat', { when }),
      told: page.n('meetings.cancelTold', audience(db, workstream).length),
      action: `${occurrencePath(workstream, meeting, occurrence.n)}/cancel`,
      fields: [],
      button: page.t('meetings.occurrenceCancelButton'),
      back: { href: base(workstream), text: page.t('meetings.keep') },
    });
  });

  app.post('/workstreams/:id/manage/meetings/:meetingId/occurrences/:place/cancel', csrf, async (request, reply) => {
    const { person, workstream } = convenerOrChair(request);
    const { meeting, occurrence } = occurrenceOf(workstream, request);
    try {
      cancelOccurrence(db, clock, person, { meetingId: meeting.id, place: occurrence.n });
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 409) {
        const page = pageFor(request, reply);
        const said = issueText(page.lang, 'conflict', { code: error.code, params: (error.details ?? {}) as never });
        return render(
          reply,
          page,
          'error',
          page.t('meetings.occurrenceCancel'),
          { message: said ?? page.t('manage.notice.refused') },
          409,
        );
      }
      throw error;
    }
    return seeOther(reply, `${base(workstream)}?notice=occurrenceCancelled`);
  });
}
