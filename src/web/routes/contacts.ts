// The call for interest from the chairs' side: the contact list (a CSV file uploaded, or rows
// pasted from a spreadsheet), who was sent the call and who answered, sending it (after a page
// that says how many it goes to), and deadline extensions. Through the interests module's rules.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  type ContactProblem,
  callOpen,
  contactsOf,
  importContactList,
  removeContact,
  sendCall,
} from '../../modules/interests/contacts.js';
import { extensionsOf } from '../../modules/interests/repository.js';
import { endDeadlineExtension, grantDeadlineExtension } from '../../modules/interests/service.js';
import { displayName } from '../../modules/people/repository.js';
import type { SeriesRow } from '../../modules/series/repository.js';
import { manageBase, noticeOf, seriesForChair } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { countryIn, shortDateTime, whenText, zoneLabel } from '../format.js';
import { formOf, text } from '../forms.js';
import { seeOther } from '../redirect.js';

const notices: Record<string, MessageKey> = {
  imported: 'contacts.notice.imported',
  importedResubscribed: 'contacts.notice.importedResubscribed',
  removed: 'contacts.notice.removed',
  callSent: 'contacts.notice.callSent',
  callSentSkipping: 'contacts.notice.callSentSkipping',
  granted: 'extensions.notice.granted',
  revoked: 'extensions.notice.revoked',
};

/** The largest contact list a chair uploads: 5,000 rows of a few cells each. */
const LIST_BYTES = 1_000_000;

/** A row's problem as the chair reads it: "Row 5, email: “x” is not an email address." */
function problemLine(page: Page, problem: ContactProblem): string {
  const params = Object.fromEntries(Object.entries(problem.params).map(([k, v]) => [k, String(v)]));
  const what = page.t(`contacts.problem.${problem.code}` as MessageKey, params);
  return problem.row > 0 ? page.t('contacts.problem.row', { row: problem.row, what }) : what;
}

/** The series' deadline in the reader's zone (and the series'), or null when it has none. */
function deadlineText(page: Page, series: SeriesRow): string | null {
  const zone = page.zone ?? series.timezone;
  return series.interestDeadline ? whenText(series.interestDeadline, page.lang, zone, series.timezone) : null;
}

export async function contactRoutes(app: FastifyInstance) {
  const { db, clock } = app;
  const csrf = { preValidation: app.csrfProtection };
  // The upload form is multipart; its fields (the CSRF token too) are read before the CSRF check.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: LIST_BYTES, files: 1, fields: 5, fieldSize: LIST_BYTES },
  });

  function contactsPage(
    reply: FastifyReply,
    page: Page,
    series: SeriesRow,
    extra: { notice?: string | null; problems?: string[]; pasted?: string } = {},
    status = 200,
  ) {
    const zone = page.zone ?? series.timezone;
    const contacts = contactsOf(db, series.id);
    const unsent = contacts.filter((c) => c.callSentAt === null);
    const waiting = unsent.filter((c) => c.unsubscribedAt === null).length;
    const unsubscribed = contacts.filter((c) => c.unsubscribedAt !== null).length;
    return render(
      reply,
      page,
      'manage-contacts',
      page.t('contacts.title'),
      {
        series: { id: series.id, title: series.title },
        base: manageBase(series),
        zone: zoneLabel(zone),
        contacts: contacts.map((c) => ({
          id: c.id,
          name: c.name ?? '',
          email: c.email,
          country: c.country ? countryIn(c.country, page.lang) : '',
          language: c.language ?? '',
          sent: c.callSentAt ? shortDateTime(c.callSentAt, page.lang, zone) : null,
          answered: c.answered,
          unsubscribed: c.unsubscribedAt ? shortDateTime(c.unsubscribedAt, page.lang, zone) : null,
        })),
        summary: page.n('contacts.summary', contacts.length, {
          sent: contacts.length - unsent.length,
          answered: contacts.filter((c) => c.answered).length,
        }),
        unsubscribedSummary: unsubscribed > 0 ? page.t('contacts.unsubscribedSummary', { n: unsubscribed }) : null,
        held: unsent.length - waiting,
        waiting,
        notice: extra.notice ?? null,
        problems: extra.problems ?? [],
        pasted: extra.pasted ?? '',
      },
      status,
    );
  }

  app.get('/series/:id/manage/contacts', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    return contactsPage(reply, page, series, { notice: noticeOf(request, page, notices) });
  });

  app.post('/series/:id/manage/contacts', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const file = body.file;
    const uploaded = Buffer.isBuffer(file) && file.length > 0 ? file.toString('utf8') : '';
    const pasted = text(body, 'pasted', LIST_BYTES, 'multiline');
    const csv = uploaded || pasted;
    if (!csv) {
      return contactsPage(reply, page, series, { problems: [page.t('contacts.error.nothing')], pasted }, 400);
    }
    const consentNoted = text(body, 'consentNoted', 10) !== '';
    let imported: { added: number; updated: number; resubscribed: number };
    try {
      imported = importContactList(db, clock, person, series.id, { csv }, { consentNoted });
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 400) throw error;
      const problems = ((error.details ?? []) as ContactProblem[]).map((p) => problemLine(page, p));
      const shown = problems.slice(0, 20);
      if (problems.length > shown.length) shown.push(page.n('contacts.problem.more', problems.length - shown.length));
      return contactsPage(reply, page, series, { problems: shown, pasted }, 400);
    }
    const counts = `n=${imported.added}&m=${imported.updated}`;
    const notice =
      imported.resubscribed > 0 ? `importedResubscribed&${counts}&k=${imported.resubscribed}` : `imported&${counts}`;
    return seeOther(reply, `${manageBase(series)}/contacts?notice=${notice}`);
  });

  // Taking a contact off asks first, on a page of its own, what it stops.
  app.get('/series/:id/manage/contacts/:contactId/remove', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const { contactId } = request.params as { contactId: string };
    const contact = contactsOf(db, series.id).find((c) => c.id === contactId);
    if (!contact) throw new PageError(404, 'error.notFound');
    const page = pageFor(request, reply);
    const list = `${manageBase(series)}/contacts`;
    return render(reply, page, 'confirm', page.t('contacts.removeTitle'), {
      heading: page.t('contacts.removeTitle'),
      what: page.t('contacts.removeWhat', { who: contact.name ? `${contact.name} <${contact.email}>` : contact.email }),
      told: null,
      action: `${list}/${encodeURIComponent(contact.id)}/remove`,
      fields: [],
      button: page.t('contacts.removeButton'),
      back: { href: list, text: page.t('contacts.keep') },
    });
  });

  app.post('/series/:id/manage/contacts/:contactId/remove', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const { contactId } = request.params as { contactId: string };
    try {
      removeContact(db, clock, person, series.id, contactId);
    } catch (error) {
      // Removed already (a second click, another chair): the list shows where it stands.
      if (!(error instanceof AppError) || error.statusCode !== 404) throw error;
    }
    return seeOther(reply, `${manageBase(series)}/contacts?notice=removed`);
  });

  // ---- sending the call ------------------------------------------------------------------------

  app.get('/series/:id/manage/call', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const list = contactsOf(db, series.id);
    const unsent = list.filter((c) => c.callSentAt === null);
    const waiting = unsent.filter((c) => c.unsubscribedAt === null).length;
    const held = unsent.length - waiting;
    return render(reply, page, 'manage-call', page.t('call.title'), {
      series: { id: series.id, title: series.title },
      base: manageBase(series),
      noContacts: list.length === 0,
      waiting,
      held: held > 0 ? page.t('call.unsubscribed', { n: held }) : null,
      going: page.n('call.going', waiting),
      deadline: deadlineText(page, series),
      open: callOpen(series, clock.now()),
    });
  });

  app.post('/series/:id/manage/call', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    let sent: { queued: number; unsubscribed: number };
    try {
      sent = sendCall(db, clock, person, series);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
      throw new PageError(409, error.code === 'no_deadline' ? 'call.error.noDeadline' : 'call.error.passed');
    }
    const notice = sent.unsubscribed > 0 ? `callSentSkipping&m=${sent.unsubscribed}` : 'callSent';
    return seeOther(reply, `${manageBase(series)}/contacts?notice=${notice}&n=${sent.queued}`);
  });

  // ---- extensions ------------------------------------------------------------------------------

  function extensionsPage(
    reply: FastifyReply,
    page: Page,
    series: SeriesRow,
    extra: { notice?: string | null; error?: string | null; values?: { email: string; until: string } } = {},
    status = 200,
  ) {
    const zone = page.zone ?? series.timezone;
    return render(
      reply,
      page,
      'manage-extensions',
      page.t('extensions.title'),
      {
        series: { id: series.id, title: series.title },
        base: manageBase(series),
        deadline: deadlineText(page, series),
        extensions: extensionsOf(db, series.id).map(({ person, until }) => ({
          personId: person.id,
          name: displayName(person),
          email: person.email,
          until: whenText(until, page.lang, zone, series.timezone),
        })),
        values: extra.values ?? { email: '', until: '' },
        error: extra.error ?? null,
        notice: extra.notice ?? null,
      },
      status,
    );
  }

  app.get('/series/:id/manage/extensions', async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    return extensionsPage(reply, page, series, { notice: noticeOf(request, page, notices) });
  });

  app.post('/series/:id/manage/extensions', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const values = { email: text(body, 'email', 254), until: text(body, 'until', 40) };
    try {
      grantDeadlineExtension(db, clock, person, series, values);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'extension_not_later') {
        const message = page.t('extensions.error.notLater', { deadline: deadlineText(page, series) ?? '' });
        return extensionsPage(reply, page, series, { error: message, values }, 409);
      }
      if (error.statusCode !== 400) throw error;
      const field = (error.details as { field?: string } | undefined)?.field;
      const message = page.t(field === 'until' ? 'extensions.error.until' : 'chairs.error.email');
      return extensionsPage(reply, page, series, { error: message, values }, 400);
    }
    return seeOther(reply, `${manageBase(series)}/extensions?notice=granted`);
  });

  app.post('/series/:id/manage/extensions/revoke', csrf, async (request, reply) => {
    const { person, series } = seriesForChair(db, request);
    const personId = text(formOf(request), 'personId', 64);
    try {
      endDeadlineExtension(db, clock, person, series, personId);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 404) throw error;
      throw new PageError(404, 'extensions.error.gone');
    }
    return seeOther(reply, `${manageBase(series)}/extensions?notice=revoked`);
  });
}
