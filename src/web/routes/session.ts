// A session's own pages: the series' chairs edit, reschedule and cancel it; they and the session's
// chair set its agenda, the discussant's question, its blog post and its preparatory call. Each
// form is read into the body of the API route that does the same, checked with that route's
// schema, and handed to the same service function; what it refuses is shown beside the field,
// with what the person typed kept. A form that succeeds redirects (303) to a page that says so.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { type AgendaLead, agendaKinds, agendaLeads, blogStatuses } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { glossaries, leadWord } from '../../i18n/glossary.js';
import { catalogues, type MessageKey } from '../../i18n/index.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import { isSeriesChair, signedIn } from '../../modules/auth/access.js';
import { holdsRole } from '../../modules/invitations/assignments.js';
import { peopleHoldingSession } from '../../modules/invitations/service.js';
import { AgendaBody, BlogBody, QuestionBody, SynthesisBody } from '../../modules/outputs/schemas.js';
import { planSynthesis, setAgenda, setBlogPost, setQuestion } from '../../modules/outputs/service.js';
import type { Person } from '../../modules/people/repository.js';
import { prepCallOfSession } from '../../modules/prepcalls/repository.js';
import { PrepCallBody, PrepCallPatch } from '../../modules/prepcalls/schemas.js';
import {
  cancelPrepCall,
  changePrepCall,
  DEFAULT_DURATION,
  prepCallHasInvitees,
  schedulePrepCall,
} from '../../modules/prepcalls/service.js';
import { cancelSession, changeSession } from '../../modules/scheduling/service.js';
import { findSeries, type SeriesRow, seriesView } from '../../modules/series/repository.js';
import { SessionPatch } from '../../modules/sessions/schemas.js';
import { findSession, type SessionRow, type SessionView, sessionViews } from '../../modules/sessions/view.js';
import { manageBase, noticeOf, pageNotices, seriesForChair } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { clock as clockTime, dateInput, dateTimeInput, whenText, zoneLabel } from '../format.js';
import { all, type FormBody, formOf, maxLengths, text, textFields } from '../forms.js';
import { roleItems } from '../labels.js';
import { seeOther } from '../redirect.js';
import { groupNotices, groupSection } from './group.js';

type Errors = Record<string, string>;
type Values = Record<string, string>;

/** Agenda rows offered beyond those already set, for new segments. */
const BLANK_ROWS = 3;
const MAX_ROWS = 40;

const notices = pageNotices('session', [
  'updated',
  'cancelled',
  'agenda',
  'question',
  'blog',
  'callScheduled',
  'callChanged',
  'callCancelled',
  'synthesis',
]);

const checkPatch = bodyCheck(SessionPatch);
const checkAgenda = bodyCheck(AgendaBody);
const checkQuestion = bodyCheck(QuestionBody);
const checkBlog = bodyCheck(BlogBody);
const checkCallNew = bodyCheck(PrepCallBody);
const checkCallChange = bodyCheck(PrepCallPatch);
const checkSynthesis = bodyCheck(SynthesisBody);

/** A number typed in a form, as the API's body takes it: absent when empty, else what was typed. */
const numberOf = (value: string): number | undefined => (value === '' ? undefined : Number(value));

/** The field a problem of a body schema or a service's 400 names. */
const fieldOfProblem = (problem: SchemaProblem) => problem.path[0] ?? 'form';
const fieldOfError = (error: AppError) => (error.details as { field?: string } | undefined)?.field ?? 'form';

export async function sessionRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const csrf = { preValidation: app.csrfProtection };

  interface Context {
    person: Person;
    series: SeriesRow;
    session: SessionRow;
    /** A chair of the series (or an administrator), not only the session's chair. */
    seriesChair: boolean;
    base: string;
  }

  /**
   * The session of the address, for a chair of its series (or an administrator) or, where
   * `sessionChairToo`, for the person who chairs the session (and, where `discussantToo`, the
   * discussant country's people: the question is theirs to write); else a 404 or 403 page.
   */
  function contextOf(request: FastifyRequest, sessionChairToo: boolean, discussantToo = false): Context {
    const person = signedIn(request);
    const params = request.params as { id: string; sessionId: string };
    const series = findSeries(db, params.id);
    const session = series && findSession(db, params.sessionId);
    if (!series || !session || session.seriesId !== series.id) throw new PageError(404, 'error.notFound');
    const seriesChair = isSeriesChair(db, person, series.id);
    const roles = discussantToo ? (['chair', 'discussant'] as const) : (['chair'] as const);
    if (!seriesChair && !(sessionChairToo && holdsRole(db, person, session.id, [...roles]))) {
      throw new PageError(403, sessionChairToo ? 'session.forbidden' : 'manage.forbidden');
    }
    const base = `/series/${encodeURIComponent(series.id)}/sessions/${encodeURIComponent(session.id)}`;
    return { person, series, session, seriesChair, base };
  }

  // Addresses only for the series' chairs (the privacy rule); a session's chair reads names.
  const viewOf = (ctx: Context) =>
    sessionViews(db, [ctx.session], ctx.series.timezone, ctx.seriesChair)[0] as SessionView;

  /** What every session page shows at its top. */
  function header(page: Page, ctx: Context) {
    const { session, series } = ctx;
    const zone = page.zone ?? series.timezone;
    return {
      base: ctx.base,
      series: { id: series.id, title: series.title, zone: zoneLabel(series.timezone) },
      manage: ctx.seriesChair ? manageBase(series) : null,
      session: {
        id: session.id,
        title: session.title,
        status: session.status,
        cancelled: session.status === 'cancelled',
        when: session.startsAt
          ? whenText(session.startsAt, page.lang, zone, series.timezone)
          : page.t('session.dateToBeSet'),
      },
      seriesChair: ctx.seriesChair,
    };
  }

  /** The people whose calendars hold the session, as the page names them. */
  const holders = (ctx: Context) =>
    peopleHoldingSession(db, ctx.session).map((p) => (ctx.seriesChair ? `${p.name} <${p.email}>` : p.name));

  /** A refusal of the service, as the page says it: beside its field for a 400, else at the top. */
  function refusal(page: Page, error: AppError, fieldText: (field: string) => string): Errors {
    if (error.statusCode === 400) return { [fieldOfError(error)]: fieldText(fieldOfError(error)) };
    const key = `session.conflict.${error.code}`;
    if (key in catalogues.en) {
      const field = error.code === 'in_the_past' ? 'startsAt' : 'form';
      return { [field]: page.t(key as MessageKey) };
    }
    return { form: page.t('session.error.refused') };
  }

  /** Runs a service call; an AppError of a 4xx becomes the form's errors and its status. */
  function attempt<T>(
    page: Page,
    write: () => T,
    fieldText: (field: string) => string,
  ): { ok: true; value: T } | { ok: false; errors: Errors; status: number } {
    try {
      return { ok: true, value: write() };
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500 || error.statusCode < 400) throw error;
      if (error.statusCode === 403 || error.statusCode === 404) throw error;
      return { ok: false, errors: refusal(page, error, fieldText), status: error.statusCode };
    }
  }

  /** The messages of a body schema's problems, one per field. */
  function schemaErrors(problems: SchemaProblem[], fieldText: (field: string, problem: SchemaProblem) => string) {
    const errors: Errors = {};
    for (const problem of problems) {
      const field = fieldOfProblem(problem);
      errors[field] ??= fieldText(field, problem);
    }
    return errors;
  }

  const tooLong = (page: Page, problem?: SchemaProblem) =>
    problem?.keyword === 'maxLength' && problem.limit !== undefined
      ? page.t('interest.error.tooLong', { max: problem.limit })
      : null;

  type Checked<B> = { ok: true; value: B } | { ok: false; problems: SchemaProblem[] };

  /**
   * One form of a session's own pages: GET shows it filled from what is stored; POST reads the
   * fields, checks them with the API route's body schema, hands them to the service, and either
   * redirects to the session's page with a notice or shows the form again with the messages
   * beside the fields and what was typed kept.
   */
  function sessionForm<V, B, R>(form: {
    path: string;
    view: string;
    title: MessageKey;
    /** Who besides the series' chairs may use it (see contextOf). */
    sessionChairToo: boolean;
    discussantToo?: boolean;
    data: (page: Page, ctx: Context, values: V | null, errors: Errors) => Record<string, unknown>;
    read: (body: FormBody) => V;
    check: (values: V, ctx: Context) => Checked<B>;
    /** The message beside a field the schema or the service refused. */
    fieldText: (page: Page, field: string, values: V, problem?: SchemaProblem) => string;
    save: (ctx: Context, body: B) => R;
    /** The notice (and its count) the session's page shows after the save. */
    notice: (result: R, ctx: Context) => string;
  }) {
    const url = `/series/:id/sessions/:sessionId/${form.path}`;
    const contextFor = (request: FastifyRequest) => contextOf(request, form.sessionChairToo, form.discussantToo);
    app.get(url, async (request, reply) => {
      const ctx = contextFor(request);
      const page = pageFor(request, reply);
      return render(reply, page, form.view, page.t(form.title), form.data(page, ctx, null, {}));
    });
    app.post(url, csrf, async (request, reply) => {
      const ctx = contextFor(request);
      const page = pageFor(request, reply);
      const values = form.read(formOf(request));
      const fail = (errors: Errors, status: number) =>
        render(reply, page, form.view, page.t(form.title), form.data(page, ctx, values, errors), status);
      const checked = form.check(values, ctx);
      if (!checked.ok) {
        return fail(
          schemaErrors(checked.problems, (f, p) => form.fieldText(page, f, values, p)),
          400,
        );
      }
      const done = attempt(
        page,
        () => form.save(ctx, checked.value),
        (f) => form.fieldText(page, f, values),
      );
      if (!done.ok) return fail(done.errors, done.status);
      return seeOther(reply, `${ctx.base}?notice=${form.notice(done.value, ctx)}`);
    });
  }

  // ---- the session's page ------------------------------------------------------------------

  app.get('/series/:id/sessions/:sessionId', async (request, reply) => {
    const ctx = contextOf(request, true);
    const page = pageFor(request, reply);
    const { t, lang } = page;
    const view = viewOf(ctx);
    const zone = page.zone ?? ctx.series.timezone;
    const call = prepCallOfSession(db, ctx.session.id);
    const g = glossaries[lang];
    return render(reply, page, 'session-page', ctx.session.title, {
      ...header(page, ctx),
      notice: noticeOf(request, page, notices) ?? noticeOf(request, page, groupNotices),
      group: groupSection(db, page, ctx.series, ctx.session, ctx.seriesChair, clock.now().getTime()),
      roles: roleItems(view.roles, t, lang),
      agenda: view.agenda.map((s) => ({
        time: `${s.starts}–${s.ends}`,
        title: s.kind ? t(`agenda.kind.${s.kind}` as MessageKey) : s.title,
        lead: s.lead ? leadWord(lang, s.lead as AgendaLead) : null,
      })),
      question: view.discussantQuestion,
      blog: {
        title: view.blog.title,
        status: g.blogStatus[view.blog.status as keyof typeof g.blogStatus] ?? view.blog.status,
        url: view.blog.url,
        due: view.blog.dueAt ? whenText(new Date(view.blog.dueAt), lang, zone, ctx.series.timezone) : null,
      },
      call:
        call?.status === 'scheduled'
          ? {
              when: whenText(call.startsAt, lang, zone, ctx.series.timezone),
              invited: Object.keys(call.invitedPersonIds).length,
            }
          : null,
    });
  });

  // ---- edit and reschedule (the series' chairs) ----------------------------------------------

  function editData(page: Page, ctx: Context, values: Values | null, errors: Errors) {
    const s = ctx.session;
    return {
      ...header(page, ctx),
      values: values ?? {
        title: s.title,
        description: s.description ?? '',
        startsAt: dateTimeInput(s.startsAt, ctx.series.timezone),
        durationMinutes: String(s.durationMinutes),
        meetingUrl: s.meetingUrl ?? '',
      },
      told: holders(ctx),
      max: maxLengths(SessionPatch),
      errors,
    };
  }

  const editField = (page: Page, field: string, problem?: SchemaProblem) =>
    tooLong(page, problem) ??
    page.t(
      field === 'title'
        ? 'settings.error.title'
        : field === 'startsAt'
          ? 'settings.error.date'
          : field === 'durationMinutes'
            ? 'plan.error.duration'
            : field === 'meetingUrl'
              ? 'session.error.url'
              : 'session.error.refused',
    );

  sessionForm({
    path: 'edit',
    view: 'session-edit',
    title: 'session.edit.title',
    sessionChairToo: false,
    data: editData,
    read: (body) => ({
      title: text(body, 'title', 1000, 'label'),
      description: text(body, 'description', 10_000, 'multiline'),
      startsAt: text(body, 'startsAt', 40),
      durationMinutes: text(body, 'durationMinutes', 6),
      meetingUrl: text(body, 'meetingUrl', 3000),
    }),
    check: (values) =>
      checkPatch({
        title: values.title,
        description: values.description || null,
        // An alternate topic may stay without a date; the service says when a date is needed.
        startsAt: values.startsAt || null,
        ...(values.durationMinutes !== '' ? { durationMinutes: numberOf(values.durationMinutes) } : {}),
        meetingUrl: values.meetingUrl || null,
      }),
    fieldText: (page, field, _values, problem) => editField(page, field, problem),
    save: (ctx, patch) => changeSession(db, clock, ctx.person, ctx.session.id, patch),
    notice: (result) => `updated&n=${result.told}`,
  });

  // ---- cancel (the series' chairs), confirmed on a page of its own ----------------------------

  app.get('/series/:id/sessions/:sessionId/cancel', async (request, reply) => {
    const ctx = contextOf(request, false);
    const page = pageFor(request, reply);
    const call = prepCallOfSession(db, ctx.session.id);
    return render(reply, page, 'session-cancel', page.t('session.cancel.title'), {
      ...header(page, ctx),
      told: holders(ctx),
      hasCall: call?.status === 'scheduled',
    });
  });

  app.post('/series/:id/sessions/:sessionId/cancel', csrf, async (request, reply) => {
    const ctx = contextOf(request, false);
    const told = ctx.session.status === 'cancelled' ? 0 : peopleHoldingSession(db, ctx.session).length;
    cancelSession(db, clock, ctx.person, ctx.session);
    return seeOther(reply, `${ctx.base}?notice=cancelled&n=${told}`);
  });

  // ---- the agenda ------------------------------------------------------------------------------

  interface AgendaRow {
    title: string;
    starts: string;
    ends: string;
    lead: string;
  }

  function agendaData(page: Page, ctx: Context, rows: AgendaRow[] | null, errors: Errors) {
    const view = viewOf(ctx);
    const current =
      rows ??
      view.agenda.map((s) => ({
        title: s.kind ? page.t(`agenda.kind.${s.kind}` as MessageKey) : s.title,
        starts: s.starts,
        ends: s.ends,
        lead: s.lead ?? '',
      }));
    const blank = { title: '', starts: '', ends: '', lead: '' };
    const shown = [...current, ...Array.from({ length: BLANK_ROWS }, () => blank)].slice(0, MAX_ROWS);
    return {
      ...header(page, ctx),
      rows: shown.map((row, i) => ({ ...row, i, error: errors[`row${i}`] ?? null, n: i + 1 })),
      leads: [
        { value: '', label: page.t('session.agenda.noLead') },
        ...agendaLeads.map((l) => ({ value: l, label: leadWord(page.lang, l) })),
      ],
      errors,
      hours: ctx.session.startsAt
        ? page.t('session.agenda.hours', {
            starts: clockTime(ctx.session.startsAt, ctx.series.timezone),
            ends: clockTime(
              new Date(ctx.session.startsAt.getTime() + ctx.session.durationMinutes * 60_000),
              ctx.series.timezone,
            ),
            zone: zoneLabel(ctx.series.timezone),
          })
        : null,
    };
  }

  app.get('/series/:id/sessions/:sessionId/agenda', async (request, reply) => {
    const ctx = contextOf(request, true);
    const page = pageFor(request, reply);
    return render(reply, page, 'session-agenda', page.t('session.agenda.title'), agendaData(page, ctx, null, {}));
  });

  app.post('/series/:id/sessions/:sessionId/agenda', csrf, async (request, reply) => {
    const ctx = contextOf(request, true);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const rows = agendaRowsOf(body);
    // A row left empty is no segment; the numbers in messages are the rows' as shown.
    const kept = rows.map((row, i) => ({ row, i })).filter(({ row }) => row.title || row.starts || row.ends);
    const english = catalogues.en;
    const standard = new Map(
      agendaKinds.map((kind) => [page.t(`agenda.kind.${kind}`), english[`agenda.kind.${kind}`]]),
    );
    const agenda = {
      segments: kept.map(({ row }) => ({
        // A standard part, titled in the reader's language, stays that part of the call.
        title: standard.get(row.title) ?? row.title,
        starts: row.starts,
        ends: row.ends,
        ...(row.lead ? { lead: row.lead } : {}),
      })),
    };
    const fail = (errors: Errors, status: number) =>
      render(
        reply,
        page,
        'session-agenda',
        page.t('session.agenda.title'),
        agendaData(page, ctx, rows, errors),
        status,
      );
    const rowOf = (index: number) => kept[index]?.i ?? 0;
    const checked = checkAgenda(agenda);
    if (!checked.ok) {
      const errors: Errors = {};
      for (const problem of checked.problems) {
        const [, index, field] = problem.path;
        const key = `row${rowOf(Number(index))}`;
        errors[key] ??=
          field === 'title'
            ? (tooLong(page, problem) ?? page.t('session.agenda.error.title'))
            : field === 'lead'
              ? page.t('session.error.refused')
              : page.t('session.agenda.error.time');
      }
      errors.form = page.t('session.agenda.error.some');
      return fail(errors, 400);
    }
    try {
      setAgenda(db, clock, ctx.person, { sessionId: ctx.session.id, segments: checked.value.segments });
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode < 400 || error.statusCode >= 500) throw error;
      const problems = Array.isArray(error.details) ? (error.details as Record<string, unknown>[]) : [];
      const errors: Errors = {};
      for (const p of problems) {
        if (p.code === 'agenda_overlap') {
          const first = rowOf(Number(p.first));
          const second = rowOf(Number(p.second));
          errors[`row${second}`] ??= page.t('session.agenda.error.overlap', { n: first + 1 });
        } else if (p.code === 'agenda_outside_session') {
          errors[`row${rowOf(Number(p.index))}`] ??= page.t('session.agenda.error.outside');
        } else if (p.code === 'ends_before_start') {
          errors[`row${rowOf(Number(p.index))}`] ??= page.t('session.agenda.error.order');
        } else {
          errors[`row${rowOf(Number(p.index))}`] ??= page.t('session.agenda.error.time');
        }
      }
      // Without segments named (a cancelled session, an alternate topic), the refusal is the page's.
      errors.form =
        problems.length > 0
          ? page.t('session.agenda.error.some')
          : (refusal(page, error, () => page.t('session.error.refused')).form ?? page.t('session.error.refused'));
      return fail(errors, error.statusCode);
    }
    return seeOther(reply, `${ctx.base}?notice=agenda`);
  });

  function agendaRowsOf(body: FormBody): AgendaRow[] {
    const rows: AgendaRow[] = [];
    for (let i = 0; i < MAX_ROWS; i++) {
      if (![`title${i}`, `starts${i}`, `ends${i}`].some((name) => name in body)) continue;
      const lead = text(body, `lead${i}`, 20);
      rows.push({
        title: text(body, `title${i}`, 1000, 'line'),
        starts: text(body, `starts${i}`, 20),
        ends: text(body, `ends${i}`, 20),
        lead: (agendaLeads as readonly string[]).includes(lead) ? lead : '',
      });
    }
    return rows;
  }

  // ---- the discussant's question -----------------------------------------------------------------

  const questionData = (page: Page, ctx: Context, value: string | null, errors: Errors) => ({
    ...header(page, ctx),
    value: value ?? ctx.session.discussantQuestion ?? '',
    discussant: viewOf(ctx).roles.discussant?.countryName ?? null,
    max: maxLengths(QuestionBody),
    errors,
  });

  sessionForm({
    path: 'question',
    view: 'session-question',
    title: 'session.question.title',
    sessionChairToo: true,
    discussantToo: true,
    data: questionData,
    read: (body) => text(body, 'question', 10_000, 'multiline'),
    check: (value) => checkQuestion({ question: value || null }),
    fieldText: (page, _field, _value, problem) => tooLong(page, problem) ?? page.t('session.error.refused'),
    save: (ctx, body) => setQuestion(db, clock, ctx.person, { sessionId: ctx.session.id, question: body.question }),
    notice: () => 'question',
  });

  // ---- the blog post ---------------------------------------------------------------------------

  function blogData(page: Page, ctx: Context, values: Values | null, errors: Errors) {
    const view = viewOf(ctx);
    const g = glossaries[page.lang];
    return {
      ...header(page, ctx),
      values: values ?? {
        title: view.blog.title ?? '',
        status: view.blog.status,
        url: view.blog.url ?? '',
        dueAt: view.blog.dueAt ? dateInput(new Date(view.blog.dueAt), ctx.series.timezone) : '',
      },
      statuses: blogStatuses.map((s) => ({ value: s, label: g.blogStatus[s] })),
      authors: view.blog.authors.map((a) => a.name),
      max: maxLengths(BlogBody),
      errors,
    };
  }

  const blogField = (page: Page, field: string, problem?: SchemaProblem) =>
    tooLong(page, problem) ??
    page.t(
      field === 'url'
        ? 'session.error.url'
        : field === 'dueAt'
          ? 'settings.error.date'
          : field === 'title'
            ? 'settings.error.title'
            : 'session.error.refused',
    );

  sessionForm({
    path: 'blog',
    view: 'session-blog',
    title: 'session.blog.title',
    sessionChairToo: true,
    data: blogData,
    read: (body) => ({
      title: text(body, 'title', 1000, 'line'),
      status: text(body, 'status', 20),
      url: text(body, 'url', 3000),
      dueAt: text(body, 'dueAt', 40),
    }),
    check: (values) =>
      checkBlog({
        title: values.title || null,
        status: values.status,
        url: values.url || null,
        dueAt: values.dueAt || null,
      }),
    fieldText: (page, field, values, problem) =>
      !problem && field === 'url' && values.url === ''
        ? page.t('session.blog.error.urlNeeded')
        : blogField(page, field, problem),
    save: (ctx, body) => setBlogPost(db, clock, ctx.person, { sessionId: ctx.session.id, ...body }),
    notice: () => 'blog',
  });

  // ---- the preparatory call ----------------------------------------------------------------------

  function callData(page: Page, ctx: Context, values: Values | null, errors: Errors) {
    const call = prepCallOfSession(db, ctx.session.id);
    const scheduled = call?.status === 'scheduled' ? call : null;
    const zone = page.zone ?? ctx.series.timezone;
    return {
      ...header(page, ctx),
      // Nobody to invite yet: the form is not offered, and the reader is told what it waits for.
      waitsForLineup: !scheduled && ctx.session.status !== 'cancelled' && !prepCallHasInvitees(db, ctx.session.id),
      lineupPage: ctx.seriesChair ? `${manageBase(ctx.series)}/sessions/${encodeURIComponent(ctx.session.id)}` : null,
      scheduled: scheduled
        ? {
            when: whenText(scheduled.startsAt, page.lang, zone, ctx.series.timezone),
            invited: Object.keys(scheduled.invitedPersonIds).length,
          }
        : null,
      values: values ?? {
        startsAt: dateTimeInput(scheduled?.startsAt, ctx.series.timezone),
        durationMinutes: String(scheduled?.durationMinutes ?? DEFAULT_DURATION),
        meetingUrl: scheduled?.meetingUrl ?? '',
      },
      max: maxLengths(PrepCallBody),
      errors,
    };
  }

  const callField = (page: Page, field: string, problem?: SchemaProblem) =>
    tooLong(page, problem) ??
    page.t(
      field === 'startsAt'
        ? 'session.call.error.time'
        : field === 'durationMinutes'
          ? 'plan.error.duration'
          : field === 'meetingUrl'
            ? 'session.error.url'
            : 'session.error.refused',
    );

  /** The scheduled call of the session: the form changes it; without one it schedules a new one. */
  const scheduledCall = (ctx: Context) => {
    const call = prepCallOfSession(db, ctx.session.id);
    return call?.status === 'scheduled' ? call : null;
  };

  sessionForm({
    path: 'preparatory-call',
    view: 'session-call',
    title: 'session.call.title',
    sessionChairToo: true,
    data: callData,
    read: (body) => ({
      startsAt: text(body, 'startsAt', 40),
      durationMinutes: text(body, 'durationMinutes', 6),
      meetingUrl: text(body, 'meetingUrl', 3000),
    }),
    check: (values, ctx) => {
      const input = {
        startsAt: values.startsAt,
        ...(values.durationMinutes !== '' ? { durationMinutes: numberOf(values.durationMinutes) } : {}),
        meetingUrl: values.meetingUrl || null,
      };
      return scheduledCall(ctx) ? checkCallChange(input) : checkCallNew(input);
    },
    fieldText: (page, field, _values, problem) => callField(page, field, problem),
    save: (ctx, body) => {
      const existing = scheduledCall(ctx);
      if (existing) {
        changePrepCall(db, clock, ctx.person, { callId: existing.id, ...body });
        return 'callChanged';
      }
      schedulePrepCall(db, clock, ctx.person, {
        sessionId: ctx.session.id,
        ...(body as Static<typeof PrepCallBody>),
        publicUrl: config.publicUrl,
      });
      return 'callScheduled';
    },
    notice: (notice) => notice,
  });

  app.get('/series/:id/sessions/:sessionId/preparatory-call/cancel', async (request, reply) => {
    const ctx = contextOf(request, true);
    const page = pageFor(request, reply);
    const call = prepCallOfSession(db, ctx.session.id);
    if (call?.status !== 'scheduled') return seeOther(reply, `${ctx.base}/preparatory-call`);
    const zone = page.zone ?? ctx.series.timezone;
    return render(reply, page, 'session-call-cancel', page.t('session.callCancel.title'), {
      ...header(page, ctx),
      when: whenText(call.startsAt, page.lang, zone, ctx.series.timezone),
      invited: Object.keys(call.invitedPersonIds).length,
    });
  });

  app.post('/series/:id/sessions/:sessionId/preparatory-call/cancel', csrf, async (request, reply) => {
    const ctx = contextOf(request, true);
    const call = prepCallOfSession(db, ctx.session.id);
    // Already cancelled (a second click, a reload): nothing more to do.
    if (call?.status === 'scheduled') cancelPrepCall(db, clock, ctx.person, { callId: call.id });
    return seeOther(reply, `${ctx.base}?notice=callCancelled`);
  });

  // ---- the series' synthesis paper (the series' chairs) ------------------------------------------

  /** "Name <email>" or "email", one a line, as the API's authors. */
  const authorsOf = (lines: string) =>
    lines
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => {
        const named = /^(.*?)\s*<([^<>]*)>$/.exec(line);
        const name = named?.[1]?.trim();
        return named ? { email: (named[2] ?? '').trim(), ...(name ? { name } : {}) } : { email: line };
      });

  function synthesisData(
    page: Page,
    series: SeriesRow,
    values: Values | null,
    chosen: string[] | null,
    errors: Errors,
  ) {
    const view = seriesView(db, series, true);
    const paper = view.synthesis;
    const g = glossaries[page.lang];
    const sources = chosen ?? paper?.sessions.map((s) => s.id) ?? [];
    return {
      series: { id: series.id, title: series.title, zone: zoneLabel(series.timezone) },
      manage: manageBase(series),
      values: values ?? {
        title: paper?.title ?? '',
        status: paper?.status ?? 'planned',
        url: paper?.url ?? '',
        dueAt: paper?.dueAt ? dateInput(new Date(paper.dueAt), series.timezone) : '',
        authors: (paper?.authors ?? []).map((a) => (a.email ? `${a.name} <${a.email}>` : a.name)).join('\n'),
      },
      statuses: blogStatuses.map((s) => ({ value: s, label: g.blogStatus[s] })),
      sessions: view.sessions
        .filter((s) => s.status !== 'cancelled')
        .map((s) => ({ id: s.id, title: s.title, checked: sources.includes(s.id) })),
      max: maxLengths(SynthesisBody),
      notice: null as string | null,
      errors,
    };
  }

  const synthesisField = (page: Page, field: string, problem?: SchemaProblem) =>
    field === 'authors'
      ? page.t('session.synthesis.error.authors')
      : field === 'sessionIds'
        ? page.t('session.error.refused')
        : blogField(page, field, problem);

  app.get('/series/:id/manage/synthesis', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const data = synthesisData(page, series, null, null, {});
    data.notice = noticeOf(request, page, notices);
    return render(reply, page, 'session-synthesis', page.t('session.synthesis.title'), data);
  });

  app.post('/series/:id/manage/synthesis', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const values = textFields(body, {
      title: [1000, 'line'],
      status: [20],
      url: [3000],
      dueAt: [40],
      authors: [20_000, 'multiline'],
    });
    const chosen = all(body, 'sessions');
    const fail = (errors: Errors, status: number) =>
      render(
        reply,
        page,
        'session-synthesis',
        page.t('session.synthesis.title'),
        synthesisData(page, series, values, chosen, errors),
        status,
      );
    const checked = checkSynthesis({
      title: values.title || null,
      status: values.status,
      url: values.url || null,
      dueAt: values.dueAt || null,
      authors: authorsOf(values.authors),
      sessionIds: chosen,
    });
    if (!checked.ok)
      return fail(
        schemaErrors(checked.problems, (f, p) => synthesisField(page, f, p)),
        400,
      );
    const done = attempt(
      page,
      () => planSynthesis(db, clock, person, { seriesId: series.id, ...checked.value }),
      (f) =>
        f.startsWith('authors')
          ? page.t('session.synthesis.error.authors')
          : f === 'url' && values.url === ''
            ? page.t('session.synthesis.error.urlNeeded')
            : synthesisField(page, f),
    );
    if (!done.ok) {
      const errors = Object.fromEntries(
        Object.entries(done.errors).map(([f, m]) => [f.startsWith('authors') ? 'authors' : f, m]),
      );
      return fail(errors, done.status);
    }
    return seeOther(reply, `${manageBase(series)}/synthesis?notice=synthesis`);
  });
}
