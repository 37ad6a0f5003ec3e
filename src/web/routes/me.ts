// My page: my interests, my roles and invitations (with accept and decline), my calendar link,
// my profile.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isOnTime } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { isLanguage, languageNames, languages } from '../../i18n/index.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import { signedIn } from '../../modules/auth/access.js';
import { issueToken, listTokens, revokeToken } from '../../modules/auth/tokens.js';
import { extensionFor, interestOf, interestViews } from '../../modules/interests/repository.js';
import { assignmentsOfPerson } from '../../modules/invitations/assignments.js';
import { personalFeedLink, replyLink } from '../../modules/invitations/links.js';
import { MePatch } from '../../modules/people/schemas.js';
import { changeProfile } from '../../modules/people/service.js';
import { findSeries, listSeries, runBy, seriesView } from '../../modules/series/repository.js';
import { membersOf } from '../../modules/workstreams/repository.js';
import { noticeOf } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { countryIn, shortDateTime, whenText, zoneGroups, zoneLabel } from '../format.js';
import { fieldMessages, formOf, maxLengths, text, textFields } from '../forms.js';
import { assignmentRoleKeys, statusKeys } from '../labels.js';
import { safeNext, seeOther } from '../redirect.js';
import { isSecure } from '../session.js';

const checkProfile = bodyCheck(MePatch);

/** What the profile form says of a field PATCH /api/me would refuse. */
function profileProblem(page: Page, field: string, problem?: SchemaProblem): string {
  if (field !== 'timezone' && problem?.keyword === 'maxLength' && problem.limit !== undefined) {
    return page.t('interest.error.tooLong', { max: problem.limit });
  }
  if (field === 'name') return page.t('error.onlySpaces');
  return page.t('interest.error.timezone');
}

const TOKEN_COOKIE = 'indaba_new_token';

const meNotices: Record<string, MessageKey> = {
  tokenCreated: 'tokens.notice.created',
  tokenRevoked: 'tokens.notice.revoked',
  left: 'workstream.notice.left',
};

export async function meRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const csrf = { preValidation: app.csrfProtection };

  function view(
    page: Page,
    profileErrors: Partial<Record<string, string>>,
    values: Record<string, string> | null,
    newToken: string | null = null,
  ) {
    const person = page.person;
    if (!person) throw new Error('signed in');
    const { t, lang } = page;
    const now = clock.now();

    const interests = listSeries(db, now).flatMap((summary) => {
      const row = interestOf(db, summary.id, person.id);
      const series = row && findSeries(db, summary.id);
      if (!row || !series) return [];
      const [interest] = interestViews(db, [row], false);
      const programme = seriesView(db, series, false);
      const titles = new Map(programme.sessions.map((s) => [s.id, s.title]));
      const streams = new Map(programme.workstreams.map((w) => [w.id, w.title]));
      return [
        {
          seriesId: series.id,
          seriesTitle: series.title,
          countryCode: row.country,
          country: countryIn(row.country, lang),
          roles: (interest?.roles ?? []).map((r) => t(assignmentRoleKeys[r] ?? 'role.tbd')),
          sessions: (interest?.sessions ?? []).map((id) => titles.get(id) ?? id),
          workstreams: (interest?.workstreams ?? []).map((w) =>
            w.asConvener ? t('me.convening', { title: streams.get(w.id) ?? w.id }) : (streams.get(w.id) ?? w.id),
          ),
          open: isOnTime(now, series.interestDeadline, extensionFor(db, series.id, person.id)),
          // The workstreams the person is still a member of, each with a way to leave it.
          memberOf: (interest?.workstreams ?? [])
            .filter((w) => membersOf(db, w.id).some((m) => m.id === person.id))
            .map((w) => ({ id: w.id, title: streams.get(w.id) ?? w.id })),
        },
      ];
    });

    const roles = assignmentsOfPerson(db, person.id).map(({ assignment, session, series }) => {
      const zone = page.zone ?? series.timezone;
      const replyable =
        session.status === 'scheduled' &&
        (assignment.status === 'invited' ||
          assignment.status === 'accepted' ||
          assignment.status === 'tentative' ||
          assignment.status === 'declined');
      const action = (name: 'accept' | 'decline') => {
        const link = new URL(replyLink(config, assignment, name));
        return { href: link.pathname, token: link.searchParams.get('token') ?? '' };
      };
      return {
        id: assignment.id,
        seriesId: series.id,
        seriesTitle: series.title,
        sessionTitle: session.title,
        cancelled: session.status === 'cancelled',
        when: session.startsAt ? whenText(session.startsAt, lang, zone, series.timezone) : t('session.dateToBeSet'),
        role: t(assignmentRoleKeys[assignment.role] ?? 'role.tbd'),
        status: t(statusKeys[assignment.status] ?? 'status.assigned'),
        accept: replyable && assignment.status !== 'accepted' ? action('accept') : null,
        decline: replyable && assignment.status !== 'declined' ? action('decline') : null,
      };
    });

    const runs = runBy(db, person);
    const chairing = assignmentsOfPerson(db, person.id)
      .filter(({ assignment, session }) => assignment.role === 'chair' && session.status !== 'cancelled')
      .filter(({ assignment }) => assignment.status !== 'declined' && assignment.status !== 'removed')
      .map(({ session, series }) => ({ seriesId: series.id, sessionId: session.id, title: session.title }));
    // The discussant country's people write the session's "how to" question.
    const questioning = assignmentsOfPerson(db, person.id)
      .filter(({ assignment, session }) => assignment.role === 'discussant' && session.status !== 'cancelled')
      .filter(({ assignment }) => assignment.status !== 'declined' && assignment.status !== 'removed')
      .map(({ session, series }) => ({ seriesId: series.id, sessionId: session.id, title: session.title }));
    return {
      interests,
      roles,
      runs,
      chairing,
      questioning,
      isAdmin: person.isAdmin,
      tokens: listTokens(db, person.id)
        .filter((token) => token.revokedAt === null)
        .map((token) => ({
          id: token.id,
          label: token.label ?? t('tokens.unnamed'),
          created: shortDateTime(token.createdAt, lang, page.zone ?? 'UTC'),
        })),
      newToken,
      zoneLabel: zoneLabel(page.zone ?? 'UTC'),
      zones: zoneGroups(
        lang,
        interests.map((i) => i.countryCode),
      ),
      feed: personalFeedLink(config, person.calendarKey),
      profile: values ?? {
        name: person.name ?? '',
        organisation: person.organisation ?? '',
        language: person.language ?? '',
        timezone: person.timezone ?? '',
      },
      errors: profileErrors,
      max: maxLengths(MePatch),
      languages: languages.map((code) => ({ code, name: languageNames[code] })),
    };
  }

  app.get('/me', async (request, reply) => {
    signedIn(request);
    const page = pageFor(request, reply);
    const query = request.query as Record<string, unknown>;
    const saved = query.saved !== undefined;
    // A token just created is shown once, on the page its form led to, then forgotten.
    const flash = request.cookies?.[TOKEN_COOKIE];
    const unsigned = flash ? request.unsignCookie(flash) : null;
    if (flash) reply.clearCookie(TOKEN_COOKIE, { path: '/me' });
    const newToken = unsigned?.valid ? unsigned.value : null;
    const notice = noticeOf(request, page, meNotices);
    return render(reply, page, 'me', page.t('me.title'), { ...view(page, {}, null, newToken), saved, notice });
  });

  app.post('/me/tokens', csrf, async (request, reply) => {
    const person = signedIn(request);
    const label = text(formOf(request), 'label', 200, 'line');
    const issued = issueToken(db, clock, person.id, label || null);
    reply.setCookie(TOKEN_COOKIE, issued.token, {
      path: '/me',
      httpOnly: true,
      sameSite: 'strict',
      secure: isSecure(config),
      signed: true,
      maxAge: 300,
    });
    return seeOther(reply, '/me?notice=tokenCreated#tokens');
  });

  /** One of the person's tokens still in use, or a 404 page. */
  function ownToken(request: FastifyRequest) {
    const person = signedIn(request);
    const { id } = request.params as { id: string };
    const token = listTokens(db, person.id).find((t) => t.id === id && t.revokedAt === null);
    if (!token) throw new PageError(404, 'tokens.gone');
    return { person, token };
  }

  app.get('/me/tokens/:id/revoke', async (request, reply) => {
    const { token } = ownToken(request);
    const page = pageFor(request, reply);
    return render(reply, page, 'me-token-revoke', page.t('tokens.revokeTitle'), {
      token: { id: token.id, label: token.label ?? page.t('tokens.unnamed') },
    });
  });

  app.post('/me/tokens/:id/revoke', csrf, async (request, reply) => {
    const { person, token } = ownToken(request);
    revokeToken(db, clock, person.id, token.id);
    return seeOther(reply, '/me?notice=tokenRevoked#tokens');
  });

  // The language links at the foot of every page, for a signed-in person: saved in their profile.
  app.post('/me/language', csrf, async (request, reply) => {
    const person = signedIn(request);
    const body = formOf(request);
    const to = text(body, 'to', 5);
    if (!isLanguage(to)) throw new PageError(400, 'error.badRequest');
    changeProfile(db, clock, person, { language: to });
    return seeOther(reply, safeNext(text(body, 'next', 500)) ?? '/me');
  });

  app.post('/me/profile', csrf, async (request, reply) => {
    const person = signedIn(request);
    const body = formOf(request);
    const values = textFields(body, { name: [1000, 'label'], organisation: [1000], language: [5], timezone: [100] });
    const page = pageFor(request, reply);
    // A zone left as it was estimated from the country stays an estimate, not a choice.
    const estimate = !person.timezoneChosen && values.timezone === (person.timezone ?? '');
    const profile = {
      name: values.name || null,
      organisation: values.organisation || null,
      // An option the form does not offer is no preference.
      language: isLanguage(values.language) ? values.language : null,
      ...(estimate ? {} : { timezone: values.timezone || null }),
    };
    const checked = checkProfile(profile);
    let errors: Partial<Record<string, string>> = checked.ok
      ? {}
      : fieldMessages(
          checked.problems,
          (path) => path[0] ?? '',
          (field, problem) => profileProblem(page, field, problem),
        );
    if (checked.ok) {
      try {
        changeProfile(db, clock, person, checked.value);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 400) throw error;
        const field = (error.details as { field?: string } | undefined)?.field ?? 'timezone';
        errors = { [field]: profileProblem(page, field) };
      }
    }
    if (Object.keys(errors).length > 0) {
      return render(reply, page, 'me', page.t('me.title'), { ...view(page, errors, values), saved: false }, 400);
    }
    return seeOther(reply, '/me?saved=1');
  });
}
