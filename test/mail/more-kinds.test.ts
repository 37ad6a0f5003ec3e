// The meeting, blog and sign-in mail kinds, delivered over a real SMTP conversation on loopback and
// parsed back with mailparser, in each of the four languages, while the process runs in St John's:
// the reader's zone (Kigali), UTC and the series' zone (Nairobi); the calendar part of the meeting
// kinds read with ical.js (the MIME method and the file's METHOD alike, UID, SEQUENCE, ATTENDEE,
// DTSTART); HTML escaping; Undeliverable for what is gone; the catalogues complete and translated.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import t, { type Test } from 'tap';
import { blogPosts, outbox, people, sessions, workstreamMeetings, workstreams } from '../../db/schema.js';
import * as blog from '../../emails/blog.js';
import * as eventChange from '../../emails/event-change.js';
import { type Catalogue, common, type Language, languages } from '../../emails/i18n.js';
import { roleWithCountry, shared } from '../../emails/invitation.js';
import * as meeting from '../../emails/meeting.js';
import * as signIn from '../../emails/sign-in.js';
import { glossaries } from '../../src/i18n/glossary.js';
import { type MailKind, type MailPayloads, renderMessage, Undeliverable } from '../../src/mail/render.js';
import '../../src/modules/auth/mail.js';
import '../../src/modules/outputs/mail.js';
import '../../src/modules/workstreams/mail.js';
import { type Component, type ExpectedEvent, instantOf, mimeMethodsOf, parseIcs } from '../calendar/read.js';
import { SERIES_TITLE, setLineup } from '../helper.js';
import {
  APRIL_TITLE,
  addInterest,
  addPerson,
  appointConvener,
  asText,
  buildMailApp,
  CHAIR,
  isSentence,
  json,
  LANGS,
  type MailTestApp,
  outboxRows,
  type Received,
  type Seeded,
  type SmtpTestServer,
  seedSeries,
  startSmtpServer,
} from './helper.js';

const WORKSTREAM = 'Citizen participation';
const MEETING_TITLE = 'Feedback on the RBF session';
const MEETING_DESCRIPTION = 'We share what the April session means for citizen participation.';
const MEETING_URL = 'https://meet.example.org/cp-2027?pwd=x1&lang=multi';
const KIGALI = 'Africa/Kigali';

/** The meeting: 12 May 2027 at 15:00 in Nairobi = 12:00 UTC = 14:00 in Kigali. */
const MAY_12: Record<Language, string> = {
  en: 'Wednesday 12 May 2027, 14:00 (Africa/Kigali) (estimated from your country) · 12:00 UTC · 15:00 Africa/Nairobi',
  fr: 'mercredi 12 mai 2027, 14:00 (Africa/Kigali) (estimé d’après votre pays) · 12:00 UTC · 15:00 Africa/Nairobi',
  es: 'miércoles 12 de mayo de 2027, 14:00 (Africa/Kigali) (estimado a partir de su país) · 12:00 UTC · 15:00 Africa/Nairobi',
  pt: 'quarta-feira, 12 de maio de 2027, 14:00 (Africa/Kigali) (estimado a partir do seu país) · 12:00 UTC · 15:00 Africa/Nairobi',
};

/** Moved to 19 May 2027 at 16:30 in Nairobi = 13:30 UTC = 15:30 in Kigali. */
const MAY_19: Record<Language, string> = {
  en: 'Wednesday 19 May 2027, 15:30 (Africa/Kigali) (estimated from your country) · 13:30 UTC · 16:30 Africa/Nairobi',
  fr: 'mercredi 19 mai 2027, 15:30 (Africa/Kigali) (estimé d’après votre pays) · 13:30 UTC · 16:30 Africa/Nairobi',
  es: 'miércoles 19 de mayo de 2027, 15:30 (Africa/Kigali) (estimado a partir de su país) · 13:30 UTC · 16:30 Africa/Nairobi',
  pt: 'quarta-feira, 19 de maio de 2027, 15:30 (Africa/Kigali) (estimado a partir do seu país) · 13:30 UTC · 16:30 Africa/Nairobi',
};

/** The April session: 28 April 2027, 14:00 in Nairobi = 11:00 UTC = 13:00 in Kigali. */
const APRIL: Record<Language, string> = {
  en: 'Wednesday 28 April 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
  fr: 'mercredi 28 avril 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
  es: 'miércoles 28 de abril de 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
  pt: 'quarta-feira, 28 de abril de 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
};

/** The same, for a reader whose zone is estimated from their country. */
const APRIL_ESTIMATED: Record<Language, string> = {
  en: 'Wednesday 28 April 2027, 13:00 (Africa/Kigali) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
  fr: 'mercredi 28 avril 2027, 13:00 (Africa/Kigali) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
  es: 'miércoles 28 de abril de 2027, 13:00 (Africa/Kigali) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
  pt: 'quarta-feira, 28 de abril de 2027, 13:00 (Africa/Kigali) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
};

/** The blog post's default due date: three weeks after the April session = 19 May 2027, 11:00 UTC. */
const BLOG_DUE: Record<Language, string> = {
  en: 'Wednesday 19 May 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
  fr: 'mercredi 19 mai 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
  es: 'miércoles 19 de mayo de 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
  pt: 'quarta-feira, 19 de maio de 2027, 13:00 (Africa/Kigali) · 11:00 UTC · 14:00 Africa/Nairobi',
};

/** The blog post's due date in a subject: its date, time and zone, in Kigali. */
const DUE_SHORT: Record<Language, string> = {
  en: '19 May, 13:00 Africa/Kigali',
  fr: '19 mai à 13:00 Africa/Kigali',
  es: '19 de mayo, a las 13:00 Africa/Kigali',
  pt: '19 de maio, às 13:00 Africa/Kigali',
};

/** The time left, as each language says it after a verb. */
const LEFT: Record<'today' | 'tomorrow' | 'days7', Record<Language, string>> = {
  today: { en: 'today', fr: 'aujourd’hui', es: 'hoy', pt: 'hoje' },
  tomorrow: { en: 'tomorrow', fr: 'demain', es: 'mañana', pt: 'amanhã' },
  days7: { en: 'in 7 days', fr: 'dans 7 jours', es: 'dentro de 7 días', pt: 'dentro de 7 dias' },
};

const SHORT: Record<'may12' | 'may19', Record<Language, string>> = {
  may12: { en: '12 May', fr: '12 mai', es: '12 de mayo', pt: '12 de maio' },
  may19: { en: '19 May', fr: '19 mai', es: '19 de mayo', pt: '19 de maio' },
};

/** A sign-in link queued at 09:00 UTC on 1 February 2027 (the clock's start), valid 15 minutes. */
const SIGN_IN_UNTIL: Record<Language, string> = {
  en: 'Monday 1 February 2027, 11:15 (Africa/Kigali) (estimated from your country) · 09:15 UTC',
  fr: 'lundi 1 février 2027, 11:15 (Africa/Kigali) (estimé d’après votre pays) · 09:15 UTC',
  es: 'lunes 1 de febrero de 2027, 11:15 (Africa/Kigali) (estimado a partir de su país) · 09:15 UTC',
  pt: 'segunda-feira, 1 de fevereiro de 2027, 11:15 (Africa/Kigali) (estimado a partir do seu país) · 09:15 UTC',
};

// ---- helpers -----------------------------------------------------------------------------------------

const htmlOf = (parsed: ParsedMail) => (typeof parsed.html === 'string' ? parsed.html : '');

/** The calendar as it travelled: the method= of each text/calendar MIME part, and the calendar files. */
function calendarParts(message: Received) {
  const parts = message.parsed.attachments.map((a) => ({
    contentType: a.contentType,
    filename: a.filename,
    content: a.content.toString('utf8'),
  }));
  const mimeMethods = mimeMethodsOf(message.raw);
  return { parts, mimeMethods };
}

/** Checks the calendar of a meeting message, read back from the SMTP server, and returns the event. */
function checkCalendar(
  t: Test,
  message: Received,
  expected: ExpectedEvent & { kigali: string; label: string },
): Component | null {
  const { label } = expected;
  const { parts, mimeMethods } = calendarParts(message);
  t.ok(mimeMethods.length >= 1, `${label}: a text/calendar part`);
  t.ok(
    mimeMethods.every((m) => m === expected.method),
    `${label}: the MIME part says method=${expected.method} (${mimeMethods.join(', ')})`,
  );
  const files = parts.filter((p) => /calendar|ics/.test(p.contentType) || /\.ics$/.test(p.filename ?? ''));
  t.ok(files.length >= 1, `${label}: the calendar travelled`);
  const file = files.find((p) => p.filename === (expected.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics'));
  t.ok(file, `${label}: named ${expected.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics'}`);
  const content = file?.content ?? files[0]?.content;
  if (!content) return null;
  for (const part of files) t.equal(part.content, content, `${label}: the same calendar in every part`);
  const { calendar, event } = parseIcs(content);
  t.equal(calendar.getFirstPropertyValue('method'), expected.method, `${label}: file METHOD:${expected.method}`);
  t.equal(event.getFirstPropertyValue('uid'), expected.uid, `${label}: the meeting's stored UID`);
  t.equal(event.getFirstPropertyValue('sequence'), expected.sequence, `${label}: SEQUENCE ${expected.sequence}`);
  t.equal(
    event.getFirstPropertyValue('status'),
    expected.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    `${label}: STATUS follows the method`,
  );
  t.match(
    String(event.getFirstProperty('organizer')?.getFirstValue()),
    /^mailto:series\+[mp][\w-]+\.[0-9a-f]{16}@localhost$/,
    `${label}: ORGANIZER = MAIL_FROM with the invitation's tag`,
  );
  const attendees = event.getAllProperties('attendee');
  t.equal(attendees.length, 1, `${label}: one attendee, the reader`);
  t.equal(attendees[0]?.getFirstValue(), `mailto:${expected.attendee}`, `${label}: ATTENDEE is the reader`);
  t.equal(attendees[0]?.getParameter('rsvp'), 'TRUE', `${label}: RSVP=TRUE`);
  t.equal(attendees[0]?.getParameter('partstat'), 'NEEDS-ACTION', `${label}: PARTSTAT=NEEDS-ACTION`);
  t.equal(attendees[0]?.getParameter('role'), 'REQ-PARTICIPANT', `${label}: ROLE=REQ-PARTICIPANT`);
  const start = instantOf(event, 'dtstart');
  t.same(start, { iso: expected.start, zone: 'UTC' }, `${label}: DTSTART exact, in UTC`);
  t.equal(
    DateTime.fromISO(start.iso).setZone(KIGALI).toFormat("yyyy-MM-dd'T'HH:mm"),
    expected.kigali,
    `${label}: DTSTART read in Kigali`,
  );
  t.equal(instantOf(event, 'dtstamp').zone, 'UTC', `${label}: DTSTAMP in UTC`);
  t.equal(
    event.getAllSubcomponents('valarm').length,
    expected.method === 'CANCEL' ? 0 : 1,
    `${label}: an alarm only on REQUEST`,
  );
  return event;
}

/** Queues a row and renders it as the worker would (for what cannot be sent). */
function renderQueued<K extends MailKind>(
  test: MailTestApp,
  kind: K,
  toEmail: string,
  payload: MailPayloads[K],
  options: { personId?: string | null; now?: Date } = {},
) {
  const db = test.app.db;
  test.app.mail.enqueue({ kind, toEmail, personId: options.personId ?? null, payload });
  const last = db.$client.prepare('select id from outbox order by rowid desc limit 1').get() as { id: string };
  const row = db.select().from(outbox).where(eq(outbox.id, last.id)).get();
  if (!row) throw new Error('not queued');
  return renderMessage(row, { db, config: test.app.config, now: options.now ?? test.clock.now() });
}

/** Delivers what is due and returns the messages that arrived in this pass. */
/**
 * Delivers what is due and returns the messages that arrived in this pass: exactly `expected`, or
 * with `atLeast` that many or more (the app's own schedulers may queue the same reminders).
 */
async function deliverNew(
  test: MailTestApp,
  smtp: SmtpTestServer,
  expected: number,
  { atLeast = false } = {},
): Promise<Received[]> {
  const before = smtp.received.length;
  const report = await test.deliver();
  const fits = atLeast ? report.sent >= expected : report.sent === expected;
  if (!fits || report.failed !== 0) {
    throw new Error(`expected ${atLeast ? 'at least ' : ''}${expected} sent, got ${JSON.stringify(report)}`);
  }
  await smtp.waitFor(before + report.sent);
  return smtp.received.slice(before);
}

const byRecipient = (messages: Received[]) => new Map(messages.map((m) => [m.envelopeTo[0] ?? '', m]));

const allByRecipient = (messages: Received[]) => {
  const all = new Map<string, Received[]>();
  for (const m of messages) {
    const to = m.envelopeTo[0] ?? '';
    all.set(to, [...(all.get(to) ?? []), m]);
  }
  return all;
};

t.test('the process runs in a zone that is neither UTC nor any reader’s', async (t) => {
  t.equal(process.env.TZ, 'America/St_Johns');
});

// ---- workstream meetings ---------------------------------------------------------------------------------

const MEMBER = (language: Language) => `member-${language}@example.org`;
const CONVENER = 'thandi@example.org';

async function meetingSetUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const db = test.app.db;
  const members = {} as Record<Language, string>;
  for (const language of LANGS) {
    // Rwanda: the main zone is Kigali.
    const personId = addPerson(db, test.clock, {
      email: MEMBER(language),
      name: `Member ${language.toUpperCase()}`,
      country: 'RW',
      language,
    });
    addInterest(db, test.clock, {
      seriesId: s.seriesId,
      personId,
      country: 'RW',
      roles: ['focal'],
      sessions: [s.april],
      workstreams: [{ id: s.workstreamId, asConvener: false }],
    });
    members[language] = personId;
  }
  await appointConvener(test, s, { email: CONVENER, name: 'Thandi Dlamini' });
  db.update(people).set({ language: 'en', timezone: KIGALI }).where(eq(people.email, CONVENER)).run();
  // The convener is told of the appointment first; the meetings' mail comes after.
  const [appointment] = await deliverNew(test, smtp, 1);
  if (!appointment?.envelopeTo.includes(CONVENER)) throw new Error('the convener was not told of the appointment');
  return { smtp, test, s, db, members };
}

async function scheduleMeeting(test: MailTestApp, s: Seeded, body: Record<string, unknown> = {}) {
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${s.workstreamId}/meetings`,
    headers: test.as(CHAIR),
    payload: {
      title: MEETING_TITLE,
      description: MEETING_DESCRIPTION,
      startsAt: '2027-05-12T15:00',
      durationMinutes: 90,
      meetingUrl: MEETING_URL,
      linkedSessionId: s.april,
      ...body,
    },
  });
  if (res.statusCode !== 201) throw new Error(`meeting not scheduled: ${res.statusCode} ${res.body}`);
  const id = json(res).id as string;
  const row = test.app.db.select().from(workstreamMeetings).where(eq(workstreamMeetings.id, id)).get();
  if (!row) throw new Error('no meeting row');
  return row;
}

t.test('meeting_invitation: each member in their language, three zones, the feedback session, REQUEST', async (t) => {
  const { smtp, test, s } = await meetingSetUp(t);
  const row = await scheduleMeeting(test, s);
  const received = byRecipient(await deliverNew(test, smtp, 5));
  t.same([...received.keys()].sort(), [...LANGS.map(MEMBER), CONVENER].sort(), 'every member and the convener');

  for (const language of LANGS) {
    const message = received.get(MEMBER(language));
    if (!message) {
      t.fail(`${language}: no message`);
      continue;
    }
    const m = meeting.text[language];
    const c = common[language];
    const sh = shared[language];
    const { parsed } = message;
    const text = parsed.text ?? '';
    const html = htmlOf(parsed);
    const label = `invitation ${language}`;
    t.equal(parsed.subject, m.subjectInvitation(MEETING_TITLE, WORKSTREAM, SHORT.may12[language]), `${label}: subject`);
    t.match(html, new RegExp(`<html lang="${language}">`), `${label}: HTML in the reader's language`);
    t.ok(text.includes(m.invite(WORKSTREAM, SERIES_TITLE)), `${label}: invited to a meeting of the workstream`);
    t.ok(text.includes(`${m.workstreamLabel}${glossaries[language].colon}${WORKSTREAM}`), `${label}: the workstream`);
    t.ok(text.includes(`${m.meetingLabel}${glossaries[language].colon}${MEETING_TITLE}`), `${label}: the meeting`);
    t.ok(text.includes(MEETING_DESCRIPTION), `${label}: its description`);
    t.ok(
      text.includes(`${sh.whenLabel}${glossaries[language].colon}${MAY_12[language]}`),
      `${label}: Kigali, UTC and Nairobi`,
    );
    t.ok(
      text.includes(`${sh.durationLabel}${glossaries[language].colon}${sh.minutes('90')}`),
      `${label}: the duration`,
    );
    t.ok(text.includes(`${m.convenerLabel}${glossaries[language].colon}Thandi Dlamini`), `${label}: the convener`);
    t.ok(text.includes(m.feedbackOf(APRIL_TITLE)), `${label}: the feedback meeting of the April session`);
    t.ok(
      text.includes(`${common[language].sessionDateLabel}${glossaries[language].colon}${APRIL_ESTIMATED[language]}`),
      `${label}: the session's date, three zones`,
    );
    t.ok(text.includes(`${sh.joinAction}\n${MEETING_URL}`), `${label}: the meeting link`);
    t.ok(html.includes(`href="${MEETING_URL.replace('&', '&amp;')}"`), `${label}: the link, escaped in HTML`);
    t.ok(text.includes(m.calendarButtons), `${label}: what the calendar's buttons do`);
    t.ok(text.includes(c.signature(SERIES_TITLE)), `${label}: signed`);
    t.ok(text.includes(m.footer(WORKSTREAM, SERIES_TITLE, MEMBER(language))), `${label}: why they receive it`);
    t.notOk(/[a-z]+@example\.org/.test(text.replace(MEMBER(language), '')), `${label}: nobody else's address`);
    const event = checkCalendar(t, message, {
      method: 'REQUEST',
      uid: row.calendarUid,
      sequence: 0,
      attendee: MEMBER(language),
      start: '2027-05-12T12:00:00.000Z',
      kigali: '2027-05-12T14:00',
      label,
    });
    if (event) {
      t.same(instantOf(event, 'dtend'), { iso: '2027-05-12T13:30:00.000Z', zone: 'UTC' }, `${label}: DTEND, 90 min`);
      t.equal(event.getFirstPropertyValue('summary'), `${WORKSTREAM}: ${MEETING_TITLE}`, `${label}: SUMMARY`);
      t.equal(event.getFirstPropertyValue('url'), MEETING_URL, `${label}: URL`);
      const description = String(event.getFirstPropertyValue('description'));
      t.ok(description.includes(MAY_12[language]), `${label}: the description has the three times`);
      t.ok(description.includes(m.feedbackOf(APRIL_TITLE)), `${label}: and the session`);
    }
  }
  const own = received.get(CONVENER);
  t.ok(own?.parsed.text?.includes(`Convener: ${shared.en.you('Thandi Dlamini')}`), 'the convener is told it is them');

  // A meeting with no link and no session: the link will follow; nothing about feedback.
  const plain = await scheduleMeeting(test, s, {
    title: 'Monthly exchange',
    description: null,
    meetingUrl: null,
    linkedSessionId: null,
  });
  const second = byRecipient(await deliverNew(test, smtp, 5));
  for (const language of LANGS) {
    const text = second.get(MEMBER(language))?.parsed.text ?? '';
    const m = meeting.text[language];
    t.ok(text.includes(m.noMeetingLink), `${language}: the link will follow`);
    t.notOk(text.includes(common[language].sessionDateLabel), `${language}: no session`);
    const ics = calendarParts(second.get(MEMBER(language)) as Received).parts.find((p) => p.filename === 'invite.ics');
    const { event } = parseIcs(ics?.content ?? '');
    t.equal(event.getFirstPropertyValue('uid'), plain.calendarUid, `${language}: its own UID`);
    t.equal(event.getFirstPropertyValue('url'), null, `${language}: no URL without a link`);
  }
});

t.test('meeting_update and meeting_cancellation: same UID, higher SEQUENCE, CANCEL in both places', async (t) => {
  const { smtp, test, s } = await meetingSetUp(t);
  const row = await scheduleMeeting(test, s);
  await deliverNew(test, smtp, 5);

  const moved = await test.app.inject({
    method: 'PATCH',
    url: `/api/meetings/${row.id}`,
    headers: test.as(CHAIR),
    payload: { startsAt: '2027-05-19T16:30' },
  });
  t.equal(moved.statusCode, 200, moved.body);
  const updates = byRecipient(await deliverNew(test, smtp, 5));
  for (const language of LANGS) {
    const message = updates.get(MEMBER(language));
    if (!message) {
      t.fail(`${language}: no update`);
      continue;
    }
    const m = meeting.text[language];
    const text = message.parsed.text ?? '';
    const label = `update ${language}`;
    t.equal(message.parsed.subject, m.subjectUpdate(MEETING_TITLE, SHORT.may19[language]), `${label}: subject`);
    t.ok(text.includes(m.updated(MEETING_TITLE, WORKSTREAM)), `${label}: says what changed`);
    t.ok(
      text.includes(`${m.newWhenLabel}${glossaries[language].colon}${MAY_19[language]}`),
      `${label}: the new time in three zones`,
    );
    t.ok(
      text.includes(eventChange.text[language].time(MAY_19[language], MAY_12[language])),
      `${label}: the old time beside the new`,
    );
    t.ok(text.includes(MEETING_URL), `${label}: the link`);
    checkCalendar(t, message, {
      method: 'REQUEST',
      uid: row.calendarUid,
      sequence: 1,
      attendee: MEMBER(language),
      start: '2027-05-19T13:30:00.000Z',
      kigali: '2027-05-19T15:30',
      label,
    });
  }

  const cancelled = await test.app.inject({
    method: 'POST',
    url: `/api/meetings/${row.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancelled.statusCode, 200, cancelled.body);
  const cancellations = byRecipient(await deliverNew(test, smtp, 5));
  for (const language of LANGS) {
    const message = cancellations.get(MEMBER(language));
    if (!message) {
      t.fail(`${language}: no cancellation`);
      continue;
    }
    const m = meeting.text[language];
    const text = message.parsed.text ?? '';
    const label = `cancellation ${language}`;
    t.equal(message.parsed.subject, m.subjectCancellation(MEETING_TITLE, SHORT.may19[language]), `${label}: subject`);
    t.ok(text.includes(m.cancelled(MEETING_TITLE, WORKSTREAM)), `${label}: says it is cancelled`);
    t.ok(
      text.includes(`${m.plannedLabel}${glossaries[language].colon}${MAY_19[language]}`),
      `${label}: which one, in three zones`,
    );
    t.ok(text.includes(m.deleteNote), `${label}: how to remove it`);
    t.notOk(text.includes(MEETING_URL), `${label}: no link to join`);
    const event = checkCalendar(t, message, {
      method: 'CANCEL',
      uid: row.calendarUid,
      sequence: 2,
      attendee: MEMBER(language),
      start: '2027-05-19T13:30:00.000Z',
      kigali: '2027-05-19T15:30',
      label,
    });
    t.equal(event?.getFirstPropertyValue('transp'), 'TRANSPARENT', `${label}: no longer busy`);
  }
});

t.test('meeting kinds: what is gone is undeliverable, and failed at once', async (t) => {
  const { smtp, test, s, db, members } = await meetingSetUp(t);
  const row = await scheduleMeeting(test, s);
  await deliverNew(test, smtp, 5);
  const to = MEMBER('fr');
  const personId = members.fr;
  const payload = { meetingId: row.id, sequence: 1 };
  t.throws(
    () => renderQueued(test, 'meeting_cancellation', to, payload, { personId }),
    Undeliverable,
    'no cancellation while the meeting goes ahead',
  );
  t.throws(
    () => renderQueued(test, 'meeting_invitation', to, { meetingId: 'no-such-meeting', sequence: 0 }, { personId }),
    Undeliverable,
    'an unknown meeting',
  );
  const noSequence = { meetingId: row.id } as unknown as MailPayloads['meeting_update'];
  t.throws(() => renderQueued(test, 'meeting_update', to, noSequence), Undeliverable, 'a payload without sequence');
  const badSequence = { meetingId: row.id, sequence: -1 } as MailPayloads['meeting_update'];
  t.throws(() => renderQueued(test, 'meeting_update', to, badSequence), Undeliverable, 'a negative sequence');

  db.update(workstreamMeetings)
    .set({ status: 'cancelled', calendarSequence: 1 })
    .where(eq(workstreamMeetings.id, row.id))
    .run();
  t.throws(
    () => renderQueued(test, 'meeting_invitation', to, payload, { personId }),
    Undeliverable,
    'no invitation to a cancelled meeting',
  );
  t.throws(
    () => renderQueued(test, 'meeting_update', to, payload, { personId }),
    Undeliverable,
    'no update of a cancelled meeting',
  );
  t.ok(renderQueued(test, 'meeting_cancellation', to, payload, { personId }).icalEvent, 'the cancellation renders');

  // Queued, then the workstream (and with it the meeting) is deleted: failed at once, not retried.
  db.delete(outbox).run();
  test.app.mail.enqueue({ kind: 'meeting_cancellation', toEmail: to, personId, payload });
  db.delete(workstreamMeetings).where(eq(workstreamMeetings.id, row.id)).run();
  db.delete(workstreams).where(eq(workstreams.id, s.workstreamId)).run();
  const report = await test.deliver();
  t.same(report, { sent: 0, failed: 1, retried: 0 }, 'failed at once');
  t.match(outboxRows(db)[0], { status: 'failed', attempts: 1, last_error: /meeting no longer exists/ });
});

t.test('meeting kinds: names and titles are escaped in HTML and whole in the text', async (t) => {
  const { smtp, test, s, db } = await meetingSetUp(t);
  const evilWorkstream = 'Citizen <b>participation</b> & co';
  const evilTitle = '<script>alert("x")</script> O\'Brien & co';
  db.update(workstreams).set({ title: evilWorkstream }).where(eq(workstreams.id, s.workstreamId)).run();
  db.update(people).set({ name: 'Thandi <img src=x onerror=alert(1)>' }).where(eq(people.email, CONVENER)).run();
  await scheduleMeeting(test, s, { title: evilTitle, description: '</p><script>steal()</script>' });
  const received = await deliverNew(test, smtp, 5);
  for (const { parsed, raw } of received) {
    const html = htmlOf(parsed);
    t.notMatch(html, /<script/i, 'no script element');
    t.notMatch(html, /<img/i, 'no injected element');
    t.notMatch(html, /<b>participation/, 'the workstream is text');
    t.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; O&#39;Brien &amp; co/, 'the title is escaped');
    t.match(html, /Citizen &lt;b&gt;participation&lt;\/b&gt; &amp; co/, 'the workstream is escaped');
    t.match(html, /Thandi &lt;img src=x onerror=alert\(1\)&gt;/, 'the convener is escaped');
    t.ok((parsed.text ?? '').includes(evilTitle), 'the text has the title as typed');
    t.ok((parsed.subject ?? '').includes(evilTitle), 'the subject is plain text');
    t.notMatch(raw, /^(Bcc|Cc):/im, 'no header added by a value');
  }
});

// ---- blog posts ------------------------------------------------------------------------------------------

const AUTHORS = {
  kofi: { email: 'kofi@example.org', name: 'Kofi Mensah', country: 'GH', language: 'fr' },
  jean: { email: 'jean@example.org', name: 'Jean Uwase', country: 'RW', language: 'es' },
  amani: { email: 'amani@example.org', name: 'Amani Habimana', country: 'RW', language: 'pt' },
  mei: { email: 'mei@example.org', name: 'Mei Tran', country: 'VN', language: 'en' },
} as const;
type Author = keyof typeof AUTHORS;
const AUTHOR_ROLE: Record<Author, { role: 'chair' | 'discussant' | 'co_blogger'; country: string }> = {
  kofi: { role: 'chair', country: 'GH' },
  jean: { role: 'discussant', country: 'RW' },
  amani: { role: 'discussant', country: 'RW' },
  mei: { role: 'co_blogger', country: 'VN' },
};
const FOCAL = { email: 'ana@example.org', name: 'Ana Gómez' };
const BLOG_URL = 'https://blog.example.org/posts/rbf?lang=en&ref=series';
const BLOG_TITLE = 'Paying for results, district by district';

async function blogSetUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const db = test.app.db;
  const ids = {} as Record<Author, string>;
  for (const [who, a] of Object.entries(AUTHORS) as [Author, (typeof AUTHORS)[Author]][]) {
    // Each reads in their own language, in Kigali whatever their country.
    ids[who] = addPerson(db, test.clock, { ...a, timezone: KIGALI });
  }
  addPerson(db, test.clock, { ...FOCAL, country: 'AR', language: 'en' });
  const res = await setLineup(test, s.april, {
    chair: { email: AUTHORS.kofi.email, country: 'GH' },
    focal: { country: 'AR', people: [{ email: FOCAL.email }] },
    discussant: { country: 'RW', people: [{ email: AUTHORS.jean.email }, { email: AUTHORS.amani.email }] },
    coBloggers: [{ email: AUTHORS.mei.email }],
  });
  if (res.statusCode !== 200) throw new Error(`line-up not set: ${res.statusCode} ${res.body}`);
  db.delete(outbox).run();
  const setBlog = (values: Partial<typeof blogPosts.$inferInsert>) => {
    db.insert(blogPosts)
      .values({ sessionId: s.april, ...values })
      .onConflictDoUpdate({ target: blogPosts.sessionId, set: values })
      .run();
  };
  const queue = <K extends 'blog_status' | 'blog_reminder'>(kind: K, who: Author, payload: MailPayloads[K]) =>
    test.app.mail.enqueue({
      kind,
      toEmail: AUTHORS[who].email,
      personId: ids[who],
      seriesId: s.seriesId,
      sessionId: s.april,
      payload,
    });
  return { smtp, test, s, db, ids, setBlog, queue };
}

/** "Jean Uwase — discussant country (Rwanda)", as the author lists show each author. */
const authorLine = (who: Author, language: Language) =>
  `${AUTHORS[who].name} — ${roleWithCountry(AUTHOR_ROLE[who].role, AUTHOR_ROLE[who].country, language)}`;

t.test('blog_status: to each author in their language: from, to, title, link, due date', async (t) => {
  const { smtp, test, s, setBlog, queue } = await blogSetUp(t);
  setBlog({ title: BLOG_TITLE, status: 'published', url: BLOG_URL });
  for (const who of Object.keys(AUTHORS) as Author[]) {
    queue('blog_status', who, { sessionId: s.april, status: 'published', previousStatus: 'in_review' });
  }
  const received = byRecipient(await deliverNew(test, smtp, 4));
  for (const who of Object.keys(AUTHORS) as Author[]) {
    const language = AUTHORS[who].language;
    const message = received.get(AUTHORS[who].email);
    if (!message) {
      t.fail(`${who}: no message`);
      continue;
    }
    const b = blog.text[language];
    const text = message.parsed.text ?? '';
    const html = htmlOf(message.parsed);
    const label = `blog_status ${language} (${who})`;
    const published = blog.statusName('published', language);
    t.equal(message.parsed.subject, b.subjectStatus(APRIL_TITLE, published), `${label}: subject`);
    t.match(html, new RegExp(`<html lang="${language}">`), `${label}: in the reader's language`);
    t.ok(
      text.includes(b.moved(APRIL_TITLE, blog.statusName('in_review', language), published)),
      `${label}: from in review to published, in words of the language`,
    );
    t.ok(text.includes(b.notePublished), `${label}: what the stage means`);
    t.ok(text.includes(`${b.titleLabel}${glossaries[language].colon}${BLOG_TITLE}`), `${label}: the title`);
    t.ok(text.includes(`${b.readAction}\n${BLOG_URL}`), `${label}: the link`);
    t.ok(html.includes(`href="${BLOG_URL.replace('&', '&amp;')}"`), `${label}: the link, escaped in HTML`);
    t.ok(
      text.includes(`${b.dueLabel}${glossaries[language].colon}${BLOG_DUE[language]}`),
      `${label}: the due date in three zones`,
    );
    t.ok(
      text.includes(`${common[language].sessionDateLabel}${glossaries[language].colon}${APRIL[language]}`),
      `${label}: the session's date`,
    );
    for (const other of Object.keys(AUTHORS) as Author[]) {
      const line = authorLine(other, language);
      t.ok(text.includes(other === who ? shared[language].you(line) : line), `${label}: author ${other}`);
    }
    t.notOk(text.includes(FOCAL.name), `${label}: the focal speaker is not an author`);
    t.notOk(/[a-z]+@example\.org/.test(text.replace(AUTHORS[who].email, '')), `${label}: nobody else's address`);
    t.equal(message.parsed.attachments.length, 0, `${label}: no calendar`);
  }
  t.ok(
    received.get(AUTHORS.kofi.email)?.parsed.text?.includes('«\u00a0en relecture\u00a0» à l’état «\u00a0publié\u00a0»'),
    'French stage names',
  );

  // An earlier stage: no link, even if one is recorded.
  setBlog({ status: 'drafting', url: null, title: null });
  queue('blog_status', 'jean', { sessionId: s.april, status: 'drafting', previousStatus: 'planned' });
  const [drafting] = await deliverNew(test, smtp, 1);
  const es = blog.text.es;
  const text = drafting?.parsed.text ?? '';
  t.ok(text.includes(es.moved(APRIL_TITLE, 'prevista', 'en redacción')), 'es: from planned to drafting');
  t.ok(text.includes(`${es.titleLabel}: ${common.es.toBeDecided}`), 'es: no title yet');
  t.notOk(text.includes(es.readAction), 'es: nothing to read yet');
});

t.test('blog_reminder: a week before and on the day, the due date in their zone, the co-authors', async (t) => {
  const { smtp, test, s, ids, setBlog, queue } = await blogSetUp(t);
  setBlog({ title: BLOG_TITLE, status: 'drafting' });
  const everyone = Object.keys(AUTHORS) as Author[];
  test.clock.set('2027-05-12T08:00:00Z');
  for (const who of everyone) queue('blog_reminder', who, { sessionId: s.april, daysBefore: 7 });
  const week = allByRecipient(await deliverNew(test, smtp, 4, { atLeast: true }));
  test.clock.set('2027-05-19T06:00:00Z');
  for (const who of everyone) queue('blog_reminder', who, { sessionId: s.april, daysBefore: 0 });
  const today = allByRecipient(await deliverNew(test, smtp, 4, { atLeast: true }));
  t.same([...week.keys()].sort(), everyone.map((w) => AUTHORS[w].email).sort(), 'a week before: to every author');
  t.same([...today.keys()].sort(), everyone.map((w) => AUTHORS[w].email).sort(), 'on the day: to every author');

  for (const who of everyone) {
    const language = AUTHORS[who].language;
    const b = blog.text[language];
    const label = `blog_reminder ${language} (${who})`;
    for (const inAWeek of week.get(AUTHORS[who].email) ?? []) {
      const text = inAWeek.parsed.text ?? '';
      t.equal(
        inAWeek.parsed.subject,
        b.subjectDue(APRIL_TITLE, LEFT.days7[language], DUE_SHORT[language]),
        `${label}: subject, a week`,
      );
      t.match(htmlOf(inAWeek.parsed), new RegExp(`<html lang="${language}">`), `${label}: in their language`);
      t.ok(text.includes(b.due(APRIL_TITLE, LEFT.days7[language], BLOG_DUE[language])), `${label}: due in 7 days`);
      t.ok(text.includes(b.coAuthorsHeading), `${label}: the co-authors`);
      for (const other of everyone) {
        if (other === who) t.notOk(text.includes(authorLine(other, language)), `${label}: not themselves`);
        else t.ok(text.includes(authorLine(other, language)), `${label}: co-author ${other}`);
      }
      t.notOk(text.includes(FOCAL.name), `${label}: the focal speaker is not a co-author`);
      t.ok(text.includes(`${b.titleLabel}${glossaries[language].colon}${BLOG_TITLE}`), `${label}: the title`);
      t.ok(
        text.includes(`${b.statusLabel}${glossaries[language].colon}${blog.statusName('drafting', language)}`),
        `${label}: the stage`,
      );
      t.ok(text.includes(b.whoWrites), `${label}: who writes it`);
      t.notOk(/[a-z]+@example\.org/.test(text.replace(AUTHORS[who].email, '')), `${label}: nobody else's address`);
    }
    for (const onTheDay of today.get(AUTHORS[who].email) ?? []) {
      const text = onTheDay.parsed.text ?? '';
      t.equal(
        onTheDay.parsed.subject,
        b.subjectDue(APRIL_TITLE, LEFT.today[language], DUE_SHORT[language]),
        `${label}: subject, today`,
      );
      t.ok(text.includes(b.due(APRIL_TITLE, LEFT.today[language], BLOG_DUE[language])), `${label}: due today`);
    }
  }

  // The evening before in Kigali, the due date is tomorrow there, but already today in Ho Chi Minh City.
  const evening = new Date('2027-05-18T20:00:00Z');
  const render = () =>
    renderQueued(
      test,
      'blog_reminder',
      AUTHORS.mei.email,
      { sessionId: s.april, daysBefore: 0 },
      { personId: ids.mei, now: evening },
    );
  const kigali = render();
  t.equal(
    kigali.subject,
    `Reminder: the blog post on “${APRIL_TITLE}” is due tomorrow (19 May, 13:00 Africa/Kigali)`,
    'Kigali, 22:00: due tomorrow',
  );
  t.ok(
    kigali.text.includes(
      `A reminder that the blog post on the session “${APRIL_TITLE}” is due tomorrow: ${BLOG_DUE.en}.`,
    ),
    'Kigali: tomorrow, three zones',
  );
  test.app.db.update(people).set({ timezone: 'Asia/Ho_Chi_Minh' }).where(eq(people.id, ids.mei)).run();
  const hcm = render();
  t.equal(
    hcm.subject,
    `Reminder: the blog post on “${APRIL_TITLE}” is due today (19 May, 18:00 Asia/Ho_Chi_Minh)`,
    'Ho Chi Minh City, 03:00: due today',
  );
  t.ok(
    hcm.text.includes('Wednesday 19 May 2027, 18:00 (Asia/Ho_Chi_Minh) · 11:00 UTC · 14:00 Africa/Nairobi'),
    'in her zone',
  );
});

t.test('blog kinds: what is gone or no longer true is undeliverable', async (t) => {
  const { test, s, db, ids, setBlog } = await blogSetUp(t);
  setBlog({ status: 'drafting' });
  const at = (iso: string) => ({ personId: ids.mei, now: new Date(iso) });
  const reminder = (daysBefore: 7 | 0, iso: string) =>
    renderQueued(test, 'blog_reminder', AUTHORS.mei.email, { sessionId: s.april, daysBefore }, at(iso));
  const status = (
    payload: MailPayloads['blog_status'],
    to: string = AUTHORS.mei.email,
    personId: string | null = ids.mei,
  ) => renderQueued(test, 'blog_status', to, payload, { personId });

  t.ok(reminder(7, '2027-05-12T08:00:00Z').subject, 'a week before: renders');
  t.throws(() => reminder(7, '2027-04-01T08:00:00Z'), Undeliverable, 'queued for a date the post has left');
  t.throws(() => reminder(0, '2027-05-19T12:00:00Z'), Undeliverable, 'after the due time');
  const bad = { sessionId: s.april, daysBefore: 1 } as unknown as MailPayloads['blog_reminder'];
  t.throws(() => renderQueued(test, 'blog_reminder', AUTHORS.mei.email, bad), Undeliverable, 'daysBefore 7 or 0');

  const drafting = { sessionId: s.april, status: 'drafting', previousStatus: 'planned' } as const;
  t.ok(status(drafting).subject, 'the status renders while it holds');
  t.throws(
    () => status({ sessionId: s.april, status: 'in_review', previousStatus: 'drafting' }),
    Undeliverable,
    'the post has moved on since',
  );
  t.throws(() => status(drafting, FOCAL.email, null), Undeliverable, 'not to someone who is not an author');
  t.throws(
    () => status({ sessionId: s.april, status: 'drafting', previousStatus: 'drafting' }),
    Undeliverable,
    'no change',
  );
  const unknown = {
    sessionId: s.april,
    status: 'done',
    previousStatus: 'planned',
  } as unknown as MailPayloads['blog_status'];
  t.throws(() => status(unknown), Undeliverable, 'an unknown status');

  setBlog({ status: 'published', url: BLOG_URL });
  t.throws(() => reminder(0, '2027-05-19T06:00:00Z'), Undeliverable, 'no reminder once published');
  setBlog({ status: 'in_review' });
  t.ok(reminder(0, '2027-05-19T06:00:00Z').subject, 'in review: still reminded of the due date');

  db.update(sessions).set({ status: 'cancelled' }).where(eq(sessions.id, s.april)).run();
  t.throws(() => status({ ...drafting, status: 'in_review' }), Undeliverable, 'the session was cancelled');
  t.throws(
    () => status({ sessionId: 'no-such-session', status: 'drafting', previousStatus: 'planned' }),
    Undeliverable,
    'an unknown session',
  );
});

t.test('blog kinds: titles and names are escaped in HTML', async (t) => {
  const { smtp, test, s, db, setBlog, queue } = await blogSetUp(t);
  const evil = '<script>alert("x")</script> & <b>co</b>';
  setBlog({ title: evil, status: 'published', url: 'javascript:alert(1)' });
  db.update(people).set({ name: 'Jean <img src=x>' }).where(eq(people.email, AUTHORS.jean.email)).run();
  queue('blog_status', 'mei', { sessionId: s.april, status: 'published', previousStatus: 'in_review' });
  const [message] = await deliverNew(test, smtp, 1);
  const html = htmlOf(message?.parsed as ParsedMail);
  t.notMatch(html, /<script|<img|<b>co/i, 'no markup from data');
  t.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;b&gt;co&lt;\/b&gt;/, 'title escaped');
  t.match(html, /Jean &lt;img src=x&gt;/, 'name escaped');
  t.notMatch(html, /href="javascript:/i, 'no javascript: link');
  t.ok((message?.parsed.text ?? '').includes(evil), 'the text as typed');
});

// ---- sign-in links ---------------------------------------------------------------------------------------

const SIGN_IN_URL = 'http://localhost:3000/auth/verify?token=Zx9_q-1&next=%2Fseries';

t.test('sign_in_link: the person’s language, else the payload’s, else English; valid N minutes, once', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const db = test.app.db;
  const expected = new Map<string, { language: Language; until: string; name: string | null }>();
  for (const language of LANGS) {
    const email = `known-${language}@example.org`;
    addPerson(db, test.clock, { email, name: `Known ${language}`, country: 'RW', language });
    // The person's own language beats the one the request asked for.
    const asked = language === 'en' ? 'fr' : 'en';
    test.app.mail.enqueue({
      kind: 'sign_in_link',
      toEmail: email,
      payload: { url: SIGN_IN_URL, expiresMinutes: 15, language: asked },
    });
    expected.set(email, { language, until: SIGN_IN_UNTIL[language], name: `Known ${language}` });
  }
  test.app.mail.enqueue({
    kind: 'sign_in_link',
    toEmail: 'stranger-pt@example.org',
    payload: { url: SIGN_IN_URL, expiresMinutes: 15, language: 'pt' },
  });
  expected.set('stranger-pt@example.org', {
    language: 'pt',
    until: 'segunda-feira, 1 de fevereiro de 2027, 09:15 (UTC)',
    name: null,
  });
  test.app.mail.enqueue({
    kind: 'sign_in_link',
    toEmail: 'stranger@example.org',
    payload: { url: SIGN_IN_URL, expiresMinutes: 1 },
  });
  expected.set('stranger@example.org', {
    language: 'en',
    until: 'Monday 1 February 2027, 09:01 (UTC)',
    name: null,
  });

  const received = byRecipient(await deliverNew(test, smtp, expected.size));
  for (const [email, want] of expected) {
    const message = received.get(email);
    if (!message) {
      t.fail(`${email}: no message`);
      continue;
    }
    const { language } = want;
    const sg = signIn.text[language];
    const text = message.parsed.text ?? '';
    const html = htmlOf(message.parsed);
    const label = `sign_in_link ${language} (${email})`;
    t.equal(message.parsed.subject, sg.subject, `${label}: subject`);
    t.match(html, new RegExp(`<html lang="${language}">`), `${label}: in the reader's language`);
    t.ok(text.includes(want.name ? common[language].greeting(want.name) : common[language].greetingNoName), label);
    t.ok(text.includes(sg.intro(email)), `${label}: for this address`);
    t.ok(text.includes(`${sg.action}\n${SIGN_IN_URL}`), `${label}: the link`);
    t.ok(html.includes(`href="${SIGN_IN_URL.replace('&', '&amp;')}"`), `${label}: the link, escaped in HTML`);
    const minutes = email === 'stranger@example.org' ? sg.validForOne : sg.validFor('15');
    t.ok(text.includes(minutes), `${label}: valid so many minutes, once`);
    t.ok(
      text.includes(`${sg.validUntilLabel}${glossaries[language].colon}${want.until}`),
      `${label}: until when, their zone and UTC`,
    );
    t.ok(text.includes(sg.ignore), `${label}: ignore it if you did not ask`);
    t.equal(message.parsed.attachments.length, 0, `${label}: no calendar`);
  }
  t.ok(received.get('stranger@example.org')?.parsed.text?.includes('If you did not ask for this, ignore this email'));
  t.ok(received.get('known-fr@example.org')?.parsed.text?.includes('valable 15\u00a0minutes'));
});

t.test('sign_in_link: an expired link is not sent; a bad payload is undeliverable', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const db = test.app.db;
  test.app.mail.enqueue({
    kind: 'sign_in_link',
    toEmail: 'late@example.org',
    payload: { url: SIGN_IN_URL, expiresMinutes: 15 },
  });
  test.clock.advance(15 * 60_000);
  t.same(await test.deliver(), { sent: 0, failed: 1, retried: 0 }, 'failed at once');
  t.match(outboxRows(db)[0], { status: 'failed', last_error: /expired/ });
  t.equal(smtp.received.length, 0, 'nothing sent');

  const render = (payload: Record<string, unknown>) =>
    renderQueued(test, 'sign_in_link', 'x@example.org', payload as MailPayloads['sign_in_link']);
  t.ok(render({ url: SIGN_IN_URL, expiresMinutes: 15 }).text.includes(SIGN_IN_URL), 'a good payload renders');
  t.throws(() => render({ url: 'javascript:alert(1)', expiresMinutes: 15 }), Undeliverable, 'not an http(s) URL');
  t.throws(() => render({ expiresMinutes: 15 }), Undeliverable, 'no URL');
  t.throws(() => render({ url: SIGN_IN_URL, expiresMinutes: 0 }), Undeliverable, 'no validity');
  t.throws(() => render({ url: SIGN_IN_URL }), Undeliverable, 'no validity at all');
});

t.test('sign_in_link: names are escaped in HTML', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  addPerson(test.app.db, test.clock, { email: 'evil@example.org', name: '<script>alert(1)</script> & co' });
  test.app.mail.enqueue({
    kind: 'sign_in_link',
    toEmail: 'evil@example.org',
    payload: { url: SIGN_IN_URL, expiresMinutes: 10 },
  });
  const [message] = await deliverNew(test, smtp, 1);
  const html = htmlOf(message?.parsed as ParsedMail);
  t.notMatch(html, /<script/i, 'no script element');
  t.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; co/, 'the name is escaped');
  t.ok((message?.parsed.text ?? '').includes('<script>alert(1)</script> & co'), 'the text as typed');
});

// ---- the catalogues ---------------------------------------------------------------------------------------

const catalogues: Record<string, Record<Language, Catalogue>> = {
  meeting: meeting.text,
  blog: blog.text,
  'sign-in': signIn.text,
};

t.test('a message rendered in fr, es or pt carries no English sentence', async (t) => {
  const englishSentences = [...Object.values(catalogues), common, shared]
    .flatMap((catalogue) => Object.values(catalogue.en).map(asText))
    .flatMap((text) => text.split(/#\d#/))
    .map((part) => part.trim())
    .filter(isSentence);
  const series = { id: 's1', title: 'Series', description: null, timezone: 'Africa/Nairobi' };
  const april = new Date('2027-04-28T11:00:00Z');
  const may = new Date('2027-05-12T12:00:00Z');
  for (const language of languages.filter((l) => l !== 'en')) {
    const reader = { email: 'r@example.org', name: null, language, zone: KIGALI };
    const meetingCtx: meeting.MeetingContext = {
      reader,
      series,
      workstream: { title: 'W' },
      meeting: { title: 'M', description: 'D', startsAt: may, durationMinutes: 60, meetingUrl: 'https://x.example/m' },
      convener: { name: 'C', you: false },
      linkedSession: { title: 'S', startsAt: april },
    };
    const noLink: meeting.MeetingContext = {
      ...meetingCtx,
      meeting: { ...meetingCtx.meeting, meetingUrl: null },
      convener: null,
      linkedSession: { title: 'S', startsAt: null },
    };
    const blogCtx: blog.BlogContext = {
      reader,
      series,
      session: { title: 'S', startsAt: april },
      blog: { title: 'T', status: 'published', url: 'https://x.example/b', dueAt: may },
      authors: [
        { name: 'A', role: 'chair', country: 'GH', you: true },
        { name: 'B', role: 'discussant', country: 'RW', you: false },
        { name: 'E', role: 'co_blogger', country: null, you: false },
      ],
    };
    const mails = [
      ...(['invitation', 'update', 'cancellation'] as const).flatMap((message) => [
        meeting.render({ ...meetingCtx, message }),
        meeting.render({ ...noLink, message }),
      ]),
      blog.renderStatus({ ...blogCtx, previousStatus: 'in_review' }),
      blog.renderStatus({
        ...blogCtx,
        blog: { ...blogCtx.blog, status: 'drafting', title: null },
        previousStatus: 'planned',
      }),
      blog.renderReminder({ ...blogCtx, dueAt: may, sentAt: april }),
      blog.renderReminder({ ...blogCtx, authors: [], dueAt: may, sentAt: may }),
      blog.renderReminder({ ...blogCtx, dueAt: may, sentAt: new Date('2027-05-11T20:00:00Z') }),
      signIn.render({ reader, url: 'https://x.example/s', expiresMinutes: 15, expiresAt: may }),
      signIn.render({ reader, url: 'https://x.example/s', expiresMinutes: 1, expiresAt: null }),
    ];
    const descriptions = (['invitation', 'update', 'cancellation'] as const).map((message) =>
      meeting.calendarDescription({ ...meetingCtx, message }),
    );
    for (const mail of mails) {
      for (const sentence of englishSentences) {
        t.notOk(mail.text.includes(sentence), `${language}: "${sentence}" is not in "${mail.subject}"`);
      }
      t.notMatch(
        mail.text,
        /\b(Wednesday|April|May|the|and|or|you|your)\b/,
        `${language}: no English word in "${mail.subject}"`,
      );
    }
    for (const description of descriptions) {
      t.notMatch(description, /\b(the|and|you|your)\b/, `${language}: the calendar description is translated too`);
    }
  }
});
