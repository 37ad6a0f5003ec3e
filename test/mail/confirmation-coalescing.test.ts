// Confirmations of an expression of interest are coalesced: while one waits unsent, a newer
// version takes its place (no second row); after one went, the next waits until the window
// since it has passed, and goes once, showing the latest version. Other interests are apart.
import t from 'tap';
import { releaseHeld } from '../../src/mail/outbox.js';
import { CONFIRMATION_WINDOW_MS } from '../../src/modules/interests/service.js';
import {
  buildMailApp,
  json,
  type MailTestApp,
  outboxRows,
  type Seeded,
  seedSeries,
  startSmtpServer,
} from './helper.js';

const LUCIA = 'lucia@example.org';
const ANA = 'ana@example.org';

const submit = async (test: MailTestApp, s: Seeded, email: string, motivation: string) => {
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${s.seriesId}/interests`,
    headers: test.as(email),
    payload: { country: 'AR', roles: ['discussant'], sessions: [s.april], motivation },
  });
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`not saved: ${res.statusCode} ${res.body}`);
  return json(res);
};

const confirmations = (test: MailTestApp, email: string) =>
  outboxRows(test.app.db).filter((r) => r.kind === 'interest_confirmation' && r.to_email === email);

t.test('the window is five minutes', async (t) => {
  t.equal(CONFIRMATION_WINDOW_MS, 300_000);
});

t.test('20 rapid replaces: one outbox row, one mail, showing the last version', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  let interestId = '';
  for (let i = 1; i <= 20; i++) {
    interestId = (await submit(test, s, LUCIA, `Version ${i} of my note.`)).id;
    test.clock.advance(300);
  }
  const rows = confirmations(test, LUCIA);
  t.equal(rows.length, 1, 'one row for the 20 saves');
  t.same(JSON.parse(rows[0]?.payload), { interestId, replaced: true });
  t.equal(rows[0]?.status, 'pending');
  t.equal(rows[0]?.next_attempt_at, Date.parse('2027-02-01T09:00:00Z'), 'due from the first save');

  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
  t.equal(smtp.received.length, 1);
  const text = smtp.received[0]?.parsed.text ?? '';
  t.ok(text.includes('Version 20 of my note.'), 'the last version');
  t.notOk(text.includes('Version 19 of my note.'), 'not an earlier one');
  t.same(smtp.received[0]?.envelopeTo, [LUCIA]);
});

t.test('after a confirmation went, the next waits for the window, then goes once, latest', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  await submit(test, s, LUCIA, 'First note.');
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
  const sentAt = test.clock.now().getTime();
  t.equal(confirmations(test, LUCIA)[0]?.sent_at, sentAt);

  test.clock.advance(60_000);
  await submit(test, s, LUCIA, 'Second note.');
  test.clock.advance(60_000);
  await submit(test, s, LUCIA, 'Third note.');
  const rows = confirmations(test, LUCIA);
  t.equal(rows.length, 2, 'the sent one and one waiting');
  t.equal(rows[1]?.status, 'pending');
  t.equal(rows[1]?.next_attempt_at, sentAt + CONFIRMATION_WINDOW_MS, 'not before the window since the last one');

  t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'nothing yet');
  // A restart makes retries due at once, not a confirmation that waits for its window.
  t.equal(releaseHeld(test.app.db, test.clock.now()), 0);
  t.equal(confirmations(test, LUCIA)[1]?.next_attempt_at, sentAt + CONFIRMATION_WINDOW_MS);

  test.clock.set(new Date(sentAt + CONFIRMATION_WINDOW_MS - 1));
  await submit(test, s, LUCIA, 'Fourth note.');
  t.equal(confirmations(test, LUCIA).length, 2, 'still one waiting');
  t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'a millisecond before the window ends');
  t.equal(smtp.received.length, 1);

  test.clock.advance(1);
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 }, 'when the window ends');
  t.equal(smtp.received.length, 2);
  const text = smtp.received[1]?.parsed.text ?? '';
  t.ok(text.includes('Fourth note.'), 'the latest version');
  t.notOk(text.includes('Third note.'));
  t.equal(
    smtp.received[1]?.parsed.subject,
    'Your expression of interest in “Governance for strategic purchasing” is updated',
  );

  test.clock.advance(CONFIRMATION_WINDOW_MS);
  t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'and only once');
  t.equal(smtp.received.length, 2);
  t.same(
    confirmations(test, LUCIA).map((r) => r.status),
    ['sent', 'sent'],
  );
});

t.test('another person’s interest is not held by Lucía’s window, nor merged with it', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  await submit(test, s, LUCIA, 'Lucía’s note.');
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
  test.clock.advance(10_000);
  await submit(test, s, LUCIA, 'Lucía again.');
  await submit(test, s, ANA, 'Ana’s first note.');
  await submit(test, s, ANA, 'Ana’s second note.');

  t.equal(confirmations(test, ANA).length, 1, 'Ana’s two saves: one row');
  t.equal(confirmations(test, LUCIA).length, 2, 'Lucía’s sent one and her waiting one');
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 }, 'Ana’s goes now; Lucía’s waits');
  t.same(smtp.received[1]?.envelopeTo, [ANA]);
  const text = smtp.received[1]?.parsed.text ?? '';
  t.ok(text.includes('Ana’s second note.'));
  t.notOk(text.includes('Lucía'));

  test.clock.advance(CONFIRMATION_WINDOW_MS);
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 }, 'Lucía’s when her window ends');
  t.same(smtp.received[2]?.envelopeTo, [LUCIA]);
  t.ok((smtp.received[2]?.parsed.text ?? '').includes('Lucía again.'));
});

t.test('a withdrawn and resubmitted interest is a new one: its confirmation is not held', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const first = await submit(test, s, LUCIA, 'Before withdrawing.');
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
  const withdrawn = await test.app.inject({
    method: 'DELETE',
    url: `/api/interests/${first.id}`,
    headers: test.as(LUCIA),
  });
  t.equal(withdrawn.statusCode, 204);
  await submit(test, s, LUCIA, 'After withdrawing.');
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
  t.equal(
    smtp.received[1]?.parsed.subject,
    'Your expression of interest in “Governance for strategic purchasing” is recorded',
  );
});
