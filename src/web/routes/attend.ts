// Registering to attend sessions from the browser: signed in, one button per session on the
// programme (and one for every session still ahead); a contact, from the link in the call, on a
// page of their own without a password (opening it changes nothing, its buttons do). Every form
// redirects (Post/Redirect/Get) to a page that says what happened, refusals included.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  attendFromCall,
  contactOfLink,
  contactStanding,
  openSessions,
  registerForSeries,
  registerToAttend,
  registrationOpen,
  sessionOfSeries,
  unregisterFromSession,
} from '../../modules/attendance/service.js';
import { signedIn } from '../../modules/auth/access.js';
import { findSeries } from '../../modules/series/repository.js';
import { sessionsOfSeries } from '../../modules/sessions/view.js';
import { pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { whenText } from '../format.js';
import { formOf, text } from '../forms.js';
import { seeOther } from '../redirect.js';

/** What a redirect after a form says, by its `notice`: the outcome or the refusal's code. */
export const attendNotices: Record<string, MessageKey> = {
  registered: 'attend.notice.registered',
  registeredAll: 'attend.notice.registeredAll',
  unregistered: 'attend.notice.unregistered',
  registration_closed: 'attend.conflict.registration_closed',
  session_cancelled: 'attend.conflict.session_cancelled',
  session_not_scheduled: 'attend.conflict.session_not_scheduled',
  no_session_open: 'attend.conflict.no_session_open',
};

/** Runs a registration; a 409 of the rules comes back as the notice naming it. */
function outcome(work: () => string): string {
  try {
    return work();
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 409 && error.code in attendNotices) return error.code;
    throw error;
  }
}

export async function attendRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const csrf = { preValidation: app.csrfProtection };

  const seriesOf = (id: string) => {
    const series = findSeries(db, id);
    if (!series) throw new PageError(404, 'error.notFound');
    return series;
  };
  const back = (reply: FastifyReply, seriesId: string, notice: string, sessionId?: string) =>
    seeOther(
      reply,
      `/series/${encodeURIComponent(seriesId)}?notice=${notice}${sessionId ? `#x-${encodeURIComponent(sessionId)}` : ''}`,
    );

  app.post('/series/:id/sessions/:sessionId/attend', csrf, async (request, reply) => {
    const person = signedIn(request);
    const { id, sessionId } = request.params as { id: string; sessionId: string };
    const series = seriesOf(id);
    const session = sessionOfSeries(db, series, sessionId);
    const notice = outcome(() => {
      registerToAttend(db, clock, person, session, 'page');
      return 'registered';
    });
    return back(reply, series.id, notice, session.id);
  });

  app.post('/series/:id/sessions/:sessionId/unattend', csrf, async (request, reply) => {
    const person = signedIn(request);
    const { id, sessionId } = request.params as { id: string; sessionId: string };
    const series = seriesOf(id);
    const session = sessionOfSeries(db, series, sessionId);
    const notice = outcome(() => {
      unregisterFromSession(db, clock, person, session);
      return 'unregistered';
    });
    return back(reply, series.id, notice, session.id);
  });

  app.post('/series/:id/attend', csrf, async (request, reply) => {
    const person = signedIn(request);
    const series = seriesOf((request.params as { id: string }).id);
    const notice = outcome(() => {
      registerForSeries(db, clock, person, series, 'page');
      return 'registeredAll';
    });
    return back(reply, series.id, notice);
  });

  // ---- the call's link: no password, the link is the key --------------------------------------

  app.get('/attend/:contactId', { config: { private: true } }, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    const query = request.query as { token?: unknown; notice?: unknown };
    const token = typeof query.token === 'string' ? query.token.slice(0, 200) : '';
    let found: ReturnType<typeof contactOfLink>;
    try {
      found = contactOfLink(db, config, contactId.slice(0, 64), token);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 404) throw error;
      const page = pageFor(request, reply);
      return render(reply, page, 'attend', page.t('attend.title'), { problem: page.t('attend.unknown') }, 404);
    }
    const { contact, series } = found;
    // Opening the link writes nothing: the person is looked up, not created.
    const { person, registered } = contactStanding(db, contact);
    const page = pageFor(request, reply, person?.language ?? contact.language);
    const zone = person?.timezoneChosen && person.timezone ? person.timezone : (contact.timezone ?? series.timezone);
    const now = clock.now();
    const sessions = sessionsOfSeries(db, series.id)
      .filter((s) => s.status === 'scheduled' && s.startsAt)
      .map((s) => ({
        id: s.id,
        title: s.title,
        iso: s.startsAt?.toISOString(),
        when: whenText(s.startsAt as Date, page.lang, zone, series.timezone),
        registered: registered.has(s.id),
        open: registrationOpen(now, s),
      }));
    const notice = typeof query.notice === 'string' ? attendNotices[query.notice] : undefined;
    return render(reply, page, 'attend', page.t('attend.title'), {
      problem: null,
      notice: notice ? page.t(notice) : null,
      series: { title: series.title },
      intro: page.t('attend.intro', { series: series.title }),
      sessions,
      anyOpen: openSessions(db, series.id, now).some((s) => !registered.has(s.id)),
      action: `/attend/${encodeURIComponent(contact.id)}`,
      token,
    });
  });

  app.post('/attend/:contactId', { config: { private: true } }, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    const body = formOf(request);
    const token = text(body, 'token', 200);
    const sessionId = text(body, 'session', 64) || undefined;
    const unregister = text(body, 'do', 20) === 'unregister';
    try {
      contactOfLink(db, config, contactId.slice(0, 64), token);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 404) throw error;
      const page = pageFor(request, reply);
      return render(reply, page, 'attend', page.t('attend.title'), { problem: page.t('attend.unknown') }, 404);
    }
    const notice = outcome(() => {
      attendFromCall(db, clock, config, { contactId, token, sessionId, unregister });
      return unregister ? 'unregistered' : sessionId ? 'registered' : 'registeredAll';
    });
    const query = new URLSearchParams({ token, notice });
    return seeOther(reply, `/attend/${encodeURIComponent(contactId)}?${query}`);
  });
}
