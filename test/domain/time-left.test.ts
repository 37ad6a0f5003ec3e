// The time a reminder has left, counted in calendar days of the reader's zone, and its wording in
// the four languages. The process runs in America/St_Johns (npm test): nothing here may depend
// on it, and St John's is also one of the reader zones tested, with its half-hour offset and
// its summer time.
import t, { type Test } from 'tap';
import { deadlineDate, type Language, timeLeftText } from '../../emails/i18n.js';
import { calendarDaysBetween, type TimeLeft, timeLeft } from '../../src/domain/time-left.js';

const at = (iso: string) => new Date(iso);
const TODAY: TimeLeft = { kind: 'today' };
const TOMORROW: TimeLeft = { kind: 'tomorrow' };
const days = (n: number): TimeLeft => ({ kind: 'days', days: n });

/** From each sending to its event, counted in the zone's calendar days, is the time left given. */
function expectTimeLeft(t: Test, cases: [sent: string, event: string, zone: string, left: TimeLeft, why: string][]) {
  for (const [sent, event, zone, left, why] of cases) t.same(timeLeft(at(sent), at(event), zone), left, why);
}

t.test('the same calendar day is today, the next is tomorrow, then whole days', async (t) => {
  expectTimeLeft(t, [
    ['2027-03-10T09:00:00Z', '2027-03-10T09:00:00Z', 'UTC', TODAY, 'the same instant'],
    ['2027-03-10T09:00:00Z', '2027-03-10T20:00:00Z', 'UTC', TODAY, '11 hours later'],
    ['2027-03-10T09:00:00Z', '2027-03-11T08:00:00Z', 'UTC', TOMORROW, '23 hours later'],
    ['2027-03-10T09:00:00Z', '2027-03-12T00:00:00Z', 'UTC', days(2), 'two dates on'],
    ['2027-03-10T09:00:00Z', '2027-03-16T23:00:00Z', 'UTC', days(6), 'six dates on'],
    ['2027-03-10T09:00:00Z', '2027-03-17T09:00:00Z', 'UTC', days(7), 'seven times 24 hours'],
    ['2027-03-10T09:00:00Z', '2027-03-31T09:00:00Z', 'UTC', days(21), 'three weeks'],
  ]);
  t.equal(timeLeft(at('2027-03-10T09:00:01Z'), at('2027-03-10T09:00:00Z'), 'UTC'), null, 'a second too late');
  t.equal(calendarDaysBetween(at('2027-03-10T09:00:00Z'), at('2027-03-08T23:00:00Z'), 'UTC'), -2, 'before: negative');
});

t.test('the last second before midnight', async (t) => {
  expectTimeLeft(t, [
    ['2027-03-10T23:59:59Z', '2027-03-11T00:00:00Z', 'UTC', TOMORROW, 'one second, next date'],
    ['2027-03-11T00:00:00Z', '2027-03-11T23:59:59Z', 'UTC', TODAY, 'almost 24 hours, same date'],
    // In Nairobi (UTC+3) midnight is 21:00 UTC.
    ['2027-03-10T20:59:59Z', '2027-03-10T21:00:00Z', 'Africa/Nairobi', TOMORROW, 'Nairobi 23:59:59 to 00:00'],
    ['2027-03-10T21:00:00Z', '2027-03-11T20:59:59Z', 'Africa/Nairobi', TODAY, 'Nairobi 00:00 to 23:59:59'],
  ]);
});

t.test('a reminder 20 hours ahead, on the same date in the reader’s zone, is today', async (t) => {
  // 00:30 to 20:30 in Nairobi; 21:30 on the 14th to 17:30 on the 15th in UTC.
  const sent = at('2027-03-14T21:30:00Z');
  const event = at('2027-03-15T17:30:00Z');
  t.same(timeLeft(sent, event, 'Africa/Nairobi'), TODAY, 'Nairobi: the same date');
  t.same(timeLeft(sent, event, 'UTC'), TOMORROW, 'UTC: the next date');
});

t.test('the event falls on another date in the reader’s zone than in the series’ zone', async (t) => {
  // The deadline 15 March 20:59:59 UTC: 23:59:59 on the 15th in Nairobi, 02:29:59 on the 16th in Kolkata.
  const deadline = at('2027-03-15T20:59:59Z');
  const sent = at('2027-03-15T10:00:00Z'); // 13:00 in Nairobi, 15:30 in Kolkata, both on the 15th
  t.same(timeLeft(sent, deadline, 'Africa/Nairobi'), TODAY, 'Nairobi: today');
  t.same(timeLeft(sent, deadline, 'Asia/Kolkata'), TOMORROW, 'Kolkata: tomorrow');
  // Kolkata's midnight is 18:30 UTC: from then on the deadline is today there.
  t.same(timeLeft(at('2027-03-15T18:29:59Z'), deadline, 'Asia/Kolkata'), TOMORROW, 'Kolkata 23:59:59: tomorrow');
  t.same(timeLeft(at('2027-03-15T18:30:00Z'), deadline, 'Asia/Kolkata'), TODAY, 'Kolkata 00:00: today');
  // Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 hours apart: the same instant, two dates.
  expectTimeLeft(t, [
    ['2027-03-10T09:00:00Z', '2027-03-10T10:30:00Z', 'Pacific/Kiritimati', TOMORROW, 'Kiritimati: 23:00 to 00:30'],
    ['2027-03-10T09:00:00Z', '2027-03-10T10:30:00Z', 'Pacific/Pago_Pago', TODAY, 'Pago Pago: 22:00 to 23:30'],
  ]);
});

t.test('half-hour zones and their summer time: St John’s', async (t) => {
  const zone = 'America/St_Johns';
  // 14 March 2027, 02:00 NST (UTC−3:30) becomes 03:00 NDT (UTC−2:30): a 23-hour day.
  expectTimeLeft(t, [
    [
      '2027-03-14T03:30:00Z',
      '2027-03-15T02:29:59Z',
      zone,
      TODAY,
      '00:00 to 23:59:59 on the short day (22 h 59 min 59 s)',
    ],
    ['2027-03-14T03:30:00Z', '2027-03-15T02:30:00Z', zone, TOMORROW, 'the next midnight, NDT'],
    ['2027-03-15T02:29:59Z', '2027-03-15T03:00:00Z', zone, TOMORROW, '23:59:59 to 00:30 the next day'],
    // 7 November 2027, 02:00 NDT becomes 01:00 NST: a 25-hour day.
    [
      '2027-11-07T02:30:00Z',
      '2027-11-08T03:29:59Z',
      zone,
      TODAY,
      '00:00 to 23:59:59 on the long day (24 h 59 min 59 s)',
    ],
    ['2027-11-07T02:30:00Z', '2027-11-08T03:30:00Z', zone, TOMORROW, 'the next midnight, NST'],
  ]);
});

t.test('summer time in the reader’s zone: Brussels and Lord Howe', async (t) => {
  // 28 March 2027 Brussels moves from UTC+1 to UTC+2. An event at 00:30 on the 30th (22:30 UTC on
  // the 29th); seven times 24 hours before it is 23:30 on the 22nd there: eight dates away.
  const event = at('2027-03-29T22:30:00Z');
  const weekBefore = new Date(event.getTime() - 7 * 86_400_000);
  t.same(timeLeft(weekBefore, event, 'Europe/Brussels'), days(8), 'Brussels: in 8 days');
  t.same(timeLeft(weekBefore, event, 'UTC'), days(7), 'UTC: in 7 days');
  expectTimeLeft(t, [
    // 27 March 23:30 CET to 28 March 23:30 CEST: 23 hours, the next date.
    ['2027-03-27T22:30:00Z', '2027-03-28T21:30:00Z', 'Europe/Brussels', TOMORROW, 'over the change: tomorrow'],
    // 4 April 2027 Lord Howe moves from UTC+11 back to UTC+10:30 (half an hour): a 24.5-hour day.
    [
      '2027-04-03T13:00:00Z',
      '2027-04-04T13:29:59Z',
      'Australia/Lord_Howe',
      TODAY,
      'Lord Howe: more than 24 hours and still today',
    ],
    ['2027-04-03T13:00:00Z', '2027-04-04T13:30:00Z', 'Australia/Lord_Howe', TOMORROW, 'Lord Howe: the next midnight'],
  ]);
});

t.test('a zone that is not one is refused, never read as the server’s', async (t) => {
  t.throws(() => timeLeft(at('2027-03-10T09:00:00Z'), at('2027-03-11T09:00:00Z'), 'Mars/Olympus'), RangeError);
});

t.test('the wording in the four languages', async (t) => {
  const words = (left: TimeLeft) =>
    Object.fromEntries((['en', 'fr', 'es', 'pt'] as Language[]).map((lang) => [lang, timeLeftText(left, lang)]));
  t.same(words(TODAY), { en: 'today', fr: 'aujourd’hui', es: 'hoy', pt: 'hoje' });
  t.same(words(TOMORROW), { en: 'tomorrow', fr: 'demain', es: 'mañana', pt: 'amanhã' });
  t.same(words(days(2)), { en: 'in 2 days', fr: 'dans 2 jours', es: 'dentro de 2 días', pt: 'dentro de 2 dias' });
  t.same(words(days(6)), { en: 'in 6 days', fr: 'dans 6 jours', es: 'dentro de 6 días', pt: 'dentro de 6 dias' });
  t.same(words(days(7)), { en: 'in 7 days', fr: 'dans 7 jours', es: 'dentro de 7 días', pt: 'dentro de 7 dias' });
  t.same(words(days(21)), {
    en: 'in 21 days',
    fr: 'dans 21 jours',
    es: 'dentro de 21 días',
    pt: 'dentro de 21 dias',
  });
});

t.test('a deadline’s date comes with its time and zone', async (t) => {
  const deadline = at('2027-03-15T20:59:59Z');
  t.equal(deadlineDate(deadline, 'en', 'Asia/Kolkata'), '16 March, 02:29 Asia/Kolkata');
  t.equal(deadlineDate(deadline, 'fr', 'Asia/Kolkata'), '16 mars à 02:29 Asia/Kolkata');
  t.equal(deadlineDate(deadline, 'es', 'Asia/Kolkata'), '16 de marzo, a las 02:29 Asia/Kolkata');
  t.equal(deadlineDate(deadline, 'pt', 'Asia/Kolkata'), '16 de março, às 02:29 Asia/Kolkata');
  t.equal(deadlineDate(deadline, 'en', 'Africa/Nairobi'), '15 March, 23:59 Africa/Nairobi');
  t.equal(deadlineDate(deadline, 'en', 'America/St_Johns'), '15 March, 18:29 America/St_Johns');
});
