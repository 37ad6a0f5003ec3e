// How sessions are shown: with their role line-up, agenda and blog post, and with people's
// addresses only for those allowed to see them (the series' chairs and admins).
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import Type, { type Static } from 'typebox';
import {
  type AssignmentStatus,
  agendaSegments,
  blogPosts,
  people,
  type RoleName,
  roleAssignments,
  sessions,
  workstreamMeetings,
} from '../../../db/schema.js';
import { type Db, preparedFor } from '../../db.js';
import { countryName } from '../../domain/countries.js';
import { agendaKinds, sessionStatuses, shownAssignmentStatuses } from '../../domain/vocabulary.js';
import { displayName } from '../people/repository.js';
import { Instant, nullable } from '../schemas.js';

export type SessionRow = typeof sessions.$inferSelect;

const Status = Type.Enum([...shownAssignmentStatuses]);
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
const RolesView = Type.Object(
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

const AgendaSegmentView = Type.Object({
  title: Type.String(),
  starts: Type.String({ description: "HH:MM in the series' zone" }),
  ends: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  lead: nullable(Type.String()),
  kind: nullable(
    Type.Enum([...agendaKinds], {
      description: 'The part of the standard call structure; null for a segment of its own',
    }),
  ),
});

const BlogView = Type.Object({
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
  status: Type.Enum([...sessionStatuses]),
  discussantQuestion: nullable(Type.String()),
  roles: RolesView,
  agenda: Type.Array(AgendaSegmentView),
  blog: BlogView,
  feedbackMeetings: Type.Array(
    Type.Object({ id: Type.String(), workstreamId: Type.String(), title: Type.String(), startsAt: Instant }),
    { description: "Workstream meetings held as this session's feedback meetings" },
  ),
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

/** `column in (the JSON array bound to :ids)`: one prepared statement serves any number of ids. */
const inIds = (column: SQLiteColumn) => sql`${column} in (select value from json_each(${sql.placeholder('ids')}))`;

/**
 * The programme is read far more often than it changes; its queries are prepared once per
 * database rather than built and compiled on every request.
 */
const statementsFor = preparedFor((db) => ({
  assignments: db
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
    .where(and(inIds(roleAssignments.sessionId), ne(roleAssignments.status, 'removed')))
    .orderBy(asc(roleAssignments.position))
    .prepare(),
  segments: db
    .select()
    .from(agendaSegments)
    .where(inIds(agendaSegments.sessionId))
    .orderBy(asc(agendaSegments.position))
    .prepare(),
  blogs: db.select().from(blogPosts).where(inIds(blogPosts.sessionId)).prepare(),
  feedbackMeetings: db
    .select()
    .from(workstreamMeetings)
    .where(and(inIds(workstreamMeetings.linkedSessionId), eq(workstreamMeetings.status, 'scheduled')))
    .orderBy(asc(workstreamMeetings.startsAt))
    .prepare(),
}));

/** Session views in the order given; `withEmails` for the series' chairs and admins. */
export function sessionViews(db: Db, rows: SessionRow[], zone: string, withEmails: boolean): SessionView[] {
  if (rows.length === 0) return [];
  const ids = { ids: JSON.stringify(rows.map((s) => s.id)) };
  const statements = statementsFor(db);
  const assignments: AssignmentWithPerson[] = statements.assignments.all(ids);
  const segments = statements.segments.all(ids);
  const blogs = new Map(statements.blogs.all(ids).map((b) => [b.sessionId, b]));
  const meetings = statements.feedbackMeetings.all(ids);

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
          kind: s.kind,
        })),
      blog: {
        title: blog?.title ?? null,
        status: blog?.status ?? 'planned',
        url: blog?.url ?? null,
        dueAt: (blog?.dueAt ?? defaultDue)?.toISOString() ?? null,
        authors: blogAuthors(roles),
      },
      feedbackMeetings: meetings
        .filter((m) => m.linkedSessionId === session.id)
        .map((m) => ({ id: m.id, workstreamId: m.workstreamId, title: m.title, startsAt: m.startsAt.toISOString() })),
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

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "14:05" in the zone; Intl formatters are cached per zone because building one is slow. */
function clockTime(instant: Date, zone: string): string {
  let format = clockFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(zone, format);
  }
  return format.format(instant);
}

const sessionStatements = preparedFor((db) => ({
  byId: db
    .select()
    .from(sessions)
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare(),
  ofSeries: db
    .select()
    .from(sessions)
    .where(eq(sessions.seriesId, sql.placeholder('seriesId')))
    .orderBy(sql`${sessions.startsAt} is null`, asc(sessions.startsAt), asc(sessions.createdAt))
    .prepare(),
}));

export function findSession(db: Db, id: string): SessionRow | undefined {
  return sessionStatements(db).byId.get({ id });
}

/** The series' sessions in programme order: dated ones by date, then undated alternates. */
export function sessionsOfSeries(db: Db, seriesId: string): SessionRow[] {
  return sessionStatements(db).ofSeries.all({ seriesId });
}

export const seriesOfSession = (db: Db, id: string): string | undefined => findSession(db, id)?.seriesId;
