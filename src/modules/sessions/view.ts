// How sessions are shown: with their role line-up, agenda and blog post, and with people's
// addresses only for those allowed to see them (the series' chairs and admins).
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import Type, { type Static } from 'typebox';
import {
  type AssignmentStatus,
  agendaSegments,
  blogPosts,
  people,
  type RoleName,
  roleAssignments,
  sessions,
} from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { countryName } from '../../domain/countries.js';
import { displayName } from '../people/repository.js';
import { Instant, nullable } from '../schemas.js';

export type SessionRow = typeof sessions.$inferSelect;

const Status = Type.Enum(['assigned', 'invited', 'accepted', 'declined']);
const RolePerson = Type.Object({
  name: Type.String(),
  email: Type.Optional(Type.String()),
  country: Type.Optional(nullable(Type.String())),
  countryName: Type.Optional(nullable(Type.String())),
  status: Status,
});
const CountryRole = nullable(
  Type.Object({ country: Type.String(), countryName: Type.String(), people: Type.Array(RolePerson) }),
);
export const RolesView = Type.Object(
  {
    chair: nullable(
      Type.Object({
        name: Type.String(),
        email: Type.Optional(Type.String()),
        country: nullable(Type.String()),
        countryName: nullable(Type.String()),
        status: Status,
      }),
    ),
    supportingChair: nullable(RolePerson),
    focal: CountryRole,
    discussant: CountryRole,
    coBloggers: Type.Array(RolePerson),
  },
  { description: 'null = to be decided' },
);
export type RolesView = Static<typeof RolesView>;

export const AgendaSegmentView = Type.Object({
  title: Type.String(),
  starts: Type.String({ description: "HH:MM in the series' zone" }),
  ends: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  lead: nullable(Type.String()),
});

export const BlogView = Type.Object({
  title: nullable(Type.String()),
  status: Type.String(),
  url: nullable(Type.String()),
  dueAt: nullable(Instant),
  authors: Type.Array(
    Type.Object({ name: Type.String(), country: nullable(Type.String()), email: Type.Optional(Type.String()) }),
  ),
});

export const SessionView = Type.Object({
  id: Type.String(),
  seriesId: Type.String(),
  title: Type.String(),
  description: nullable(Type.String()),
  startsAt: nullable(Instant),
  endsAt: nullable(Instant),
  durationMinutes: Type.Integer(),
  meetingUrl: nullable(Type.String()),
  status: Type.Enum(['scheduled', 'alternate', 'cancelled']),
  discussantQuestion: nullable(Type.String()),
  roles: RolesView,
  agenda: Type.Array(AgendaSegmentView),
  blog: BlogView,
});
export type SessionView = Static<typeof SessionView>;

/** Blog posts are due three weeks after their session unless the chairs set a date. */
export const BLOG_DUE_AFTER_MS = 21 * 24 * 3_600_000;

interface AssignmentWithPerson {
  sessionId: string;
  role: RoleName;
  status: AssignmentStatus;
  position: number;
  personId: string;
  name: string | null;
  email: string;
  country: string | null;
}

/** Session views in the order given; `withEmails` for the series' chairs and admins. */
export function sessionViews(db: Db, rows: SessionRow[], zone: string, withEmails: boolean): SessionView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((s) => s.id);
  const assignments: AssignmentWithPerson[] = db
    .select({
      sessionId: roleAssignments.sessionId,
      role: roleAssignments.role,
      status: roleAssignments.status,
      position: roleAssignments.position,
      personId: people.id,
      name: people.name,
      email: people.email,
      country: people.country,
    })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(inArray(roleAssignments.sessionId, ids))
    .orderBy(asc(roleAssignments.position))
    .all()
    .filter((a) => a.status !== 'removed');
  const segments = db
    .select()
    .from(agendaSegments)
    .where(inArray(agendaSegments.sessionId, ids))
    .orderBy(asc(agendaSegments.position))
    .all();
  const blogs = new Map(
    db
      .select()
      .from(blogPosts)
      .where(inArray(blogPosts.sessionId, ids))
      .all()
      .map((b) => [b.sessionId, b]),
  );

  return rows.map((session) => {
    const own = assignments.filter((a) => a.sessionId === session.id);
    const roles = rolesView(session, own, withEmails);
    const blog = blogs.get(session.id);
    const defaultDue = session.startsAt ? new Date(session.startsAt.getTime() + BLOG_DUE_AFTER_MS) : null;
    return {
      id: session.id,
      seriesId: session.seriesId,
      title: session.title,
      description: session.description,
      startsAt: session.startsAt?.toISOString() ?? null,
      endsAt: session.startsAt
        ? new Date(session.startsAt.getTime() + session.durationMinutes * 60_000).toISOString()
        : null,
      durationMinutes: session.durationMinutes,
      meetingUrl: session.meetingUrl,
      status: session.status,
      discussantQuestion: session.discussantQuestion,
      roles,
      agenda: segments
        .filter((s) => s.sessionId === session.id)
        .map((s) => ({
          title: s.title,
          starts: clockTime(s.startsAt, zone),
          ends: clockTime(s.endsAt, zone),
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          lead: s.lead,
        })),
      blog: {
        title: blog?.title ?? null,
        status: blog?.status ?? 'planned',
        url: blog?.url ?? null,
        dueAt: (blog?.dueAt ?? defaultDue)?.toISOString() ?? null,
        authors: blogAuthors(roles),
      },
    };
  });
}

function rolesView(session: SessionRow, own: AssignmentWithPerson[], withEmails: boolean): RolesView {
  const person = (a: AssignmentWithPerson) => ({
    name: displayName(a),
    ...(withEmails ? { email: a.email } : {}),
    country: a.country,
    countryName: a.country ? countryName(a.country) : null,
    status: a.status as Exclude<AssignmentStatus, 'removed'>,
  });
  const holders = (role: RoleName) => own.filter((a) => a.role === role).map(person);
  const countryRole = (country: string | null, role: RoleName) =>
    country ? { country, countryName: countryName(country), people: holders(role) } : null;
  const [chair] = holders('chair');
  const [supportingChair] = holders('supporting_chair');
  const chairCountry = session.chairCountry ?? chair?.country ?? null;
  return {
    chair: chair
      ? { ...chair, country: chairCountry, countryName: chairCountry ? countryName(chairCountry) : null }
      : null,
    supportingChair: supportingChair ?? null,
    focal: countryRole(session.focalCountry, 'focal'),
    discussant: countryRole(session.discussantCountry, 'discussant'),
    coBloggers: holders('co_blogger'),
  };
}

/** The blog post's authors are always the session's chair, discussant people and co-bloggers. */
function blogAuthors(roles: RolesView): SessionView['blog']['authors'] {
  const authors = [roles.chair, ...(roles.discussant?.people ?? []), ...roles.coBloggers].filter(
    (p): p is NonNullable<typeof p> => p !== null && p.status !== 'declined',
  );
  return authors.map((p) => ({
    name: p.name,
    country: p.country ?? null,
    ...(p.email !== undefined ? { email: p.email } : {}),
  }));
}

const clockTime = (instant: Date, zone: string): string => DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');

export function findSession(db: Db, id: string): SessionRow | undefined {
  return db.select().from(sessions).where(eq(sessions.id, id)).get();
}

/** The series' sessions in programme order: dated ones by date, then undated alternates. */
export function sessionsOfSeries(db: Db, seriesId: string): SessionRow[] {
  return db
    .select()
    .from(sessions)
    .where(eq(sessions.seriesId, seriesId))
    .orderBy(sql`${sessions.startsAt} is null`, asc(sessions.startsAt), asc(sessions.createdAt))
    .all();
}

export const seriesOfSession = (db: Db, id: string): string | undefined =>
  db.select({ seriesId: sessions.seriesId }).from(sessions).where(eq(sessions.id, id)).get()?.seriesId;
