// My page: my interests, my roles and invitations (with accept and decline), my calendar link,
// my profile.
import { and, asc, eq, ne } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { roleAssignments, series as seriesTable, sessions } from '../../../db/schema.js';
import { canonicalZone, isOnTime } from '../../domain/time.js';
import { isLanguage, languageNames, languages, type MessageKey } from '../../i18n/index.js';
import { signedIn } from '../../modules/auth/access.js';
import { extensionFor, interestOf, interestViews } from '../../modules/interests/repository.js';
import { personalFeedLink, replyLink } from '../../modules/invitations/links.js';
import { updatePerson } from '../../modules/people/repository.js';
import { findSeries, listSeries, seriesView } from '../../modules/series/repository.js';
import { type Page, pageFor, render } from '../context.js';
import { countryIn, whenText } from '../format.js';
import { formOf, text } from '../forms.js';
import { seeOther } from '../redirect.js';
import { roleKeys } from './interest.js';

export const assignmentRoleKeys: Record<string, MessageKey> = {
  ...roleKeys,
  supporting_chair: 'role.supportingChair',
};

export const statusKeys: Record<string, MessageKey> = {
  assigned: 'status.assigned',
  invited: 'status.invited',
  accepted: 'status.accepted',
  declined: 'status.declined',
};

export async function meRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;

  function view(page: Page, profileErrors: Record<string, string>, values: Record<string, string> | null) {
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

    const held = db
      .select({ assignment: roleAssignments, session: sessions, series: seriesTable })
      .from(roleAssignments)
      .innerJoin(sessions, eq(sessions.id, roleAssignments.sessionId))
      .innerJoin(seriesTable, eq(seriesTable.id, sessions.seriesId))
      .where(and(eq(roleAssignments.personId, person.id), ne(roleAssignments.status, 'removed')))
      .orderBy(asc(sessions.startsAt))
      .all();
    const roles = held.map(({ assignment, session, series }) => {
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
    const errors: Record<string, string> = {};
    if (values.name.length > 200) errors.name = page.t('interest.error.tooLong', { max: 200 });
    if (values.organisation.length > 200) errors.organisation = page.t('interest.error.tooLong', { max: 200 });
    const zone = values.timezone ? canonicalZone(values.timezone) : null;
    if (values.timezone && !zone) errors.timezone = page.t('interest.error.timezone');
    if (Object.keys(errors).length > 0) {
      return render(reply, page, 'me', page.t('me.title'), { ...view(page, errors, values), saved: false }, 400);
    }
    updatePerson(db, clock, person.id, {
      name: values.name || null,
      organisation: values.organisation || null,
      language: isLanguage(values.language) ? values.language : null,
      timezone: zone,
    });
    return seeOther(reply, '/me?saved=1');
  });
}
