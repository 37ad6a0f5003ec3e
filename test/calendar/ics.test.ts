// The calendar files, read back by an independent parser (Mozilla's ical.js) while the process
// runs in St John's (UTC−3:30 / −2:30), a zone that is neither UTC nor any session's: every
// instant must come out exactly, whatever the server's zone.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import t from 'tap';
import { foldLine, publishFeed, type SessionEventInput, sessionEvent } from '../../src/calendar/ics.js';
import { type Component, parseIcs, type Time } from './read.js';

/** The content lines with folding undone (RFC 5545 §3.1). */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

const timeOf = (event: Component, name: string) => event.getFirstPropertyValue(name) as Time;

const local = (iso: string, zone: string) => {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad time ${iso} in ${zone}`);
  return dt.toJSDate();
};

function input(overrides: Partial<SessionEventInput> = {}): SessionEventInput {
  const start = local('2027-04-28T14:00', 'Africa/Kigali');
  return {
    method: 'REQUEST',
    uid: 'session-abc123@webinars.example.org',
    sequence: 0,
    start,
    end: new Date(start.getTime() + 90 * 60_000),
    stamp: new Date('2027-02-01T09:00:00.250Z'),
    summary: 'Governance for SP: implementing RBF in a decentralized setting',
    description: 'Your role: focal country (Argentina)',
    url: 'https://meet.example.org/rbf',
    location: 'https://meet.example.org/rbf',
    organizer: { name: 'Webinar series', email: 'series@webinars.example.org' },
    attendee: { name: 'Ana Gómez', email: 'ana@example.org' },
    ...overrides,
  };
}

t.test('the process runs in a zone that is neither UTC nor any session’s', async (t) => {
  t.equal(process.env.TZ, 'America/St_Johns');
  t.equal(new Date('2027-04-28T12:00:00Z').getTimezoneOffset(), 150, 'St John’s is UTC−2:30 in April');
});

t.test('an invitation is an iTIP REQUEST that calendars show as a meeting', async (t) => {
  const text = sessionEvent(input({ sequence: 3 }));
  const { calendar, event, events } = parseIcs(text);
  t.equal(events.length, 1, 'one event');
  t.equal(calendar.getFirstPropertyValue('method'), 'REQUEST');
  t.equal(calendar.getFirstPropertyValue('version'), '2.0');
  t.ok(calendar.getFirstPropertyValue('prodid'), 'PRODID');
  t.equal(event.getFirstPropertyValue('uid'), 'session-abc123@webinars.example.org', 'the stored UID');
  t.equal(event.getFirstPropertyValue('sequence'), 3, 'the stored SEQUENCE');
  t.equal(event.getFirstPropertyValue('status'), 'CONFIRMED');
  t.equal(event.getFirstPropertyValue('summary'), 'Governance for SP: implementing RBF in a decentralized setting');
  t.equal(event.getFirstPropertyValue('url'), 'https://meet.example.org/rbf');
  t.equal(event.getFirstPropertyValue('location'), 'https://meet.example.org/rbf');

  const organizer = event.getFirstProperty('organizer');
  t.equal(organizer?.getFirstValue(), 'mailto:series@webinars.example.org', 'ORGANIZER is the sending mailbox');
  t.equal(organizer?.getParameter('cn'), 'Webinar series');

  const attendees = event.getAllProperties('attendee');
  t.equal(attendees.length, 1, 'only the reader is an attendee');
  const attendee = attendees[0];
  t.equal(attendee?.getFirstValue(), 'mailto:ana@example.org');
  t.equal(attendee?.getParameter('cn'), 'Ana Gómez');
  t.equal(attendee?.getParameter('role'), 'REQ-PARTICIPANT');
  t.equal(attendee?.getParameter('partstat'), 'NEEDS-ACTION');
  t.equal(attendee?.getParameter('rsvp'), 'TRUE');

  const stamp = timeOf(event, 'dtstamp');
  t.equal(stamp.zone?.tzid, 'UTC', 'DTSTAMP is in UTC');
  t.equal(stamp.toJSDate().toISOString(), '2027-02-01T09:00:00.000Z');
  t.ok(unfold(text).includes('DTSTAMP:20270201T090000Z'), 'DTSTAMP written with Z');

  t.equal(event.getAllSubcomponents('valarm').length, 1, 'an invitation carries an alarm');
  t.notOk(/VTIMEZONE|TZID/.test(text), 'no zone to resolve: every time is UTC');
  t.ok(text.endsWith('END:VCALENDAR\r\n'), 'ends with CRLF');
  t.notOk(/[^\r]\n/.test(text), 'every line ends with CRLF');
});

t.test('DTSTART and DTEND are exact, written in UTC, whatever the session’s zone', async (t) => {
  const cases = [
    { what: '14:00 in Kigali', start: local('2027-04-28T14:00', 'Africa/Kigali'), utc: '20270428T120000Z' },
    {
      what: '11:00 in Buenos Aires',
      start: local('2027-06-30T11:00', 'America/Argentina/Buenos_Aires'),
      utc: '20270630T140000Z',
    },
    {
      what: '10:00 in New York the day after DST began (EDT, UTC−4)',
      start: local('2027-03-15T10:00', 'America/New_York'),
      utc: '20270315T140000Z',
    },
    {
      what: '10:00 in New York the Friday before (EST, UTC−5)',
      start: local('2027-03-12T10:00', 'America/New_York'),
      utc: '20270312T150000Z',
    },
  ];
  for (const c of cases) {
    const end = new Date(c.start.getTime() + 90 * 60_000);
    const text = sessionEvent(input({ start: c.start, end }));
    const lines = unfold(text);
    t.ok(lines.includes(`DTSTART:${c.utc}`), `${c.what}: DTSTART:${c.utc}`);
    const { event } = parseIcs(text);
    const start = timeOf(event, 'dtstart');
    t.equal(start.zone?.tzid, 'UTC', `${c.what}: read as UTC`);
    t.equal(start.toJSDate().getTime(), c.start.getTime(), `${c.what}: ical.js reads the same instant`);
    t.equal(timeOf(event, 'dtend').toJSDate().getTime(), end.getTime(), `${c.what}: DTEND 90 minutes later`);
    const parsed = new ICAL.Event(event);
    t.equal(parsed.duration.toSeconds(), 90 * 60, `${c.what}: 90 minutes long`);
  }
});

t.test(
  'a removal is METHOD:CANCEL without STATUS (RFC 5546 §3.2.5); a whole-event cancel adds STATUS:CANCELLED',
  async (t) => {
    t.equal(
      parseIcs(sessionEvent(input({ method: 'CANCEL', sequence: 4 }))).event.getFirstPropertyValue('status'),
      null,
    );
    const text = sessionEvent(input({ method: 'CANCEL', sequence: 4, wholeEvent: true }));
    const { calendar, event } = parseIcs(text);
    t.equal(calendar.getFirstPropertyValue('method'), 'CANCEL');
    t.equal(event.getFirstPropertyValue('status'), 'CANCELLED');
    t.equal(event.getFirstPropertyValue('uid'), 'session-abc123@webinars.example.org');
    t.equal(event.getFirstPropertyValue('sequence'), 4);
    t.equal(event.getAllSubcomponents('valarm').length, 0, 'no VALARM');
    t.notMatch(text, /VALARM|TRIGGER/);
    t.equal(event.getFirstProperty('organizer')?.getFirstValue(), 'mailto:series@webinars.example.org');
    t.equal(event.getFirstProperty('attendee')?.getFirstValue(), 'mailto:ana@example.org', 'the person it cancels for');
    t.equal(timeOf(event, 'dtstart').toJSDate().toISOString(), '2027-04-28T12:00:00.000Z', 'names the occurrence');
  },
);

t.test('text is escaped: commas, semicolons, backslashes and newlines survive the round trip', async (t) => {
  const summary = 'RBF, PFM; and C:\\budgets';
  const description = 'Line one, with a comma; a semicolon.\nLine two\r\nLine three\rLine four \\ end';
  const text = sessionEvent(input({ summary, description, location: 'Room 1, floor 2; building A' }));
  const lines = unfold(text);
  t.ok(lines.includes('SUMMARY:RBF\\, PFM\\; and C:\\\\budgets'), 'SUMMARY escaped');
  t.ok(
    lines.includes('DESCRIPTION:Line one\\, with a comma\\; a semicolon.\\nLine two\\nLine three\\nLine four \\\\ end'),
    'DESCRIPTION escaped, every kind of line break as \\n',
  );
  const { event } = parseIcs(text);
  t.equal(event.getFirstPropertyValue('summary'), summary);
  t.equal(
    event.getFirstPropertyValue('description'),
    'Line one, with a comma; a semicolon.\nLine two\nLine three\nLine four \\ end',
  );
  t.equal(event.getFirstPropertyValue('location'), 'Room 1, floor 2; building A');
});

t.test('names with quotes, colons and semicolons stay parameters', async (t) => {
  const text = sessionEvent(
    input({
      organizer: { name: 'Series: "Governance"; 2027', email: 'series@webinars.example.org' },
      attendee: { name: 'Gómez, Ana; MoH: "AR"', email: 'ana@example.org' },
    }),
  );
  const { event } = parseIcs(text);
  t.equal(event.getFirstProperty('organizer')?.getParameter('cn'), "Series: 'Governance'; 2027");
  const attendee = event.getFirstProperty('attendee');
  t.equal(attendee?.getParameter('cn'), "Gómez, Ana; MoH: 'AR'");
  t.equal(attendee?.getFirstValue(), 'mailto:ana@example.org');
  t.equal(attendee?.getParameter('rsvp'), 'TRUE');
  t.equal(attendee?.getParameter('partstat'), 'NEEDS-ACTION');
});

t.test('long lines fold at 75 octets, never inside a character, and unfold to the original', async (t) => {
  const description = [
    'Pays focal : Argentine — présentation de la gouvernance décentralisée du financement basé sur les résultats.',
    'País comentarista: Ruanda; pregunta «¿cómo hacer para…?», con acentos: áéíóú ñ ç ã õ.',
    '中文 テキスト 한국어 — emoji 🎉🌍🤝 and more: '.repeat(6),
    'x'.repeat(300),
  ].join('\n');
  const text = sessionEvent(input({ description, summary: `Título largo ${'é'.repeat(80)}` }));
  const physical = text.split('\r\n').filter((l) => l !== '');
  for (const line of physical) {
    t.ok(Buffer.byteLength(line, 'utf8') <= 75, `≤ 75 octets: ${line.slice(0, 30)}…`);
    t.notOk(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(line), 'no half character');
  }
  const continuations = physical.filter((l) => l.startsWith(' '));
  t.ok(continuations.length > 10, 'the long values are folded');
  t.ok(
    continuations.every((l) => !l.startsWith('  ') || l.trim() === ''),
    'a continuation starts with exactly one space',
  );
  const { event } = parseIcs(text);
  t.equal(event.getFirstPropertyValue('description'), description, 'ical.js reads the description back whole');
  t.equal(event.getFirstPropertyValue('summary'), `Título largo ${'é'.repeat(80)}`);

  t.equal(foldLine('A'.repeat(75)), 'A'.repeat(75), 'exactly 75 octets stay on one line');
  t.equal(foldLine('A'.repeat(76)), `${'A'.repeat(75)}\r\n A`, 'the 76th octet goes on a continuation line');
  const accents = foldLine(`XY${'é'.repeat(40)}`);
  t.same(
    accents.split('\r\n').map((l) => Buffer.byteLength(l)),
    [74, 9],
    'a two-octet character that would cross octet 75 moves whole to the next line',
  );
});

t.test('the meeting link is a URL only when it is http(s)', async (t) => {
  const { event } = parseIcs(sessionEvent(input({ url: 'javascript:alert(1)', location: null })));
  t.equal(event.getFirstPropertyValue('url'), null, 'no URL for another scheme');
  t.equal(event.getFirstPropertyValue('location'), null);
  const spaced = parseIcs(sessionEvent(input({ url: 'https://meet.example.org/a room?x=1,2' }))).event;
  t.equal(spaced.getFirstPropertyValue('url'), 'https://meet.example.org/a%20room?x=1,2', 'normalised');
});

t.test('what cannot make a valid event is refused', async (t) => {
  const start = new Date('2027-04-28T12:00:00Z');
  t.throws(() => sessionEvent(input({ start, end: start })), RangeError, 'an event must end after it starts');
  t.throws(() => sessionEvent(input({ sequence: -1 })), RangeError, 'SEQUENCE ≥ 0');
  t.throws(() => sessionEvent(input({ sequence: 1.5 })), RangeError, 'SEQUENCE is whole');
  t.throws(() => sessionEvent(input({ uid: ' ' })), RangeError, 'a UID is required');
  t.throws(() => sessionEvent(input({ stamp: new Date(Number.NaN) })), RangeError, 'a valid DTSTAMP');
  t.throws(
    () => sessionEvent(input({ attendee: { name: 'X', email: 'x@example.org\r\nBCC:evil@example.org' } })),
    RangeError,
    'no line can be injected through an address',
  );
});

t.test('a feed is METHOD:PUBLISH with every event, and no attendee', async (t) => {
  const kigali = local('2027-04-28T14:00', 'Africa/Kigali');
  const newYork = local('2027-03-15T10:00', 'America/New_York');
  const text = publishFeed({
    name: 'Governance for strategic purchasing, 2027',
    stamp: new Date('2027-02-01T09:00:00Z'),
    events: [
      {
        uid: 'session-1@x',
        sequence: 0,
        start: kigali,
        end: new Date(kigali.getTime() + 90 * 60_000),
        summary: 'RBF; decentralised',
        description: 'Focal country: Argentina',
        url: 'https://meet.example.org/rbf',
        status: 'CONFIRMED',
      },
      {
        uid: 'session-2@x',
        sequence: 2,
        start: newYork,
        end: new Date(newYork.getTime() + 60 * 60_000),
        summary: 'Cancelled one',
        description: '',
        status: 'CANCELLED',
      },
    ],
  });
  const { calendar, events } = parseIcs(text);
  t.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  // ical.js knows neither NAME (RFC 7986) nor X-WR-CALNAME, and hands their values back raw.
  for (const name of ['NAME', 'X-WR-CALNAME']) {
    t.ok(unfold(text).includes(`${name}:Governance for strategic purchasing\\, 2027`), `${name}, escaped as TEXT`);
  }
  t.equal(events.length, 2);
  t.notMatch(text, /ATTENDEE/, 'no attendee in a feed');
  const [first, second] = events;
  t.equal(first?.getFirstPropertyValue('uid'), 'session-1@x');
  t.equal(first?.getFirstPropertyValue('summary'), 'RBF; decentralised');
  t.equal(first?.getFirstPropertyValue('status'), 'CONFIRMED');
  t.equal(
    timeOf(first as Component, 'dtstart')
      .toJSDate()
      .toISOString(),
    '2027-04-28T12:00:00.000Z',
  );
  t.equal(timeOf(first as Component, 'dtstamp').zone?.tzid, 'UTC');
  t.equal(second?.getFirstPropertyValue('status'), 'CANCELLED');
  t.equal(second?.getFirstPropertyValue('sequence'), 2);
  t.equal(second?.getFirstPropertyValue('description'), null, 'an empty description is left out');
  t.equal(
    timeOf(second as Component, 'dtstart')
      .toJSDate()
      .toISOString(),
    '2027-03-15T14:00:00.000Z',
  );
  t.equal(second?.getAllSubcomponents('valarm').length, 0);

  const withOrganizer = parseIcs(
    publishFeed({
      name: 'Mine',
      stamp: new Date(),
      events: [
        {
          uid: 'u',
          sequence: 0,
          start: kigali,
          end: new Date(kigali.getTime() + 1),
          summary: 's',
          status: 'CONFIRMED',
        },
      ],
      organizer: { name: 'Webinar series', email: 'series@webinars.example.org' },
    }),
  );
  t.equal(withOrganizer.event.getFirstProperty('organizer')?.getFirstValue(), 'mailto:series@webinars.example.org');

  const empty = new ICAL.Component(ICAL.parse(publishFeed({ name: 'Nothing yet', stamp: new Date(), events: [] })));
  t.equal(empty.getFirstPropertyValue('method'), 'PUBLISH', 'an empty feed is a valid calendar');
  t.equal(empty.getAllSubcomponents('vevent').length, 0);
});
