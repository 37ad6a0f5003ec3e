// Which reminder is due: the nearest window entered, and never one whose window had opened by the
// time the reader was invited (they have just read the invitation).
import t from 'tap';
import { dueReminder } from '../../src/domain/reminders.js';

const at = new Date('2027-04-28T11:00:00.000Z');
const DAYS = [7, 1] as const;
const before = (ms: number) => new Date(at.getTime() - ms);
const DAY = 86_400_000;

t.test('the nearest window entered, or none', async (t) => {
  t.equal(dueReminder(before(8 * DAY), at, DAYS), null, 'further away than a week');
  t.equal(dueReminder(before(7 * DAY), at, DAYS), 7, 'exactly a week before');
  t.equal(dueReminder(before(3 * DAY), at, DAYS), 7);
  t.equal(dueReminder(before(DAY), at, DAYS), 1, 'a day before wins over a week before');
  t.equal(dueReminder(new Date(at.getTime() + 1), at, DAYS), null, 'already begun');
});

t.test('a window that had opened when the person was invited is skipped', async (t) => {
  const invited = before(3 * DAY);
  t.equal(dueReminder(before(3 * DAY), at, DAYS, invited), null, 'no "in 7 days" right after the invitation');
  t.equal(dueReminder(before(2 * DAY), at, DAYS, invited), null);
  t.equal(dueReminder(before(DAY), at, DAYS, invited), 1, 'the one-day reminder still comes');
  t.equal(dueReminder(before(DAY), at, DAYS, before(DAY)), null, 'invited the very instant the window opened');
  t.equal(dueReminder(before(DAY), at, DAYS, before(DAY + 1)), 1, 'invited a millisecond before it opened');
  t.equal(dueReminder(before(7 * DAY), at, DAYS, before(10 * DAY)), 7, 'invited in good time: both come');
  t.equal(dueReminder(before(DAY), at, DAYS, null), 1, 'no invitation time known: as before');
});
