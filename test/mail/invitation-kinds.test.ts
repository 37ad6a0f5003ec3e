// The invitation mail kinds, rendered from outbox rows as the delivery worker renders them: a
// session lined up through the API, one row per kind and person, in each of the four languages.
// Checks the role brief, the three times, the rest of the line-up, the links and the calendar
// part (the MIME method and the file's METHOD alike), with the process in St John's.
import { desc, eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { agendaSegments, outbox, people, roleAssignments, sessions } from '../../db/schema.js';
import * as cancellation from '../../emails/cancellation.js';
import * as declineAlert from '../../emails/decline-alert.js';
import { type Catalogue, common, countryIn, type Language, languages } from '../../emails/i18n.js';
import * as invitation from '../../emails/invitation.js';
import { personRoleName, roleBrief, roleWithCountry, shared } from '../../emails/invitation.js';
import * as sessionReminder from '../../emails/session-reminder.js';
import * as sessionUpdate from '../../emails/session-update.js';
import { ManualClock } from '../../src/clock.js';
import { agendaKinds } from '../../src/domain/vocabulary.js';
import { roleLabel } from '../../src/i18n/glossary.js';
import { standardSegmentTitle } from '../../src/i18n/index.js';
import { newId } from '../../src/lib/ids.js';
import { enqueue } from '../../src/mail/outbox.js';
import {
  type MailKind,
  type MailPayloads,
  type RenderedMessage,
  renderMessage,
  Undeliverable,
} from '../../src/mail/render.js';
import { replyLink } from '../../src/modules/invitations/links.js';
import '../../src/modules/invitations/mail.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { type ExpectedEvent, instantOf, parseIcs } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, json, SERIES_TITLE } from '../helper.js';
import { APRIL_TITLE, asText, buildMailApp, isSentence, LANGS, startSmtpServer } from './helper.js';

const MEETING = 'https://meet.example.org/rbf-2027?pwd=a1b2&lang=multi';
const QUESTION = 'How do you keep RBF payments on time when funds flow through districts?';
const SECOND = 'second.chair@example.org';

const PEOPLE = {
  ana: { email: 'ana@example.org', name: 'Ana Gómez', country: 'AR', timezone: null },
  jean: { email: 'jean@example.org', name: 'Jean Uwase', country: 'RW', timezone: null },
  kofi: { email: 'kofi@example.org', name: 'Kofi Mensah', country: 'GH', timezone: null },
  mei: { email: 'mei@example.org', name: 'Mei Tran', country: 'VN', timezone: 'Asia/Ho_Chi_Minh' },
  second: { email: SECOND, name: 'Second Chair', country: null, timezone: null },
} as const;
type Who = keyof typeof PEOPLE;

/**
 * 28 April 2027, 14:00 in Nairobi = 11:00 UTC, as each reader must read it: Ana and Jean chose no
 * zone, so theirs is their country's main zone, and the mail says it is estimated.
 */
const APRIL: Record<Language, Record<'ana' | 'jean', string>> = {
  en: {
    ana: 'Wednesday 28 April 2027, 08:00 (America/Argentina/Buenos_Aires) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'Wednesday 28 April 2027, 13:00 (Africa/Kigali) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  fr: {
    ana: 'mercredi 28 avril 2027, 08:00 (America/Argentina/Buenos_Aires) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'mercredi 28 avril 2027, 13:00 (Africa/Kigali) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  es: {
    ana: 'miércoles 28 de abril de 2027, 08:00 (America/Argentina/Buenos_Aires) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'miércoles 28 de abril de 2027, 13:00 (Africa/Kigali) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  pt: {
    ana: 'quarta-feira, 28 de abril de 2027, 08:00 (America/Argentina/Buenos_Aires) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'quarta-feira, 28 de abril de 2027, 13:00 (Africa/Kigali) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
};

/** The session moved a week later: 5 May 2027, same time. */
const MAY: Record<Language, Record<'ana' | 'jean', string>> = {
  en: {
    ana: 'Wednesday 5 May 2027, 08:00 (America/Argentina/Buenos_Aires) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'Wednesday 5 May 2027, 13:00 (Africa/Kigali) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  fr: {
    ana: 'mercredi 5 mai 2027, 08:00 (America/Argentina/Buenos_Aires) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'mercredi 5 mai 2027, 13:00 (Africa/Kigali) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  es: {
    ana: 'miércoles 5 de mayo de 2027, 08:00 (America/Argentina/Buenos_Aires) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'miércoles 5 de mayo de 2027, 13:00 (Africa/Kigali) (estimado a partir de su país) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
  pt: {
    ana: 'quarta-feira, 5 de maio de 2027, 08:00 (America/Argentina/Buenos_Aires) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
    jean: 'quarta-feira, 5 de maio de 2027, 13:00 (Africa/Kigali) (estimado a partir do seu país) · 11:00 UTC · 14:00 Africa/Nairobi',
  },
};

/** Mei reads times in Ho Chi Minh City (UTC+7), from her own profile. */
const MEI_TIME: Record<Language, string> = {
  en: 'Wednesday 28 April 2027, 18:00 (Asia/Ho_Chi_Minh) · 11:00 UTC · 14:00 Africa/Nairobi',
  fr: 'mercredi 28 avril 2027, 18:00 (Asia/Ho_Chi_Minh) · 11:00 UTC · 14:00 Africa/Nairobi',
  es: 'miércoles 28 de abril de 2027, 18:00 (Asia/Ho_Chi_Minh) · 11:00 UTC · 14:00 Africa/Nairobi',
  pt: 'quarta-feira, 28 de abril de 2027, 18:00 (Asia/Ho_Chi_Minh) · 11:00 UTC · 14:00 Africa/Nairobi',
};

const ARGENTINA: Record<Language, string> = { en: 'Argentina', fr: 'Argentine', es: 'Argentina', pt: 'Argentina' };
const RWANDA: Record<Language, string> = { en: 'Rwanda', fr: 'Rwanda', es: 'Ruanda', pt: 'Ruanda' };

/** The role brief of the call, in words a reader of each brief must find (English). */
const BRIEF_WORDS: Record<invitation.PersonRole, RegExp> = {
  focal: /governance of this subtopic works in your country.*challenges.*lessons/,
  discussant: /one practical “how to” question for the focal country.*situation in your own country/,
  chair:
    /convene the focal country and the discussant country before the session to settle the question and the structure.*series chairs supports you/,
  supporting_chair: /back the session’s chair/,
  co_blogger: /co-write a blog post of 1–2 pages on the session with the chair and the discussant, after the session/,
};

/** The service with its delivery worker held (the test renders rows itself, or calls deliver()). */
async function setUp(t: Test, smtpUrl?: string) {
  const test = await buildMailApp(t, {
    clock: new ManualClock('2027-03-01T09:00:00Z'),
    ...(smtpUrl ? { config: { smtpUrl } } : {}),
  });
  const { app, clock } = test;
  const db = app.db;
  const ids = {} as Record<Who, string>;
  for (const [who, p] of Object.entries(PEOPLE) as [Who, (typeof PEOPLE)[Who]][]) {
    const person = ensurePerson(db, clock, { email: p.email, name: p.name });
    db.update(people)
      .set({ country: p.country, timezone: p.timezone, timezoneChosen: p.timezone !== null })
      .where(eq(people.id, person.id))
      .run();
    ids[who] = person.id;
  }
  const series = await createSeries(test, {
    chairs: [
      { email: CHAIR, name: 'Chair Person' },
      { email: SECOND, name: 'Second Chair' },
    ],
  });
  const session = await createSession(test, series.id, { title: APRIL_TITLE, startsAt: '2027-04-28T14:00' });
  const res = await app.inject({
    method: 'PUT',
    url: `/api/sessions/${session.id}/roles`,
    headers: test.as(CHAIR),
    payload: {
      chair: { email: PEOPLE.kofi.email, country: 'GH' },
      supportingChair: { email: SECOND },
      focal: { country: 'AR', people: [{ email: PEOPLE.ana.email }] },
      discussant: { country: 'RW', people: [{ email: PEOPLE.jean.email }] },
      coBloggers: [{ email: PEOPLE.mei.email }],
    },
  });
  if (res.statusCode !== 200) throw new Error(`line-up not set: ${res.statusCode} ${res.body}`);
  db.update(sessions)
    .set({ meetingUrl: MEETING, discussantQuestion: QUESTION })
    .where(eq(sessions.id, session.id))
    .run();
  // The standard agenda a new session gets is replaced by one of the test's own.
  db.delete(agendaSegments).where(eq(agendaSegments.sessionId, session.id)).run();
  const segment = (
    position: number,
    title: string,
    starts: string,
    ends: string,
    lead: 'focal' | 'discussant' | 'all',
  ) =>
    db
      .insert(agendaSegments)
      .values({
        id: newId(),
        sessionId: session.id,
        position,
        title,
        startsAt: new Date(starts),
        endsAt: new Date(ends),
        lead,
      })
      .run();
  segment(0, 'Argentina presents', '2027-04-28T11:00:00Z', '2027-04-28T11:30:00Z', 'focal');
  segment(1, 'Rwanda asks', '2027-04-28T11:30:00Z', '2027-04-28T11:45:00Z', 'discussant');
  segment(2, 'Open exchange', '2027-04-28T11:45:00Z', '2027-04-28T12:30:00Z', 'all');

  const assignments = db.select().from(roleAssignments).where(eq(roleAssignments.sessionId, session.id)).all();
  const assignment = (who: Who) => {
    const row = assignments.find((a) => a.personId === ids[who]);
    if (!row) throw new Error(`${who} holds no role`);
    return row.id;
  };
  const uid = db.select().from(sessions).where(eq(sessions.id, session.id)).get()?.calendarUid ?? '';

  let n = 0;
  /** Queues a row as the routes do, and renders it as the worker does. */
  const render = <K extends MailKind>(kind: K, to: Who | 'chair', payload: MailPayloads[K], now?: Date) => {
    const email = to === 'chair' ? CHAIR : PEOPLE[to].email;
    const personId = db.select().from(people).where(eq(people.email, email)).get()?.id ?? null;
    const dedupeKey = `test-${++n}`;
    enqueue(db, clock, {
      kind,
      toEmail: email,
      personId,
      seriesId: series.id,
      sessionId: session.id,
      payload,
      dedupeKey,
    });
    const row = db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get();
    if (!row) throw new Error('not queued');
    return renderMessage(row, { db, config: app.config, now: now ?? clock.now() });
  };
  const setLanguage = (language: Language, who?: Who | 'chair') => {
    const query = db.update(people).set({ language });
    if (who === undefined) query.run();
    else query.where(eq(people.email, who === 'chair' ? CHAIR : PEOPLE[who].email)).run();
  };
  const setStatus = (who: Who, status: 'assigned' | 'invited' | 'accepted' | 'declined' | 'removed') =>
    db
      .update(roleAssignments)
      .set({ status })
      .where(eq(roleAssignments.id, assignment(who)))
      .run();
  return { test, db, series, session, ids, uid, assignment, render, setLanguage, setStatus };
}

/** The calendar part: the MIME method, the file's METHOD and the event, checked together. */
function checkCalendar(
  t: Test,
  message: RenderedMessage,
  expected: ExpectedEvent & {
    /** For a CANCEL: STATUS:CANCELLED (the session is called off), else none (only this attendee is taken off). */
    status?: 'CANCELLED' | null;
  },
) {
  const ical = message.icalEvent;
  if (!ical) {
    t.fail('a calendar part');
    return;
  }
  t.equal(ical.method, expected.method, `MIME method=${expected.method}`);
  t.equal(ical.filename, expected.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics');
  const { calendar, event } = parseIcs(ical.content);
  t.equal(calendar.getFirstPropertyValue('method'), expected.method, `file METHOD:${expected.method}`);
  t.equal(event.getFirstPropertyValue('uid'), expected.uid, 'the session’s stored UID');
  t.equal(event.getFirstPropertyValue('sequence'), expected.sequence, `SEQUENCE ${expected.sequence}`);
  t.equal(
    event.getFirstPropertyValue('status'),
    expected.method === 'CANCEL' ? (expected.status ?? null) : 'CONFIRMED',
    'STATUS follows the method and what is cancelled (RFC 5546 §3.2.5)',
  );
  t.match(
    String(event.getFirstProperty('organizer')?.getFirstValue()),
    /^mailto:series\+s[\w-]+\.[0-9a-f]{16}@localhost$/,
    'ORGANIZER = MAIL_FROM with the tag of the assignment',
  );
  const attendees = event.getAllProperties('attendee');
  t.equal(attendees.length, 1, 'one attendee: the reader');
  t.equal(attendees[0]?.getFirstValue(), `mailto:${expected.attendee}`);
  t.equal(attendees[0]?.getParameter('rsvp'), 'TRUE');
  t.equal(attendees[0]?.getParameter('partstat'), 'NEEDS-ACTION');
  t.same(instantOf(event, 'dtstart'), { iso: expected.start, zone: 'UTC' }, 'DTSTART in UTC');
  t.equal(instantOf(event, 'dtstamp').zone, 'UTC', 'DTSTAMP in UTC');
  t.equal(event.getAllSubcomponents('valarm').length, expected.method === 'CANCEL' ? 0 : 1, 'an alarm only on REQUEST');
}

function throwsUndeliverable(t: Test, fn: () => unknown, message: string) {
  t.throws(fn, Undeliverable, message);
}

t.test('the process runs in a zone that is neither UTC nor any reader’s', async (t) => {
  t.equal(process.env.TZ, 'America/St_Johns');
});

t.test('invitation: each role its own brief, in each language, with the whole line-up', async (t) => {
  const s = await setUp(t);
  const { config } = s.test.app;
  for (const language of LANGS) {
    s.setLanguage(language);
    const c = common[language];
    const sh = shared[language];
    for (const who of ['ana', 'jean', 'kofi', 'second', 'mei'] as const) {
      const assignmentId = s.assignment(who);
      const message = s.render('invitation', who, { assignmentId, sequence: 0 });
      const role = (
        { ana: 'focal', jean: 'discussant', kofi: 'chair', second: 'supporting_chair', mei: 'co_blogger' } as const
      )[who];
      const label = `${language} ${who}`;
      t.equal(message.to, PEOPLE[who].email, `${label}: to the person`);
      t.ok(message.subject.includes(APRIL_TITLE), `${label}: the session in the subject`);
      t.ok(message.text.includes(roleBrief(role, language)), `${label}: the brief of the role`);
      t.ok(message.html.includes(`lang="${language}"`), `${label}: HTML in the reader's language`);
      if (language === 'en') t.match(message.text, BRIEF_WORDS[role], `${label}: the brief says what the call says`);

      // The time in the reader's zone, UTC and the series' zone.
      if (who === 'ana' || who === 'jean') t.ok(message.text.includes(APRIL[language][who]), `${label}: three times`);
      if (who === 'mei') t.ok(message.text.includes(MEI_TIME[language]), `${label}: her own zone, UTC, Nairobi`);
      if (who === 'kofi') {
        t.ok(
          message.text.includes(
            `11:00 (Africa/Accra) ${common[language].zoneEstimated} · 11:00 UTC · 14:00 Africa/Nairobi`,
          ),
        );
      }

      // Who else holds which role, the reader marked.
      const mark = (name: string, person: Who) => (person === who ? sh.you(name) : name);
      t.ok(
        message.text.includes(
          `${c.label(roleLabel(language, 'chair'))} ${mark(`Kofi Mensah (${countryIn('GH', language)})`, 'kofi')}`,
        ),
        `${label}: the chair`,
      );
      t.ok(
        message.text.includes(`${c.label(roleLabel(language, 'supporting_chair'))} ${mark('Second Chair', 'second')}`),
        `${label}: the supporting chair`,
      );
      t.ok(
        message.text.includes(
          `${c.label(roleLabel(language, 'focal'))} ${ARGENTINA[language]} · ${mark('Ana Gómez', 'ana')}`,
        ),
        `${label}: the focal country and its speaker`,
      );
      t.ok(
        message.text.includes(
          `${c.label(roleLabel(language, 'discussant'))} ${RWANDA[language]} · ${mark('Jean Uwase', 'jean')}`,
        ),
        `${label}: the discussant country and its speaker`,
      );
      t.ok(
        message.text.includes(
          `${c.label(roleLabel(language, 'co_blogger', 2))} ${mark(`Mei Tran (${countryIn('VN', language)})`, 'mei')}`,
        ),
        `${label}: the co-blogger`,
      );
      t.notOk(/@example\.org/.test(message.text.replace(PEOPLE[who].email, '')), `${label}: nobody else's address`);

      // Meeting link, agenda, question, reply links and the note on calendar buttons.
      t.ok(message.text.includes(MEETING), `${label}: the meeting link`);
      t.ok(message.html.includes(MEETING.replace('&', '&amp;')), `${label}: the meeting link, escaped in HTML`);
      for (const title of ['Argentina presents', 'Rwanda asks', 'Open exchange']) {
        t.ok(message.text.includes(title), `${label}: agenda "${title}"`);
      }
      if (who === 'ana') {
        t.ok(message.text.includes('08:00–08:30 (11:00–11:30 UTC) Argentina presents'), `${label}: agenda in her time`);
      }
      t.ok(message.text.includes(c.quote(QUESTION)), `${label}: the discussant's question`);
      const accept = replyLink(config, { id: assignmentId, linkVersion: 0 }, 'accept');
      const decline = replyLink(config, { id: assignmentId, linkVersion: 0 }, 'decline');
      t.ok(message.text.includes(accept) && message.text.includes(decline), `${label}: accept and decline links`);
      t.ok(
        message.html.includes(`href="${accept}"`) && message.html.includes(`href="${decline}"`),
        `${label}: as links`,
      );
      t.ok(message.text.includes(sh.calendarNote), `${label}: answer with the links, not the calendar's buttons`);
      if (language === 'en') t.match(message.text, /please answer with the links in this email/);

      checkCalendar(t, message, {
        method: 'REQUEST',
        uid: s.uid,
        sequence: 0,
        attendee: PEOPLE[who].email,
        start: '2027-04-28T11:00:00.000Z',
      });
      const { event } = parseIcs(message.icalEvent?.content ?? '');
      t.equal(event.getFirstPropertyValue('summary'), APRIL_TITLE);
      t.equal(event.getFirstPropertyValue('url'), MEETING);
      const description = String(event.getFirstPropertyValue('description'));
      t.ok(
        description.includes(APRIL_TITLE) || description.includes(SERIES_TITLE),
        `${label}: the calendar describes it`,
      );
      t.notOk(
        description.includes(accept) || description.includes(decline) || message.icalEvent?.content.includes('token='),
        `${label}: but carries no link with a token (delegates and shared calendars read it)`,
      );
    }
  }
});

t.test('invitation: empty roles read "to be decided"; the sequence is the payload’s', async (t) => {
  const s = await setUp(t);
  const june = await createSession(s.test, s.series.id, {
    title: 'Health Information Systems',
    startsAt: '2027-06-30T14:00',
  });
  const res = await s.test.app.inject({
    method: 'PUT',
    url: `/api/sessions/${june.id}/roles`,
    headers: s.test.as(CHAIR),
    payload: { focal: { country: 'BR', people: [] }, coBloggers: [{ email: PEOPLE.mei.email }] },
  });
  t.equal(res.statusCode, 200, json(res).message);
  const row = s.db
    .select()
    .from(roleAssignments)
    .where(eq(roleAssignments.sessionId, june.id))
    .orderBy(desc(roleAssignments.createdAt))
    .get();
  for (const language of LANGS) {
    s.setLanguage(language);
    const c = common[language];
    const sh = shared[language];
    const message = s.render('invitation', 'mei', { assignmentId: row?.id ?? '', sequence: 2 });
    t.ok(
      message.text.includes(`${c.label(roleLabel(language, 'chair'))} ${c.toBeDecided}`),
      `${language}: chair to be decided`,
    );
    t.ok(
      message.text.includes(`${c.label(roleLabel(language, 'supporting_chair'))} ${c.toBeDecided}`),
      `${language}: supporting chair to be decided`,
    );
    t.ok(message.text.includes(`${c.label(roleLabel(language, 'focal'))} `), `${language}: the focal country`);
    t.ok(message.text.includes(sh.speakersTbd), `${language}: its speakers to be decided`);
    t.ok(
      message.text.includes(`${c.label(roleLabel(language, 'discussant'))} ${c.toBeDecided}`),
      `${language}: discussant tbd`,
    );
    // The standard agenda of a new session, its titles in the reader's language.
    for (const title of agendaKinds.map((kind) => standardSegmentTitle(kind, language))) {
      t.ok(message.text.includes(title), `${language}: standard agenda "${title}"`);
    }
    t.match(message.text, /- 18:00–\d\d:\d\d \(11:00–\d\d:\d\d UTC\) /, `${language}: segments in Mei's zone and UTC`);
    if (language !== 'en')
      t.notOk(message.text.includes('Presentation from the focal country'), `${language}: not in English`);
    t.notOk(message.text.includes(sh.questionHeading), `${language}: no question yet, none shown to a co-blogger`);
    t.ok(message.text.includes(sh.noMeetingLink), `${language}: the link will follow`);
    const { event } = parseIcs(message.icalEvent?.content ?? '');
    t.equal(event.getFirstPropertyValue('sequence'), 2);
    t.same(instantOf(event, 'dtstart'), { iso: '2027-06-30T11:00:00.000Z', zone: 'UTC' });
    t.equal(event.getFirstPropertyValue('url'), null, 'no URL without a meeting link');
  }
});

t.test('invitation_update: the new time in three zones, same UID, higher SEQUENCE', async (t) => {
  const s = await setUp(t);
  s.setStatus('ana', 'accepted');
  s.setStatus('jean', 'invited');
  s.db
    .update(sessions)
    .set({ startsAt: new Date('2027-05-05T11:00:00Z'), calendarSequence: 1 })
    .where(eq(sessions.id, s.session.id))
    .run();
  for (const language of LANGS) {
    s.setLanguage(language);
    const t2 = sessionUpdate.text[language];
    for (const who of ['ana', 'jean'] as const) {
      const label = `${language} ${who}`;
      const message = s.render('invitation_update', who, { assignmentId: s.assignment(who), sequence: 1 });
      t.ok(message.subject.includes(APRIL_TITLE), `${label}: subject`);
      t.ok(message.text.includes(t2.changed(APRIL_TITLE, SERIES_TITLE)), `${label}: says what changed`);
      t.ok(message.text.includes(MAY[language][who]), `${label}: the new time in three zones`);
      t.ok(
        message.text.includes(who === 'ana' ? t2.askAccepted : t2.askPending),
        `${label}: asks as fits their answer`,
      );
      t.ok(
        message.text.includes(replyLink(s.test.app.config, { id: s.assignment(who), linkVersion: 0 }, 'decline')),
        `${label}: decline link`,
      );
      checkCalendar(t, message, {
        method: 'REQUEST',
        uid: s.uid,
        sequence: 1,
        attendee: PEOPLE[who].email,
        start: '2027-05-05T11:00:00.000Z',
      });
    }
  }
  s.setStatus('jean', 'declined');
  throwsUndeliverable(
    t,
    () => s.render('invitation_update', 'jean', { assignmentId: s.assignment('jean'), sequence: 1 }),
    'no update after a decline',
  );
});

t.test('role_cancellation: METHOD:CANCEL to the person taken off the line-up', async (t) => {
  const s = await setUp(t);
  throwsUndeliverable(
    t,
    () => s.render('role_cancellation', 'mei', { assignmentId: s.assignment('mei'), sequence: 1 }),
    'no cancellation while the person is on the line-up',
  );
  s.setStatus('mei', 'removed');
  for (const language of LANGS) {
    s.setLanguage(language);
    const message = s.render('role_cancellation', 'mei', { assignmentId: s.assignment('mei'), sequence: 1 });
    t.ok(
      message.text.includes(
        cancellation.text[language].roleRemoved(APRIL_TITLE, personRoleName('co_blogger', language)),
      ),
      `${language}: says the role was taken off`,
    );
    t.ok(message.text.includes(MEI_TIME[language]), `${language}: which occurrence, in three zones`);
    t.notOk(message.text.includes('/accept?'), `${language}: nothing to answer`);
    checkCalendar(t, message, {
      method: 'CANCEL',
      uid: s.uid,
      sequence: 1,
      attendee: PEOPLE.mei.email,
      start: '2027-04-28T11:00:00.000Z',
    });
    throwsUndeliverable(
      t,
      () => s.render('invitation', 'mei', { assignmentId: s.assignment('mei'), sequence: 0 }),
      `${language}: no invitation to someone taken off`,
    );
  }
});

t.test('session_cancellation: METHOD:CANCEL to everyone, the whole session', async (t) => {
  const s = await setUp(t);
  throwsUndeliverable(
    t,
    () => s.render('session_cancellation', 'ana', { assignmentId: s.assignment('ana'), sequence: 1 }),
    'no cancellation of a session that goes ahead',
  );
  s.db.update(sessions).set({ status: 'cancelled', calendarSequence: 1 }).where(eq(sessions.id, s.session.id)).run();
  for (const language of LANGS) {
    s.setLanguage(language);
    for (const who of ['ana', 'jean'] as const) {
      const message = s.render('session_cancellation', who, { assignmentId: s.assignment(who), sequence: 1 });
      t.ok(
        message.text.includes(cancellation.text[language].sessionCancelled(APRIL_TITLE, SERIES_TITLE)),
        `${language} ${who}: says the session is cancelled`,
      );
      t.ok(message.text.includes(APRIL[language][who]), `${language} ${who}: when it was planned, three zones`);
      checkCalendar(t, message, {
        method: 'CANCEL',
        uid: s.uid,
        sequence: 1,
        attendee: PEOPLE[who].email,
        start: '2027-04-28T11:00:00.000Z',
        status: 'CANCELLED',
      });
    }
  }
  throwsUndeliverable(
    t,
    () => s.render('invitation', 'ana', { assignmentId: s.assignment('ana'), sequence: 1 }),
    'no invitation to a cancelled session',
  );
});

t.test('session_reminder: a week and a day before, time, role, link, agenda, question', async (t) => {
  const s = await setUp(t);
  s.setStatus('ana', 'accepted');
  s.setStatus('jean', 'invited');
  const weekBefore = new Date('2027-04-21T11:00:00Z');
  const dayBefore = new Date('2027-04-27T11:00:00Z');
  const inSevenDays = { en: 'in 7 days', fr: 'dans 7 jours', es: 'dentro de 7 días', pt: 'dentro de 7 dias' };
  const tomorrow = { en: 'tomorrow', fr: 'demain', es: 'mañana', pt: 'amanhã' };
  for (const language of LANGS) {
    s.setLanguage(language);
    const r = sessionReminder.text[language];
    for (const who of ['ana', 'jean'] as const) {
      const label = `${language} ${who}`;
      const week = s.render('session_reminder', who, { assignmentId: s.assignment(who), daysBefore: 7 }, weekBefore);
      t.ok(week.text.includes(r.intro(APRIL_TITLE, SERIES_TITLE, inSevenDays[language])), `${label}: in 7 days`);
      t.ok(week.subject.includes(APRIL_TITLE), `${label}: subject`);
      t.ok(week.text.includes(APRIL[language][who]), `${label}: three times`);
      const role =
        who === 'ana' ? roleWithCountry('focal', 'AR', language) : roleWithCountry('discussant', 'RW', language);
      t.ok(week.text.includes(role), `${label}: the role`);
      t.ok(week.text.includes(MEETING), `${label}: the meeting link`);
      t.ok(week.text.includes('Argentina presents'), `${label}: the agenda`);
      t.ok(week.text.includes(common[language].quote(QUESTION)), `${label}: the question`);
      t.equal(week.icalEvent, undefined, `${label}: no calendar part`);
      const accept = replyLink(s.test.app.config, { id: s.assignment(who), linkVersion: 0 }, 'accept');
      if (who === 'jean') t.ok(week.text.includes(accept), `${label}: not answered yet: the links`);
      else t.notOk(week.text.includes(accept), `${label}: accepted: no links`);
      const day = s.render('session_reminder', who, { assignmentId: s.assignment(who), daysBefore: 1 }, dayBefore);
      t.ok(day.text.includes(r.intro(APRIL_TITLE, SERIES_TITLE, tomorrow[language])), `${label}: tomorrow`);
    }
  }
  const payload = { assignmentId: s.assignment('ana'), daysBefore: 1 } as const;
  throwsUndeliverable(
    t,
    () => s.render('session_reminder', 'ana', payload, new Date('2027-04-28T11:00:00Z')),
    'not once begun',
  );
  throwsUndeliverable(
    t,
    () => s.render('session_reminder', 'ana', payload, new Date('2027-04-01T11:00:00Z')),
    'not for a time the session left',
  );
  s.setStatus('ana', 'declined');
  throwsUndeliverable(t, () => s.render('session_reminder', 'ana', payload, dayBefore), 'not after a decline');
});

t.test('decline_alert: to a chair, in the chair’s language, with the management link', async (t) => {
  const s = await setUp(t);
  s.setStatus('jean', 'declined');
  for (const language of LANGS) {
    s.setLanguage(language, 'chair');
    s.setLanguage(language === 'en' ? 'fr' : 'en', 'jean');
    const message = s.render('decline_alert', 'chair', { assignmentId: s.assignment('jean') });
    const d = declineAlert.text[language];
    const who = `Jean Uwase (${RWANDA[language]})`;
    t.equal(message.to, CHAIR);
    t.ok(
      message.text.includes(d.declined(who, personRoleName('discussant', language), APRIL_TITLE)),
      `${language}: "X (country) declined the role R in session S"`,
    );
    t.ok(message.subject.includes('Jean Uwase') && message.subject.includes(APRIL_TITLE), `${language}: subject`);
    t.ok(message.text.includes(`http://localhost:3000/series/${s.series.id}/manage`), `${language}: the manage link`);
    t.ok(message.html.includes(`lang="${language}"`), `${language}: in the chair's language`);
    t.ok(
      message.text.includes('Wednesday') === (language === 'en'),
      `${language}: dates in the chair's language, not the decliner's`,
    );
    t.ok(
      message.text.includes(`${RWANDA[language]} · ${shared[language].speakersTbd}`),
      `${language}: the line-up shows the open place`,
    );
    t.equal(message.icalEvent, undefined);
  }
  s.setStatus('jean', 'accepted');
  throwsUndeliverable(
    t,
    () => s.render('decline_alert', 'chair', { assignmentId: s.assignment('jean') }),
    'changed their mind',
  );
});

t.test('what is gone is undeliverable, not retried', async (t) => {
  const s = await setUp(t);
  throwsUndeliverable(
    t,
    () => s.render('invitation', 'ana', { assignmentId: 'no-such-assignment', sequence: 0 }),
    'unknown assignment',
  );
  const raw = { assignmentId: s.assignment('ana') } as unknown as MailPayloads['invitation'];
  throwsUndeliverable(t, () => s.render('invitation', 'ana', raw), 'no sequence in the payload');
  const bad = { assignmentId: s.assignment('ana'), daysBefore: 3 } as unknown as MailPayloads['session_reminder'];
  throwsUndeliverable(t, () => s.render('session_reminder', 'ana', bad), 'daysBefore must be 7 or 1');
  s.setStatus('ana', 'declined');
  throwsUndeliverable(
    t,
    () => s.render('invitation', 'ana', { assignmentId: s.assignment('ana'), sequence: 0 }),
    'declined',
  );

  const id = s.assignment('jean');
  const enqueued = s.render('invitation', 'jean', { assignmentId: id, sequence: 0 });
  t.ok(enqueued.icalEvent, 'renders while it exists');
  const row = s.db
    .select()
    .from(outbox)
    .orderBy(desc(outbox.createdAt))
    .all()
    .find((r) => r.payload.assignmentId === id);
  if (!row) throw new Error('no row');
  s.db.delete(sessions).where(eq(sessions.id, s.session.id)).run();
  t.throws(() => renderMessage(row, { db: s.db, config: s.test.app.config }), Undeliverable, 'the session was deleted');
});

t.test('names and titles are escaped in HTML, and stay whole in the text', async (t) => {
  const s = await setUp(t);
  s.db.update(people).set({ name: 'Ana <b>Gómez</b> & co' }).where(eq(people.id, s.ids.ana)).run();
  const message = s.render('invitation', 'jean', { assignmentId: s.assignment('jean'), sequence: 0 });
  t.ok(message.text.includes('Ana <b>Gómez</b> & co'), 'text as typed');
  t.ok(message.html.includes('Ana &lt;b&gt;Gómez&lt;/b&gt; &amp; co'), 'HTML escaped');
  t.notOk(message.html.includes('<b>Gómez'), 'no markup from data');
});

t.test('over SMTP: text/calendar with the same method as the file, one message per person', async (t) => {
  const smtp = await startSmtpServer(t);
  const s = await setUp(t, smtp.url);
  s.setLanguage('es');
  s.setStatus('mei', 'removed');
  const queue = <K extends MailKind>(kind: K, who: Who, payload: MailPayloads[K]) =>
    enqueue(s.db, s.test.clock, {
      kind,
      toEmail: PEOPLE[who].email,
      personId: s.ids[who],
      seriesId: s.series.id,
      sessionId: s.session.id,
      payload,
    });
  queue('invitation', 'ana', { assignmentId: s.assignment('ana'), sequence: 0 });
  queue('role_cancellation', 'mei', { assignmentId: s.assignment('mei'), sequence: 1 });
  const report = await s.test.deliver();
  t.same(report, { sent: 2, failed: 0, retried: 0 });
  const received = await smtp.waitFor(2);
  const byRecipient = (email: string) => received.find((r) => r.envelopeTo.includes(email));
  for (const [who, method] of [
    ['ana', 'REQUEST'],
    ['mei', 'CANCEL'],
  ] as const) {
    const mail = byRecipient(PEOPLE[who].email);
    if (!mail) {
      t.fail(`${who}: received`);
      continue;
    }
    t.same(mail.envelopeTo, [PEOPLE[who].email], `${who}: one message, to that person alone`);
    t.match(
      mail.raw,
      new RegExp(`Content-Type: text/calendar; charset=utf-8; method=${method}`, 'i'),
      `${who}: MIME method=${method}`,
    );
    const calendar = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
    const content = calendar?.content.toString('utf8') ?? '';
    t.equal(parseIcs(content).calendar.getFirstPropertyValue('method'), method, `${who}: file METHOD:${method}`);
    const expected =
      who === 'ana'
        ? roleBrief('focal', 'es')
        : cancellation.text.es.roleRemoved(APRIL_TITLE, personRoleName('co_blogger', 'es'));
    t.ok(mail.parsed.text?.includes(expected), `${who}: the text part, in Spanish`);
    t.ok(mail.parsed.html, `${who}: an HTML part`);
  }
});

// ---- the catalogues ------------------------------------------------------------------------------------

const catalogues: Record<string, Record<Language, Catalogue>> = {
  session_shared: shared,
  invitation: invitation.text,
  invitation_update: sessionUpdate.text,
  cancellation: cancellation.text,
  session_reminder: sessionReminder.text,
  decline_alert: declineAlert.text,
};

t.test('a message rendered in fr, es or pt carries no English sentence', async (t) => {
  const englishSentences = [...Object.values(catalogues), common]
    .flatMap((catalogue) => Object.values(catalogue.en).map(asText))
    .flatMap((text) => text.split(/#\d#/))
    .map((part) => part.trim())
    .filter(isSentence);
  const s = await setUp(t);
  s.setStatus('mei', 'removed');
  s.setStatus('jean', 'invited');
  const data = [APRIL_TITLE, SERIES_TITLE, QUESTION, 'Argentina presents', 'Rwanda asks', 'Open exchange', MEETING];
  for (const language of languages.filter((l) => l !== 'en')) {
    s.setLanguage(language);
    const messages = [
      s.render('invitation', 'kofi', { assignmentId: s.assignment('kofi'), sequence: 0 }),
      s.render('invitation_update', 'jean', { assignmentId: s.assignment('jean'), sequence: 1 }),
      s.render('role_cancellation', 'mei', { assignmentId: s.assignment('mei'), sequence: 1 }),
      s.render(
        'session_reminder',
        'jean',
        { assignmentId: s.assignment('jean'), daysBefore: 1 },
        new Date('2027-04-27T12:00:00Z'),
      ),
    ];
    s.setStatus('jean', 'declined');
    messages.push(s.render('decline_alert', 'chair', { assignmentId: s.assignment('jean') }));
    s.setStatus('jean', 'invited');
    for (const message of messages) {
      const text = data.reduce((all, d) => all.split(d).join(' '), message.text);
      for (const sentence of englishSentences) {
        t.notOk(text.includes(sentence), `${language}: "${sentence}" is not in "${message.subject}"`);
      }
      t.notMatch(text, /\b(Wednesday|April|the|and|or|you)\b/, `${language}: no English word in "${message.subject}"`);
      const description = message.icalEvent
        ? String(parseIcs(message.icalEvent.content).event.getFirstPropertyValue('description'))
        : '';
      t.notMatch(
        data.reduce((all, d) => all.split(d).join(' '), description),
        /\b(the|and|you)\b/,
        `${language}: the calendar description is translated too`,
      );
    }
  }
});
