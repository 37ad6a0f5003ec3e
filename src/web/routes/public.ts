// Pages anyone may read: the list of series and a series' programme.
import type { FastifyInstance } from 'fastify';
import { isOnTime } from '../../domain/time.js';
import { agendaLeads, isOneOf } from '../../domain/vocabulary.js';
import { leadWord } from '../../i18n/glossary.js';
import { registeredSessionIds, registrationOpen } from '../../modules/attendance/service.js';
import { registrationCounts } from '../../modules/attendance/view.js';
import { isSeriesChair } from '../../modules/auth/access.js';
import { extensionFor, interestOf } from '../../modules/interests/repository.js';
import { rotation } from '../../modules/roles/repository.js';
import { findSeries, listSeries, type SeriesView, seriesView } from '../../modules/series/repository.js';
import type { SessionView } from '../../modules/sessions/view.js';
import { sessionsOfSeries } from '../../modules/sessions/view.js';
import { meetingsOf, occurrencesOf } from '../../modules/workstreams/repository.js';
import { noticeOf } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { clock, countryIn, whenText, zoneLabel } from '../format.js';
import { roleItems } from '../labels.js';
import { attendNotices } from './attend.js';
import { registeredLine } from './group.js';

/** Whether and how the reader can register to attend a session: open until it starts. */
interface Attending {
  now: Date;
  /** Per session: how many registered, from how many countries. */
  counts: Map<string, { people: number; countries: number }>;
  /** The sessions the signed-in reader is registered for; null for a visitor. */
  registered: Set<string> | null;
}

function attendItem(series: SeriesView, s: SessionView, attending: Attending) {
  const open = registrationOpen(attending.now, {
    status: s.status,
    startsAt: s.startsAt ? new Date(s.startsAt) : null,
  });
  if (!open) return null;
  const base = `/series/${encodeURIComponent(series.id)}/sessions/${encodeURIComponent(s.id)}`;
  if (!attending.registered) {
    return { signIn: `/signin?next=${encodeURIComponent(`/series/${series.id}`)}`, registered: false, action: '' };
  }
  const registered = attending.registered.has(s.id);
  return { signIn: null, registered, action: `${base}/${registered ? 'unattend' : 'attend'}` };
}

/** A session of the programme, ready to print. */
function sessionItem(
  page: Page,
  series: SeriesView,
  s: SessionView,
  feedback: FeedbackMeeting[],
  attending: Attending,
) {
  const { t, lang } = page;
  const zone = page.zone ?? series.timezone;
  const startsAt = s.startsAt ? new Date(s.startsAt) : null;
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    status: s.status,
    iso: s.startsAt,
    when: startsAt ? whenText(startsAt, lang, zone, series.timezone) : t('session.dateToBeSet'),
    roles: roleItems(s.roles, t, lang),
    attend: attendItem(series, s, attending),
    registered:
      s.status !== 'cancelled' && attending.counts.get(s.id)
        ? registeredLine(page, attending.counts.get(s.id)?.people ?? 0, attending.counts.get(s.id)?.countries ?? 0)
        : null,
    question: s.discussantQuestion,
    agendaZone: zoneLabel(zone),
    agenda: s.agenda.map((a) => ({
      time: `${clock(new Date(a.startsAt), zone)}–${clock(new Date(a.endsAt), zone)}`,
      title: a.kind ? t(`agenda.kind.${a.kind}`) : a.title,
      lead: isOneOf(agendaLeads, a.lead) ? leadWord(lang, a.lead) : null,
    })),
    blog:
      s.blog.status === 'published' && s.blog.url
        ? { url: s.blog.url, title: s.blog.title ?? t('session.blogPost') }
        : null,
    feedback: feedback
      .filter((m) => m.sessionId === s.id)
      .map((m) => ({
        title: m.title,
        workstream: m.workstream,
        when: whenText(m.startsAt, lang, zone, series.timezone),
      })),
  };
}

interface FeedbackMeeting {
  sessionId: string | null;
  title: string;
  workstream: string;
  startsAt: Date;
}

export async function publicRoutes(app: FastifyInstance) {
  const { db, clock: appClock } = app;

  app.get('/', async (request, reply) => {
    const page = pageFor(request, reply);
    const now = appClock.now();
    const series = listSeries(db, now).map((summary) => {
      const row = findSeries(db, summary.id);
      const zone = page.zone ?? summary.timezone;
      const deadline = row?.interestDeadline ?? null;
      const upcoming = sessionsOfSeries(db, summary.id)
        .filter((s) => s.status === 'scheduled' && s.startsAt && s.startsAt.getTime() >= now.getTime())
        .slice(0, 4)
        .map((s) => ({
          title: s.title,
          iso: s.startsAt?.toISOString(),
          when: whenText(s.startsAt as Date, page.lang, zone, summary.timezone),
        }));
      return {
        id: summary.id,
        title: summary.title,
        description: row?.description ?? null,
        upcoming,
        open: isOnTime(now, deadline),
        deadline: deadline ? whenText(deadline, page.lang, zone, summary.timezone) : null,
      };
    });
    const signedOut = (request.query as Record<string, unknown>).signedout !== undefined;
    return render(reply, page, 'home', page.t('home.title'), { series, signedOut });
  });

  app.get('/rotation', async (request, reply) => {
    const page = pageFor(request, reply);
    const collator = new Intl.Collator(page.lang);
    const countries = rotation(db)
      .map((row) => ({ ...row, name: countryIn(row.country, page.lang) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    return render(reply, page, 'rotation', page.t('rotation.title'), { countries });
  });

  app.get('/series/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const row = findSeries(db, id);
    if (!row) throw new PageError(404, 'error.notFound');
    const page = pageFor(request, reply);
    const now = appClock.now();
    const series = seriesView(db, row, false);
    const zone = page.zone ?? series.timezone;
    const workstreams = series.workstreams.map((w) => ({ ...w, meetings: meetingsOf(db, w.id) }));
    const feedback: FeedbackMeeting[] = workstreams.flatMap((w) =>
      w.meetings
        .filter((m) => m.status === 'scheduled' && m.linkedSessionId)
        .map((m) => ({ sessionId: m.linkedSessionId, title: m.title, workstream: w.title, startsAt: m.startsAt })),
    );
    const person = page.person;
    const extension = person ? extensionFor(db, id, person.id) : null;
    const open = isOnTime(now, row.interestDeadline, extension);
    const attending: Attending = {
      now,
      counts: registrationCounts(
        db,
        series.sessions.map((s) => s.id),
      ),
      registered: person ? registeredSessionIds(db, id, person.id) : null,
    };
    return render(reply, page, 'series', series.title, {
      series,
      chairs: series.chairs.map((c) => c.name).join(', '),
      zoneNote: page.zone
        ? page.t('series.timesInYourZone', { zone: page.zone })
        : page.t('series.timesInSeriesZone', { zone: series.timezone }),
      deadline: row.interestDeadline ? whenText(row.interestDeadline, page.lang, zone, series.timezone) : null,
      open,
      hasInterest: person ? interestOf(db, id, person.id) !== undefined : false,
      isChair: isSeriesChair(db, person, id),
      sessions: series.sessions.map((s) => sessionItem(page, series, s, feedback, attending)),
      attendAll:
        attending.registered && series.sessions.some((s) => attendItem(series, s, attending)?.registered === false)
          ? `/series/${encodeURIComponent(series.id)}/attend`
          : null,
      notice: noticeOf(request, page, attendNotices),
      workstreams: workstreams.map((w) => ({
        title: w.title,
        description: w.description,
        convener: w.convener?.name ?? null,
        // Each meeting still to come, those of a repeating run at their own times.
        meetings: w.meetings
          .filter((m) => m.status === 'scheduled')
          .flatMap((m) => occurrencesOf(db, m).map((o) => ({ title: m.title, occurrence: o })))
          .filter(({ occurrence: o }) => o.status !== 'cancelled' && o.start.getTime() >= now.getTime())
          .sort((a, b) => a.occurrence.start.getTime() - b.occurrence.start.getTime())
          .map(({ title, occurrence }) => ({
            title,
            when: whenText(occurrence.start, page.lang, zone, series.timezone),
          })),
      })),
    });
  });
}
