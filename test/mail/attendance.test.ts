// Attending a session, end to end over a real SMTP server on loopback: a contact registers from
// the link in the call for interest and gets their own calendar invitation (ATTENDEE
// ROLE=OPT-PARTICIPANT, the session's UID), in their language and zone; a registrant gets the
// update when the session moves and the cancellation when it is cancelled; unregistering takes the
// event out of their calendar; one who leaves a line-up keeps the session as an attendee;
// reminders go a week and a day before. Each calendar is read by
// ical.js and libical.
import { eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { roleAssignments, sessions } from '../../db/schema.js';
import { replyLink } from '../../src/modules/invitations/links.js';
import { calendarText, readWithLibical } from '../calendar/libical.js';
import { calendarOf } from '../calendar/read.js';
import { CHAIR, json, setLineup } from '../helper.js';
import { addContact, addPerson, outboxRows, type Received, seedSeries, smtpMailApp } from './helper.js';

const MEETING = 'https://meet.example.org/rbf-2027';

async function setUp(t: Test) {
  const { smtp, test, deliverNew } = await smtpMailApp(t, { now: '2027-03-01T09:00:00Z' });
  const seeded = await seedSeries(test);
  test.app.db.update(sessions).set({ meetingUrl: MEETING }).where(eq(sessions.id, seeded.april)).run();
  const uidOf = (id: string) =>
    test.app.db.select({ uid: sessions.calendarUid }).from(sessions).where(eq(sessions.id, id)).get()?.uid;
  return { ...test, smtp, seeded, uidOf, next: deliverNew };
}

const linkIn = (mail: Received, path: string) => {
  const found = mail.parsed.text?.match(new RegExp(`http://[^\\s]*${path}[^\\s]*`))?.[0];
  if (!found) throw new Error(`no ${path} link in "${mail.parsed.subject}"`);
  return new URL(found);
};

t.test('a contact registers from the call and holds the session through its move and its cancellation', async (t) => {
  const test = await setUp(t);
  const { app } = test;
  addContact(app.db, test.clock, test.seeded.seriesId, {
    email: 'awa@example.org',
    name: 'Awa Ndiaye',
    country: 'SN',
    language: 'fr',
  });
  const call = await app.inject({
    method: 'POST',
    url: `/api/series/${test.seeded.seriesId}/call`,
    headers: test.as(CHAIR),
  });
  t.equal(call.statusCode, 202, 'the call goes out');
  const [callMail] = await test.next(1);
  if (!callMail) throw new Error('no call');
  t.match(callMail.parsed.text, /Assister aux sessions/, 'the call offers to attend, in French');
  t.match(callMail.parsed.text, /communauté\u00a0: inscrivez-vous/, 'with its no-break space before the colon');
  const link = linkIn(callMail, '/attend/');
  t.match(callMail.parsed.text, /M’inscrire pour assister/, 'its button');

  // A mail scanner opens the link: nothing changes.
  const before = outboxRows(app.db).length;
  const shown = await app.inject({ url: `${link.pathname}${link.search}` });
  t.equal(shown.statusCode, 200, 'the page opens without a password');
  t.equal(outboxRows(app.db).length, before, 'opening the link queues nothing');
  t.equal(
    (app.db.$client.prepare('select count(*) n from attendees').get() as { n: number }).n,
    0,
    'and registers nobody',
  );

  const token = link.searchParams.get('token') ?? '';
  const registered = await app.inject({
    method: 'POST',
    url: `/api/attend/${link.pathname.split('/').pop()}`,
    payload: { token, sessionId: test.seeded.april },
  });
  t.equal(registered.statusCode, 200, 'the link registers, without a password');
  t.same(json(registered), { sessions: [test.seeded.april] });

  const [invitation] = await test.next(1);
  if (!invitation) throw new Error('no invitation');
  t.equal(
    invitation.parsed.subject,
    'Votre inscription\u00a0: «\u00a0Governance for SP: implementing RBF in a decentralized setting\u00a0», 28 avril',
  );
  t.same(invitation.envelopeTo, ['awa@example.org']);
  t.match(
    invitation.parsed.text,
    /mercredi 28 avril 2027, 11:00 \(Africa\/Dakar\) \(estimé d’après votre pays\) · 11:00 UTC · 14:00 Africa\/Nairobi/,
    'the time in her zone, UTC and the series',
  );
  t.ok(invitation.parsed.text?.includes(MEETING), 'the meeting link');
  const cal = calendarOf(invitation);
  t.equal(cal.method, 'REQUEST');
  t.same(cal.mimeMethods, ['REQUEST'], 'the MIME part names the same method');
  t.equal(cal.uid, test.uidOf(test.seeded.april), "the session's UID");
  t.equal(cal.sequence, 0, 'the first copy of the event anyone was sent');
  t.equal(cal.start, '2027-04-28T11:00:00.000Z');
  t.equal(cal.attendee?.getFirstValue(), 'mailto:awa@example.org');
  t.equal(cal.attendee?.getParameter('role'), 'OPT-PARTICIPANT', 'an optional participant');
  t.equal(cal.attendee?.getParameter('rsvp'), 'FALSE', 'asked for no calendar answer');

  // The session moves a week later.
  const moved = await app.inject({
    method: 'PATCH',
    url: `/api/sessions/${test.seeded.april}`,
    headers: test.as(CHAIR),
    payload: { startsAt: '2027-05-05T14:00' },
  });
  t.equal(moved.statusCode, 200);
  const [update] = await test.next(1);
  if (!update) throw new Error('no update');
  t.equal(
    update.parsed.subject,
    'Session modifiée\u00a0: «\u00a0Governance for SP: implementing RBF in a decentralized setting\u00a0», 5 mai',
  );
  t.match(
    update.parsed.text,
    /Horaire\u00a0: désormais mercredi 5 mai 2027, 11:00 \(Africa\/Dakar\)/,
    'what changed, the old time beside the new',
  );
  const updated = calendarOf(update);
  t.equal(updated.method, 'REQUEST');
  t.equal(updated.uid, cal.uid, 'the same UID');
  t.equal(updated.sequence, 1, 'a higher SEQUENCE');
  t.equal(updated.start, '2027-05-05T11:00:00.000Z');
  t.equal(updated.attendee?.getParameter('role'), 'OPT-PARTICIPANT');

  const cancelled = await app.inject({
    method: 'POST',
    url: `/api/sessions/${test.seeded.april}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancelled.statusCode, 200);
  const [cancellation] = await test.next(1);
  if (!cancellation) throw new Error('no cancellation');
  t.match(cancellation.parsed.subject, /^Annulée\u00a0: /);
  const gone = calendarOf(cancellation);
  t.equal(gone.method, 'CANCEL');
  t.same(gone.mimeMethods, ['CANCEL']);
  t.equal(gone.uid, cal.uid);
  t.equal(gone.sequence, 2, 'above the update');
  t.equal(gone.status, 'CANCELLED', 'the whole session is called off');

  const read = readWithLibical([invitation, update, cancellation].map(calendarText));
  t.same(
    read.map((c) => [c.method, c.restrictionsHold, c.events[0]?.uid, c.events[0]?.sequence]),
    [
      ['REQUEST', true, cal.uid, 0],
      ['REQUEST', true, cal.uid, 1],
      ['CANCEL', true, cal.uid, 2],
    ],
    'libical reads the three as iTIP allows',
  );
  t.same(
    app.db.$client.prepare("select action from audit_log where action like 'attendance.%'").all(),
    [{ action: 'attendance.register' }],
    'the registration is audited',
  );
});

t.test(
  'an attendee who leaves the line-up, taken off it or declining, keeps the session in their calendar',
  async (t) => {
    const test = await setUp(t);
    const { app } = test;
    const april = test.seeded.april;
    const uid = test.uidOf(april);
    for (const email of ['ana@example.org', 'jean@example.org']) {
      addPerson(app.db, test.clock, { email, country: email.startsWith('ana') ? 'AR' : 'RW' });
      const registered = await app.inject({
        method: 'POST',
        url: `/api/sessions/${april}/attendance`,
        headers: test.as(email),
      });
      t.equal(registered.statusCode, 201);
    }
    await test.next(2);
    const lineup = {
      focal: { country: 'AR', people: [{ email: 'ana@example.org' }] },
      discussant: { country: 'RW', people: [{ email: 'jean@example.org' }] },
    };
    t.equal((await setLineup(test, april, lineup)).statusCode, 200);
    await app.inject({ method: 'POST', url: `/api/sessions/${april}/invitations`, headers: test.as(CHAIR) });
    const invitations = await test.next(2);
    t.same(
      invitations.map((m) => calendarOf(m).sequence),
      [1, 1],
      'the role’s copy replaces the attendee’s',
    );

    // Ana is taken off the line-up: the role's CANCEL, then her attendee's invitation back.
    t.equal((await setLineup(test, april, { ...lineup, focal: { country: 'AR', people: [] } })).statusCode, 200);
    const ana = await test.next(2);
    t.same(
      ana.map((m) => [m.envelopeTo[0], calendarOf(m).method, calendarOf(m).sequence, calendarOf(m).uid]),
      [
        ['ana@example.org', 'CANCEL', 2, uid],
        ['ana@example.org', 'REQUEST', 3, uid],
      ],
    );
    t.equal(calendarOf(ana[1] as Received).attendee?.getParameter('role'), 'OPT-PARTICIPANT', 'as an attendee');
    t.same(
      readWithLibical(ana.map(calendarText)).map((c) => [c.method, c.restrictionsHold, c.events[0]?.sequence]),
      [
        ['CANCEL', true, 2],
        ['REQUEST', true, 3],
      ],
      'libical reads both as iTIP allows: the later one, a REQUEST, is what the calendar holds',
    );

    // Jean declines his role from his invitation's link: the same.
    const assignment = app.db.select().from(roleAssignments).where(eq(roleAssignments.role, 'discussant')).get();
    if (!assignment) throw new Error('no discussant');
    const link = new URL(replyLink(app.config, assignment, 'decline'));
    const declined = await app.inject({
      method: 'POST',
      url: link.pathname,
      payload: new URLSearchParams({ token: link.searchParams.get('token') ?? '' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    t.equal(declined.statusCode, 303, declined.body);
    const jean = (await test.next(3)).filter((m) => m.envelopeTo[0] === 'jean@example.org');
    t.same(
      jean.map((m) => [calendarOf(m).method, calendarOf(m).sequence]),
      [
        ['CANCEL', 3],
        ['REQUEST', 4],
      ],
      'each above the highest SEQUENCE sent for the session',
    );

    // Nothing more on the next pass: each holds the session once.
    await test.deliver();
    t.same(
      outboxRows(app.db)
        .filter((r) => r.kind === 'attendance_invitation')
        .map((r) => r.to_email),
      ['ana@example.org', 'jean@example.org', 'ana@example.org', 'jean@example.org'],
    );
  },
);

t.test('a signed-in person registers, unregisters and is reminded; a role holder gets no second copy', async (t) => {
  const test = await setUp(t);
  const { app } = test;
  addPerson(app.db, test.clock, { email: 'lia@example.org', name: 'Lia Costa', country: 'BR', language: 'pt' });
  const lia = test.as('lia@example.org');
  const first = await app.inject({ method: 'POST', url: `/api/sessions/${test.seeded.june}/attendance`, headers: lia });
  t.equal(first.statusCode, 201);
  t.same(json(first), { sessionId: test.seeded.june, registered: true, registeredAt: '2027-03-01T09:00:00.000Z' });
  const again = await app.inject({ method: 'POST', url: `/api/sessions/${test.seeded.june}/attendance`, headers: lia });
  t.equal(again.statusCode, 200, 'registering again changes nothing');
  const [invitation] = await test.next(1);
  t.equal(invitation?.parsed.subject, 'Inscrição confirmada: “Health Information Systems and SP”, 30 de junho');
  t.equal(calendarOf(invitation as Received).attendee?.getParameter('role'), 'OPT-PARTICIPANT');

  const left = await app.inject({
    method: 'DELETE',
    url: `/api/sessions/${test.seeded.june}/attendance`,
    headers: lia,
  });
  t.equal(left.statusCode, 204);
  const [withdrawal] = await test.next(1);
  t.equal(withdrawal?.parsed.subject, 'Inscrição cancelada: “Health Information Systems and SP”');
  const out = calendarOf(withdrawal as Received);
  t.equal(out.method, 'CANCEL');
  t.equal(out.sequence, 1, 'above the copy she held');
  t.equal(out.status, null, 'her copy only: the session is not called off');
  const state = await app.inject({ url: `/api/sessions/${test.seeded.june}/attendance`, headers: lia });
  t.same(json(state), { sessionId: test.seeded.june, registered: false, registeredAt: null });

  // Registered again, for the whole series: April and June are ahead.
  const all = await app.inject({ method: 'POST', url: `/api/series/${test.seeded.seriesId}/attendance`, headers: lia });
  t.equal(all.statusCode, 201);
  t.same(
    json(all).sessions.map((s: { sessionId: string }) => s.sessionId),
    [test.seeded.april, test.seeded.june],
    'every session still ahead',
  );
  const invitations = await test.next(2);
  t.same(
    invitations.map((m) => calendarOf(m).sequence),
    [0, 2],
    "each copy above anything she held of that event (June's third message)",
  );

  // A week before June 30 (14:00 Nairobi), the reminder; a second pass sends nothing more.
  test.clock.set('2027-06-23T12:00:00Z');
  const reminders = await test.next(1);
  t.equal(
    reminders[0]?.parsed.subject,
    'Lembrete: “Health Information Systems and SP” dentro de 7 dias, a 30 de junho',
  );
  t.equal(reminders[0]?.parsed.attachments.length, 0, 'no calendar part');
  await test.deliver();
  t.equal(
    outboxRows(app.db).filter((r) => r.kind === 'attendance_reminder').length,
    1,
    'one reminder for the week before',
  );

  const closed = await app.inject({
    method: 'POST',
    url: `/api/sessions/${test.seeded.april}/attendance`,
    headers: lia,
  });
  t.equal(closed.statusCode, 409, 'April has passed: its registration is closed');
  const late = await app.inject({
    method: 'DELETE',
    url: `/api/sessions/${test.seeded.april}/attendance`,
    headers: lia,
  });
  t.equal(late.statusCode, 409, 'unregistering closes when the session starts');
  t.equal(json(late).error, 'registration_closed');
});

t.test('registration is refused where it makes no sense', async (t) => {
  const test = await setUp(t);
  const { app } = test;
  const who = test.as('kim@example.org');
  const alternate = await app.inject({
    method: 'POST',
    url: `/api/sessions/${test.seeded.alternate}/attendance`,
    headers: who,
  });
  t.equal(alternate.statusCode, 409);
  t.equal(json(alternate).error, 'session_not_scheduled');
  const cancelled = await app.inject({
    method: 'POST',
    url: `/api/sessions/${test.seeded.cancelled}/attendance`,
    headers: who,
  });
  t.equal(cancelled.statusCode, 409);
  t.equal(json(cancelled).error, 'session_cancelled');
  const anonymous = await app.inject({ method: 'POST', url: `/api/sessions/${test.seeded.june}/attendance` });
  t.equal(anonymous.statusCode, 401);
  const unknown = await app.inject({ method: 'POST', url: '/api/sessions/nope/attendance', headers: who });
  t.equal(unknown.statusCode, 404);
  test.clock.set('2027-06-30T11:00:00Z');
  const started = await app.inject({
    method: 'POST',
    url: `/api/sessions/${test.seeded.june}/attendance`,
    headers: who,
  });
  t.equal(started.statusCode, 409);
  t.same(json(started), {
    error: 'registration_closed',
    message:
      'Registration for "Health Information Systems and SP" closed when the session started (2027-06-30T11:00:00.000Z).',
    details: { sessionId: test.seeded.june, startsAt: '2027-06-30T11:00:00.000Z' },
  });
  const none = await app.inject({
    method: 'POST',
    url: `/api/series/${test.seeded.seriesId}/attendance`,
    headers: who,
  });
  t.equal(none.statusCode, 409);
  t.equal(json(none).error, 'no_session_open');

  const contact = addContact(app.db, test.clock, test.seeded.seriesId, { email: 'x@example.org' });
  const forged = await app.inject({ url: `/api/attend/${contact}?token=forged` });
  t.equal(forged.statusCode, 404, 'a link this service did not sign');
  t.equal(outboxRows(app.db).filter((r) => r.kind.startsWith('attendance')).length, 0, 'nothing was sent');
});

t.test(
  'a role holder who registers keeps the copy of their role, one update when the session moves, and one reminder',
  async (t) => {
    const test = await setUp(t);
    const { app } = test;
    addPerson(app.db, test.clock, { email: 'ana@example.org', name: 'Ana Gómez', country: 'AR' });
    await app.inject({
      method: 'PUT',
      url: `/api/sessions/${test.seeded.april}/roles`,
      headers: test.as(CHAIR),
      payload: { focal: { country: 'AR', people: [{ email: 'ana@example.org' }] } },
    });
    await app.inject({
      method: 'POST',
      url: `/api/sessions/${test.seeded.april}/invitations`,
      headers: test.as(CHAIR),
    });
    await test.next(1);
    const res = await app.inject({
      method: 'POST',
      url: `/api/sessions/${test.seeded.april}/attendance`,
      headers: test.as('ana@example.org'),
    });
    t.equal(res.statusCode, 201);
    await app.inject({
      method: 'PATCH',
      url: `/api/sessions/${test.seeded.april}`,
      headers: test.as(CHAIR),
      payload: { startsAt: '2027-05-05T14:00' },
    });
    await test.deliver();
    t.same(
      outboxRows(app.db).map((r) => r.kind),
      ['invitation', 'invitation_update'],
      'no attendee invitation, and one update: the role’s',
    );
    // A week before the new time (14:00 Nairobi, 11:00 UTC), the role's reminder and no attendee's.
    test.clock.set('2027-04-28T12:00:00Z');
    await test.deliver();
    t.same(
      outboxRows(app.db).map((r) => r.kind),
      ['invitation', 'invitation_update', 'session_reminder'],
      'one reminder: the role’s',
    );
  },
);
