// My page: my interests, my roles and invitations (with accept and decline), my calendar link,
// my profile.
import type { FastifyInstance } from 'fastify';
import { isOnTime } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { isLanguage, languageNames, languages } from '../../i18n/index.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import { signedIn } from '../../modules/auth/access.js';
import { extensionFor, interestOf, interestViews } from '../../modules/interests/repository.js';
import { assignmentsOfPerson } from '../../modules/invitations/assignments.js';
import { personalFeedLink, replyLink } from '../../modules/invitations/links.js';
import { MePatch } from '../../modules/people/schemas.js';
import { changeProfile } from '../../modules/people/service.js';
import { findSeries, listSeries, seriesView } from '../../modules/series/repository.js';
import { type Page, pageFor, render } from '../context.js';
import { countryIn, whenText } from '../format.js';
import { fieldMessages, formOf, maxLengths, text } from '../forms.js';
import { assignmentRoleKeys, statusKeys } from '../labels.js';
import { seeOther } from '../redirect.js';

const checkProfile = bodyCheck(MePatch);

/** What the profile form says of a field PATCH /api/me would refuse. */
function profileProblem(page: Page, field: string, problem?: SchemaProblem): string {
  if (field !== 'timezone' && problem?.keyword === 'maxLength' && problem.limit !== undefined) {
    return page.t('interest.error.tooLong', { max: problem.limit });
  }
  return page.t('interest.error.timezone');
}

export async function meRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;

  function view(page: Page, profileErrors: Partial<Record<string, string>>, values: Record<string, string> | null) {
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
          country: countryIn(row.country, lang),
          roles: (interest?.roles ?? []).map((r) => t(assignmentRoleKeys[r] ?? 'role.tbd')),
          sessions: (interest?.sessions ?? []).map((id) => titles.get(id) ?? id),
          workstreams: (interest?.workstreams ?? []).map((w) =>
            w.asConvener ? t('me.convening', { title: streams.get(w.id) ?? w.id }) : (streams.get(w.id) ?? w.id),
          ),
          open: isOnTime(now, series.interestDeadline, extensionFor(db, series.id, person.id)),
        },
      ];
    });

    const roles = assignmentsOfPerson(db, person.id).map(({ assignment, session, series }) => {
      const zone = page.zone ?? series.timezone;
      const replyable =
        session.status === 'scheduled' &&
        (assignment.status === 'invited' || assignment.status === 'accepted' || assignment.status === 'declined');
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

    return {
      interests,
      roles,
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
    const saved = (request.query as Record<string, unknown>).saved !== undefined;
    return render(reply, page, 'me', page.t('me.title'), { ...view(page, {}, null), saved });
  });

  app.post('/me/profile', { preValidation: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request);
    const body = formOf(request);
    const values = {
      name: text(body, 'name', 1000, 'label'),
      organisation: text(body, 'organisation', 1000),
      language: text(body, 'language', 5),
      timezone: text(body, 'timezone', 100),
    };
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
