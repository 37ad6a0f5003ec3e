// The use cases of what a session produces and follows: its agenda, the discussant's "how to"
// question, its blog post, and the series' synthesis paper. Each checks its rules in the order of
// the API (400 before 409), then writes the change, its messages (through the outbox) and the
// audit entry in one transaction.
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { type AgendaSegmentInput, checkAgenda } from '../../domain/agenda.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { withMessage } from '../../i18n/issues.js';
import { enqueue } from '../../mail/outbox.js';
import { queueBlogFollowUps } from '../attendance/follow-up.js';
import { recordAudit } from '../audit/log.js';
import { changedUrl, checkedDeadline, checkedEmail, checkSessionOpen, cleanText } from '../checks.js';
import { ensurePerson, type Person } from '../people/repository.js';
import { findSeries, type SeriesRow } from '../series/repository.js';
import { findSynthesis, type SynthesisChanges, upsertSynthesis } from '../series/synthesis.js';
import { replaceAgenda } from '../sessions/agenda.js';
import { findSession, type SessionRow, sessionsOfSeries } from '../sessions/view.js';
import { blogAuthors } from './blog.js';
import { type BlogPostRow, findBlogPost, updateDiscussantQuestion, upsertBlogPost } from './repository.js';
import type { BlogBody, SynthesisBody } from './schemas.js';

type Status = BlogPostRow['status'];

/** The session changed and its series, for the answer. */
export interface SessionOutput {
  session: SessionRow;
  series: SeriesRow;
}

export interface AgendaInput {
  sessionId: string;
  /** Times are HH:MM, local to the series' zone on the session's day. */
  segments: AgendaSegmentInput[];
}

export interface QuestionInput {
  sessionId: string;
  question: string | null;
}

/** A blog post or a synthesis paper: what is left out stays as it is; a `dueAt` date alone is the end of that day in the series' zone. */
type PaperInput = BlogBody;

export type BlogInput = BlogBody & { sessionId: string };

export type SynthesisInput = SynthesisBody & { seriesId: string };

function loadSession(db: Db, id: string): SessionOutput {
  const session = findSession(db, id);
  const series = session && findSeries(db, session.seriesId);
  if (!session || !series) throw notFound('session', id);
  return { session, series };
}

/** A due date given, cleared (null) or left out (undefined). */
const dueAtOf = (value: string | null | undefined, zone: string) =>
  value ? checkedDeadline(value, zone, 'dueAt') : value === null ? null : undefined;

/** The paper's columns that change: the status always, the others when given. */
const paperChanges = (
  input: PaperInput,
  url: string | null | undefined,
  dueAt: Date | null | undefined,
): { status: Status; title?: string | null; url?: string | null; dueAt?: Date | null } => ({
  status: input.status,
  ...(input.title !== undefined ? { title: cleanText(input.title) } : {}),
  ...(url !== undefined ? { url } : {}),
  ...(dueAt !== undefined ? { dueAt } : {}),
});

/** Replaces the session's agenda: 409 agenda_overlap and agenda_outside_session name the segments. */
export function setAgenda(db: Db, clock: Clock, actor: Person, input: AgendaInput): SessionOutput {
  const { session, series } = loadSession(db, input.sessionId);
  if (!session.startsAt) {
    throw conflict('session_not_scheduled', 'This alternate topic has no date yet: give it one before its agenda.');
  }
  const checked = checkAgenda(
    input.segments,
    { startsAt: session.startsAt, durationMinutes: session.durationMinutes },
    series.timezone,
  );
  if (!checked.ok) {
    const [first] = checked.problems;
    const status = first?.code === 'invalid_time' || first?.code === 'ends_before_start' ? 400 : 409;
    // Each problem keeps its code and parameters beside its English sentence, for any reader to word.
    const problems = checked.problems.map((p) => withMessage('agenda', p));
    const message = problems.map((p) => p.message).join(' ');
    if (status === 400) throw invalidRequest(message, problems);
    throw conflict(first?.code ?? 'agenda_overlap', message, problems);
  }
  checkSessionOpen(session);
  inTransaction(db, () => {
    replaceAgenda(db, session.id, checked.segments);
    recordAudit(db, clock, actor.id, 'agenda.update', ['session', session.id, session.seriesId], {
      segments: input.segments,
    });
  });
  return { session, series };
}

/** Records the discussant's practical "how to" question; an empty one clears it. */
export function setQuestion(db: Db, clock: Clock, actor: Person, input: QuestionInput): SessionOutput {
  const { session, series } = loadSession(db, input.sessionId);
  const question = cleanText(input.question);
  checkSessionOpen(session);
  inTransaction(db, () => {
    updateDiscussantQuestion(db, session.id, question, clock.now());
    recordAudit(db, clock, actor.id, 'question.update', ['session', session.id, session.seriesId], { question });
  });
  return { session, series };
}

/**
 * Sets the session's blog post. A published post needs its url (400). A change of status is
 * mailed to its authors.
 */
export function setBlogPost(db: Db, clock: Clock, actor: Person, input: BlogInput): SessionOutput {
  const { session, series } = loadSession(db, input.sessionId);
  const url = changedUrl(input.url, 'url', undefined);
  const dueAt = dueAtOf(input.dueAt, series.timezone);
  const current = findBlogPost(db, session.id);
  if (input.status === 'published' && !(url ?? current?.url)) {
    throw invalidRequest('A published blog post needs its url, so the programme can link to it.', { field: 'url' });
  }
  checkSessionOpen(session);
  const changes = { ...paperChanges(input, url, dueAt), updatedAt: clock.now() };
  const previousStatus = current?.status ?? 'planned';
  inTransaction(db, () => {
    upsertBlogPost(db, session.id, changes);
    queueBlogStatusChange(db, clock, session, previousStatus, input.status);
    // Those who registered for a session that took place hear of its blog post once.
    if (input.status === 'published' && session.startsAt && session.startsAt <= clock.now()) {
      queueBlogFollowUps(db, clock, session);
    }
    recordAudit(db, clock, actor.id, 'blog.update', ['session', session.id, session.seriesId], {
      ...changes,
      previousStatus,
    });
  });
  return { session, series };
}

/** The status change, to each of the post's authors; none when the status stays. */
function queueBlogStatusChange(
  db: Db,
  clock: Clock,
  session: { id: string; seriesId: string },
  previousStatus: Status,
  status: Status,
): number {
  if (previousStatus === status) return 0;
  const authors = blogAuthors(db, session.id);
  for (const author of authors) {
    enqueue(db, clock, {
      kind: 'blog_status',
      toEmail: author.email,
      personId: author.personId,
      seriesId: session.seriesId,
      sessionId: session.id,
      payload: { sessionId: session.id, status, previousStatus },
    });
  }
  return authors.length;
}

/**
 * Plans the series' synthesis paper. Its sessions must be the series' own and a published paper
 * needs its url (400); authors are found or added by email. Returns the series.
 */
export function planSynthesis(db: Db, clock: Clock, actor: Person, input: SynthesisInput): SeriesRow {
  const series = findSeries(db, input.seriesId);
  if (!series) throw notFound('series', input.seriesId);
  const own = sessionsOfSeries(db, series.id);
  for (const id of input.sessionIds ?? []) {
    if (!own.some((s) => s.id === id)) {
      throw invalidRequest(`sessionIds: "${id}" is not a session of this series.`, { field: 'sessionIds' });
    }
  }
  const emails = (input.authors ?? []).map((a, i) => checkedEmail(a.email, `authors[${i}].email`));
  const url = changedUrl(input.url, 'url', undefined);
  if (input.status === 'published' && !(url ?? findSynthesis(db, series.id)?.url)) {
    throw invalidRequest('A published synthesis paper needs its url.', { field: 'url' });
  }
  const dueAt = dueAtOf(input.dueAt, series.timezone);
  inTransaction(db, () => {
    const authorIds = input.authors
      ? input.authors.map((a, i) => ensurePerson(db, clock, { email: emails[i] as string, name: cleanText(a.name) }).id)
      : undefined;
    const changes: SynthesisChanges = {
      ...paperChanges(input, url, dueAt),
      ...(authorIds ? { authorIds: [...new Set(authorIds)] } : {}),
      ...(input.sessionIds ? { sourceSessionIds: [...new Set(input.sessionIds)] } : {}),
    };
    upsertSynthesis(db, series.id, { ...changes, updatedAt: clock.now() });
    recordAudit(db, clock, actor.id, 'synthesis.update', ['series', series.id, series.id], { ...changes });
  });
  return series;
}
