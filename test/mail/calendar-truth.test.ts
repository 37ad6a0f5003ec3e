// Every change reaches every calendar that holds the event: messages delivered over SMTP on
// loopback, each calendar read by ical.js and by libical, and applied the way a calendar
// applies iTIP messages (RFC 5546 §2.1.5: a message whose SEQUENCE is not above the one held is
// ignored), with the process in St John's.
import t, { type Test } from 'tap';
import * as eventChange from '../../emails/event-change.js';
import { calendarText, type LibicalCalendar, readWithLibical } from '../calendar/libical.js';
import { parseIcs } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, createWorkstream, joinWorkstream, json, setLineup } from '../helper.js';
import { type Received, smtpMailApp } from './helper.js';

const JOAO = 'joao@example.org';
const JEAN = 'jean@example.org';

const lineup = (withJoao: boolean) => ({
  chair: { email: 'kofi@example.org', name: 'Kofi Mensah' },
  supportingChair: { email: CHAIR },
  focal: { country: 'AR', people: [{ email: 'ana@example.org', name: 'Ana Gómez' }] },
  discussant: { country: 'RW', people: [{ email: JEAN, name: 'Jean Uwase' }] },
  coBloggers: withJoao ? [{ email: JOAO, name: 'João Silva' }] : [],
});

async function setUp(t: Test) {
  const { smtp, test, deliverNew } = await smtpMailApp(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, { timezone: 'Africa/Nairobi' });
  const session = await createSession(test, series.id, {
    title: 'RBF in a decentralized setting',
    startsAt: '2027-04-28T14:00',
  });
  const lineUp = async (withJoao: boolean) => {
    const res = await setLineup(test, session.id, lineup(withJoao));
    t.equal(res.statusCode, 200, res.body);
  };
  const invite = async () =>
    json(
      await test.app.inject({
        method: 'POST',
        url: `/api/sessions/${session.id}/invitations`,
        headers: test.as(CHAIR),
      }),
    );
  const patch = async (payload: object) => {
    const res = await test.app.inject({
      method: 'PATCH',
      url: `/api/sessions/${session.id}`,
      headers: test.as(CHAIR),
      payload,
    });
    t.equal(res.statusCode, 200, res.body);
  };
  return { smtp, test, session, lineUp, invite, patch, deliverNew };
}

/** One reader's view of a message: method, SEQUENCE, start, STATUS, link and title of its VEVENT. */
interface Reading {
  method: string | null;
  sequence: number | null;
  start: string | null;
  status: string | null;
  url: string | null;
  summary: string | null;
}

function byIcalJs(text: string): Reading {
  const { calendar, event } = parseIcs(text);
  const start = event.getFirstPropertyValue('dtstart') as { toJSDate(): Date } | null;
  const value = (name: string) => {
    const v = event.getFirstPropertyValue(name);
    return v === null || v === undefined ? null : String(v);
  };
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    sequence: event.getFirstPropertyValue('sequence') as number | null,
    start: start ? start.toJSDate().toISOString().replace('.000Z', 'Z') : null,
    status: value('status'),
    url: value('url'),
    summary: value('summary'),
  };
}

function byLibical(calendar: LibicalCalendar): Reading {
  const [event] = calendar.events;
  return {
    method: calendar.method,
    sequence: event?.sequence ?? null,
    start: event?.start ?? null,
    status: event?.status ?? null,
    url: event?.url ?? null,
    summary: event?.summary ?? null,
  };
}

/**
 * A reader's calendar after the messages, applied as RFC 5546 asks: a REQUEST or CANCEL whose
 * SEQUENCE is not above the held one is ignored. What the calendar shows, and which were ignored.
 */
function applyAll(readings: Reading[]): { shown: Reading | null; ignored: number[] } {
  let held: Reading | null = null;
  let heldSequence = -1;
  const ignored: number[] = [];
  readings.forEach((r, i) => {
    const sequence = r.sequence ?? 0;
    if (heldSequence >= 0 && sequence <= heldSequence) {
      ignored.push(i);
      return;
    }
    heldSequence = sequence;
    held = r.method === 'CANCEL' ? null : r;
  });
  return { shown: held, ignored };
}

const to = (mail: Received) => mail.envelopeTo[0] ?? '';

t.test(
  'removed, re-added, re-invited, moved, cancelled: each of João’s messages is taken by both readers',
  async (t) => {
    const { test, session, lineUp, invite, patch, deliverNew } = await setUp(t);
    await lineUp(true);
    t.same(await invite(), { queued: 5 });
    const first = await deliverNew(5);
    await lineUp(false);
    const removal = await deliverNew(1);
    t.same(removal.map(to), [JOAO], 'taken off: a cancellation at once');
    await lineUp(true);
    t.same(await invite(), { queued: 1 }, 'only João is invited again');
    const again = await deliverNew(1);
    await patch({ startsAt: '2027-05-05T14:00' });
    const moved = await deliverNew(5);
    t.same(moved.map(to).sort(), ['ana@example.org', CHAIR, JEAN, JOAO, 'kofi@example.org'].sort(), 'everyone updated');
    const cancel = await test.app.inject({
      method: 'POST',
      url: `/api/sessions/${session.id}/cancel`,
      headers: test.as(CHAIR),
    });
    t.equal(cancel.statusCode, 200);
    const cancelled = await deliverNew(5);
    const joao = [...first, ...removal, ...again, ...moved, ...cancelled].filter((m) => to(m) === JOAO);
    const texts = joao.map(calendarText);
    const libical = readWithLibical(texts);
    const readings = { 'ical.js': texts.map(byIcalJs), libical: libical.map(byLibical) };
    for (const [reader, list] of Object.entries(readings)) {
      t.same(
        list.map((r) => [r.method, r.sequence, r.start, r.status]),
        [
          ['REQUEST', 0, '2027-04-28T11:00:00Z', 'CONFIRMED'],
          ['CANCEL', 1, '2027-04-28T11:00:00Z', null],
          ['REQUEST', 2, '2027-04-28T11:00:00Z', 'CONFIRMED'],
          ['REQUEST', 3, '2027-05-05T11:00:00Z', 'CONFIRMED'],
          ['CANCEL', 4, '2027-05-05T11:00:00Z', 'CANCELLED'],
        ],
        `${reader}: every SEQUENCE above the one before; only the session's cancellation says CANCELLED`,
      );
      t.same(applyAll(list.slice(0, 4)), { shown: list[3], ignored: [] }, `${reader}: the move is taken: the new time`);
      t.same(applyAll(list), { shown: null, ignored: [] }, `${reader}: the cancellation is taken: no event left`);
    }
    t.same(
      libical.map((c) => [c.restrictionsHold, c.errors]),
      libical.map(() => [true, []]),
      'libical: iTIP’s rules for each METHOD hold',
    );
    const update = joao[3]?.parsed.text ?? '';
    t.ok(
      update.includes(
        eventChange.text.en.time(
          'Wednesday 5 May 2027, 14:00 (Africa/Nairobi) · 11:00 UTC',
          'Wednesday 28 April 2027, 14:00 (Africa/Nairobi) · 11:00 UTC',
        ),
      ),
      'the update gives the old time beside the new',
    );
  },
);

/** Declines through the link in the person's invitation (opening it, then confirming). */
async function declineByLink(t: Test, test: Awaited<ReturnType<typeof setUp>>['test'], invitation: Received) {
  const link = /(\/invitations\/[^/\s]+\/decline\?token=[\w-]+)/.exec(invitation.parsed.text ?? '')?.[1] ?? '';
  const token = new URL(`http://x${link}`).searchParams.get('token') ?? '';
  const res = await test.app.inject({
    method: 'POST',
    url: link.split('?')[0] ?? '',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${token}`,
  });
  t.equal(res.statusCode, 303, 'declined');
}

t.test('a new link, title or description reaches every invitee but the one who declined', async (t) => {
  const { test, lineUp, invite, patch, deliverNew } = await setUp(t);
  await lineUp(true);
  await invite();
  const first = await deliverNew(5);
  const jean = first.find((m) => to(m) === JEAN);
  if (!jean) throw new Error('no invitation for Jean');
  await declineByLink(t, test, jean);
  // The decline alerts to the series chair and the session chair, and Jean's copy withdrawn.
  const afterDecline = await deliverNew(3);
  const withdrawal = afterDecline.filter((m) => to(m) === JEAN).map(calendarText);
  const withdrawalReadings = [...withdrawal.map(byIcalJs), ...readWithLibical(withdrawal).map(byLibical)];
  t.same(
    withdrawalReadings.map((r) => [r.method, r.sequence, r.status]),
    [
      ['CANCEL', 1, null],
      ['CANCEL', 1, null],
    ],
    'both readers: a CANCEL of Jean’s copy, above his invitation',
  );
  t.same(applyAll([byIcalJs(calendarText(jean)), ...withdrawalReadings.slice(0, 1)]).shown, null, 'no stale event');
  const holders = ['ana@example.org', CHAIR, JOAO, 'kofi@example.org'];

  const steps = [
    {
      change: { meetingUrl: 'https://meet.example.org/rbf-new' },
      line: eventChange.text.en.link('https://meet.example.org/rbf-new'),
      read: (r: Reading) => r.url,
      expected: 'https://meet.example.org/rbf-new',
    },
    {
      change: { title: 'RBF across districts' },
      line: eventChange.text.en.title('RBF across districts', 'RBF in a decentralized setting'),
      read: (r: Reading) => r.summary,
      expected: 'RBF across districts',
    },
    {
      change: { description: 'Now with the district treasurers.' },
      line: eventChange.text.en.description,
      read: (r: Reading) => r.start,
      expected: '2027-04-28T11:00:00Z',
    },
  ];
  let sequence = 0;
  for (const step of steps) {
    await patch(step.change);
    const updates = await deliverNew(4);
    const what = Object.keys(step.change)[0];
    t.same(updates.map(to).sort(), holders.sort(), `${what}: everyone holding the event, not Jean`);
    sequence += 1;
    const texts = updates.map(calendarText);
    const libical = readWithLibical(texts).map(byLibical);
    const icalJs = texts.map(byIcalJs);
    for (const [reader, list] of [
      ['ical.js', icalJs],
      ['libical', libical],
    ] as const) {
      t.same(
        list.map((r) => [r.method, r.sequence, step.read(r)]),
        list.map(() => ['REQUEST', sequence, step.expected]),
        `${what}, ${reader}: an update above the last SEQUENCE, showing the change`,
      );
    }
    t.same(
      updates.map((m) => (m.parsed.text ?? '').includes(`- ${step.line}`)),
      updates.map(() => true),
      `${what}: each update says what changed`,
    );
  }
  t.same(await invite(), { queued: 0 }, 'nobody is left with an old copy');
});

t.test('leaving a workstream withdraws each meeting still to come; a newcomer gets them', async (t) => {
  const { smtp, test } = await smtpMailApp(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  const ws = await createWorkstream(test, series.id);
  const join = async (email: string) => {
    const res = await joinWorkstream(test, series.id, ws.id, email, { name: email.split('@')[0], country: 'RW' });
    t.equal(res.statusCode, 201, res.body);
  };
  await join('lucia@example.org');
  await join('tran@example.org');
  for (const startsAt of ['2027-03-10T16:00', '2027-04-07T16:00', '2027-05-05T16:00']) {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/workstreams/${ws.id}/meetings`,
      headers: test.as(CHAIR),
      payload: { title: 'Monthly exchange', startsAt },
    });
    t.equal(res.statusCode, 201, `the meeting of ${startsAt}`);
  }
  await test.deliver();
  const sent = (await smtp.waitFor(2 + 6)).length; // two confirmations, three meetings to two members
  test.clock.set('2027-03-12T09:00:00Z'); // the first meeting is over; interests still open

  const left = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/leave`,
    headers: test.as('lucia@example.org'),
  });
  t.equal(left.statusCode, 204);
  await test.deliver();
  const withdrawals = (await smtp.waitFor(sent + 2)).slice(sent);
  t.same(withdrawals.map(to), ['lucia@example.org', 'lucia@example.org'], 'one message per meeting still to come');
  const texts = withdrawals.map(calendarText);
  const expected = [
    ['CANCEL', 1, '2027-04-07T14:00:00Z', null],
    ['CANCEL', 1, '2027-05-05T14:00:00Z', null],
  ];
  t.same(
    texts.map(byIcalJs).map((r) => [r.method, r.sequence, r.start, r.status]),
    expected,
    'ical.js: her copy of each withdrawn, the meetings themselves go on',
  );
  t.same(
    readWithLibical(texts)
      .map(byLibical)
      .map((r) => [r.method, r.sequence, r.start, r.status]),
    expected,
    'libical: the same',
  );

  await join('newcomer@example.org');
  await test.deliver();
  const welcome = (await smtp.waitFor(sent + 5)).slice(sent + 2);
  const invitations = welcome.filter((m) => m.parsed.attachments.some((a) => a.contentType === 'text/calendar'));
  t.same(invitations.map(to), ['newcomer@example.org', 'newcomer@example.org'], 'the meetings already scheduled');
  t.same(
    invitations
      .map(calendarText)
      .map(byIcalJs)
      .map((r) => [r.method, r.start]),
    [
      ['REQUEST', '2027-04-07T14:00:00Z'],
      ['REQUEST', '2027-05-05T14:00:00Z'],
    ],
    'only those still to come',
  );
});

t.test('no calendar file carries an accept or decline token; feeds have UIDs of their own', async (t) => {
  const { test, session, lineUp, invite, patch, deliverNew } = await setUp(t);
  await lineUp(true);
  await invite();
  const invitations = await deliverNew(5);
  await patch({ meetingUrl: 'https://meet.example.org/rbf-new' });
  const updates = await deliverNew(5);
  const mails = [...invitations, ...updates];
  const tokens = mails.flatMap((m) => [...(m.parsed.text ?? '').matchAll(/\?token=([\w-]+)/g)].map((x) => x[1] ?? ''));
  t.equal(tokens.length, 20, 'each message has its accept and decline links in the text');
  const texts = mails.map(calendarText);
  t.same(
    texts.map((text) => tokens.filter((token) => text.replace(/\r\n /g, '').includes(token)).length),
    texts.map(() => 0),
    'no calendar file holds a token, even unfolded',
  );
  t.same(
    texts.map((text) => /token=/i.test(text.replace(/\r\n /g, ''))),
    texts.map(() => false),
  );
  const seriesId = (json(await test.app.inject({ url: `/api/sessions/${session.id}` })) as { seriesId: string })
    .seriesId;
  const feeds = [
    (await test.app.inject({ url: `/calendar/series/${seriesId}.ics` })).body,
    (await test.app.inject({ url: `/calendar/people/${personalKey(test, JOAO)}.ics` })).body,
  ];
  const inviteUid = String(parseIcs(texts[0] ?? '').event.getFirstPropertyValue('uid'));
  const feedUids = feeds.map((feed) => String(parseIcs(feed).event.getFirstPropertyValue('uid')));
  t.same(
    readWithLibical(feeds).map((c) => c.events.map((e) => e.uid)),
    feedUids.map((uid) => [uid]),
    'libical reads the same UIDs',
  );
  t.same(feedUids, [`feed-${inviteUid}`, `feed-${inviteUid}`], 'both feeds: a UID of their own');
  t.same(
    feeds.map((feed) => tokens.some((token) => feed.replace(/\r\n /g, '').includes(token))),
    [false, false],
    'no token in a feed either',
  );
});

function personalKey(test: Awaited<ReturnType<typeof setUp>>['test'], email: string): string {
  const row = test.app.db.$client.prepare('select calendar_key from people where email = ?').get(email) as {
    calendar_key: string;
  };
  return row.calendar_key;
}

t.test('cancelling a session cancels its feedback meeting, with the mail', async (t) => {
  const { test, session, deliverNew } = await setUp(t);
  const seriesId = (json(await test.app.inject({ url: `/api/sessions/${session.id}` })) as { seriesId: string })
    .seriesId;
  const ws = await createWorkstream(test, seriesId);
  const joined = await test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/interests`,
    headers: test.as('lucia@example.org'),
    payload: { name: 'Lucía', country: 'RW', workstreams: [{ id: ws.id, asConvener: false }] },
  });
  t.equal(joined.statusCode, 201);
  const feedback = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/meetings`,
    headers: test.as(CHAIR),
    payload: { title: 'Feedback on the RBF session', startsAt: '2027-05-12T16:00', linkedSessionId: session.id },
  });
  t.equal(feedback.statusCode, 201, feedback.body);
  await deliverNew(2); // the confirmation and the meeting's invitation
  const cancel = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${session.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancel.statusCode, 200);
  const [mail] = await deliverNew(1);
  if (!mail) throw new Error('no cancellation');
  t.equal(to(mail), 'lucia@example.org');
  t.equal(mail.parsed.subject, 'Meeting cancelled: “Feedback on the RBF session”, 12 May');
  const text = calendarText(mail);
  t.same(
    [byIcalJs(text), ...readWithLibical([text]).map(byLibical)].map((r) => [r.method, r.status, r.sequence]),
    [
      ['CANCEL', 'CANCELLED', 1],
      ['CANCEL', 'CANCELLED', 1],
    ],
    'both readers: the whole meeting is called off',
  );
  const shown = json(await test.app.inject({ url: `/api/workstreams/${ws.id}` }));
  t.same(
    shown.meetings.map((m: { status: string }) => m.status),
    ['cancelled'],
    'and it shows as cancelled',
  );
});

/** Follows the link of `action` in the person's invitation (confirming it). */
async function answerByLink(
  t: Test,
  test: Awaited<ReturnType<typeof setUp>>['test'],
  invitation: Received,
  action: 'accept' | 'decline',
) {
  const link = new RegExp(`(/invitations/[^/\\s]+/${action}\\?token=[\\w-]+)`).exec(invitation.parsed.text ?? '')?.[1];
  const token = new URL(`http://x${link ?? ''}`).searchParams.get('token') ?? '';
  const res = await test.app.inject({
    method: 'POST',
    url: (link ?? '').split('?')[0] ?? '',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${token}`,
  });
  t.equal(res.statusCode, 303, `${action}ed`);
}

t.test('declining, then accepting after all: the event leaves the calendar and comes back', async (t) => {
  const { test, lineUp, invite, deliverNew } = await setUp(t);
  await lineUp(true);
  await invite();
  const jean = (await deliverNew(5)).find((m) => to(m) === JEAN);
  if (!jean) throw new Error('no invitation for Jean');
  await answerByLink(t, test, jean, 'decline');
  const declined = (await deliverNew(3)).filter((m) => to(m) === JEAN);
  await answerByLink(t, test, jean, 'accept');
  const back = (await deliverNew(1)).filter((m) => to(m) === JEAN);
  const texts = [jean, ...declined, ...back].map(calendarText);
  for (const [reader, list] of [
    ['ical.js', texts.map(byIcalJs)],
    ['libical', readWithLibical(texts).map(byLibical)],
  ] as const) {
    t.same(
      list.map((r) => [r.method, r.sequence, r.status]),
      [
        ['REQUEST', 0, 'CONFIRMED'],
        ['CANCEL', 1, null],
        ['REQUEST', 2, 'CONFIRMED'],
      ],
      `${reader}: each above the one before`,
    );
    t.same(applyAll(list), { shown: list[2], ignored: [] }, `${reader}: the event is back in Jean’s calendar`);
  }
});
