// What happened in a series, for its chairs: the audit log (newest first, a page at a time) and
// every email of the series with its delivery status (a failed one can be sent again).
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db.js';
import { type DeliveryProblem, isOneOf, serverProblems } from '../../domain/vocabulary.js';
import type { MessageKey } from '../../i18n/index.js';
import { listOutbox } from '../../mail/outbox.js';
import { subjectOf } from '../../mail/render.js';
import { seriesAuditPage } from '../../modules/audit/log.js';
import { AUDIT_PAGE_SIZE } from '../../modules/audit/routes.js';
import type { SeriesRow } from '../../modules/series/repository.js';
import { sessionsOfSeries } from '../../modules/sessions/view.js';
import { manageBase, seriesForChair } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { shortDateTime, zoneLabel } from '../format.js';

const statusKeys: Record<string, MessageKey> = {
  sent: 'outbox.sent',
  failed: 'outbox.failed',
  pending: 'outbox.pending',
};

/** The problems whose own words an administrator needs to fix them. */
const keepsDetail: readonly DeliveryProblem[] = [...serverProblems, 'unreadable'];

/** The series' emails as the chairs' pages list them, newest first, times in the reader's zone. */
export function outboxLines(
  app: { db: Db; config: Config; clock: Clock },
  page: Page,
  series: SeriesRow,
  limit: number,
) {
  const zone = page.zone ?? series.timezone;
  return listOutbox(app.db, { seriesId: series.id, limit }, (row) =>
    subjectOf(row, { db: app.db, config: app.config, now: app.clock.now() }),
  ).map((m) => ({
    id: m.id,
    to: m.to,
    subject: m.subject ?? m.kind,
    status: m.status,
    statusText: page.t(statusKeys[m.status] ?? 'outbox.pending'),
    attempts: m.attempts,
    // The reason in the reader's words. The words of the server (or of a message that could not
    // be read) stay beside it, for whoever fixes it; the others say no more than the reason.
    problem: m.problem ? page.t(`outbox.problem.${m.problem}`) : null,
    lastError: m.problem && !isOneOf(keepsDetail, m.problem) ? null : m.lastError,
    at: shortDateTime(new Date(m.createdAt), page.lang, zone),
    bounced: m.bouncedAt ? shortDateTime(new Date(m.bouncedAt), page.lang, zone) : null,
    bounceReason: m.bounceReason,
  }));
}

/** "2 May 2027, 14:05" and what was done, by whom, to what, in the reader's language. */
function auditLines(db: Db, page: Page, series: SeriesRow, pageNumber: number) {
  const zone = page.zone ?? series.timezone;
  const { entries, total } = seriesAuditPage(db, series.id, pageNumber, AUDIT_PAGE_SIZE);
  const sessionTitles = new Map(sessionsOfSeries(db, series.id).map((s) => [s.id, s.title]));
  const lines = entries.map((e) => {
    const sessionId =
      e.entityType === 'session' ? e.entityId : typeof e.details?.sessionId === 'string' ? e.details.sessionId : null;
    const key = `audit.action.${e.action}` as MessageKey;
    const action = page.t(key);
    return {
      at: shortDateTime(e.at, page.lang, zone),
      who: e.actor ? (e.actor.name ?? e.actor.email) : page.t('audit.nobody'),
      what: action === key ? e.action : action,
      // An entry about one person (an extension, a contact) names them: the page is the chairs' only.
      about: sessionId
        ? (sessionTitles.get(sessionId) ?? '')
        : typeof e.details?.email === 'string'
          ? e.details.email
          : '',
    };
  });
  return { lines, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

export async function recordRoutes(app: FastifyInstance) {
  const { db } = app;

  app.get('/series/:id/manage/audit', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const asked = (request.query as Record<string, unknown>).page;
    const number = asked === undefined ? 1 : Number(asked);
    if (!Number.isInteger(number) || number < 1 || number > 100_000) throw new PageError(400, 'audit.error.page');
    const log = auditLines(db, page, series, number);
    if (number > log.pages) throw new PageError(404, 'error.notFound');
    const base = manageBase(series);
    return render(reply, page, 'manage-audit', page.t('audit.title'), {
      series: { id: series.id, title: series.title },
      base,
      zone: zoneLabel(page.zone ?? series.timezone),
      ...log,
      page: number,
      position: page.t('audit.position', { page: number, pages: log.pages }),
      newer: number > 1 ? `${base}/audit?page=${number - 1}` : null,
      older: number < log.pages ? `${base}/audit?page=${number + 1}` : null,
    });
  });

  app.get('/series/:id/manage/outbox', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    return render(reply, page, 'manage-outbox', page.t('outbox.title'), {
      series: { id: series.id, title: series.title },
      base: manageBase(series),
      zone: zoneLabel(page.zone ?? series.timezone),
      outbox: outboxLines(app, page, series, 500),
    });
  });
}
