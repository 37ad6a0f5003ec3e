// The chair's preparatory call end to end: who is invited (the session's chair and the focal and
// discussant people; not co-bloggers, not the supporting chair, not anyone who declined), the
// calendar read back through a real SMTP server by an independent parser (ical.js), updates with
// the same UID and a higher SEQUENCE, the cancellation, and every refusal in its order. Run with
// the process in America/St_Johns (UTC−2:30 / −3:30): neither UTC nor the series' Africa/Kigali.
import t, { type Test } from 'tap';
import { calendarOf } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, json } from '../helper.js';
import { addPerson, buildMailApp, type MailTestApp, type Received, startSmtpServer } from '../mail/helper.js';

const to = (mail: Received) => mail.envelopeTo[0] ?? '';
const byRecipient = (mails: Received[]) => [...mails].sort((a, b) => to(a).localeCompare(to(b)));
const recipients = (mails: Received[]) => mails.map(to).sort();

const lineup = {
  chair: { email: 'kofi@example.org', name: 'Kofi Mensah', country: 'GH' },
  supportingChair: { email: CHAIR },
  focal: {
    country: 'AR',
    people: [
      { email: 'ana@example.org', name: 'Ana Gómez' },
      { email: 'luis@example.org', name: 'Luis Pérez' },
    ],
  },
  discussant: {
    country: 'RW',
    people: [
      { email: 'jean@example.org', name: 'Jean Uwase' },
      { email: 'marie@example.org', name: 'Marie Mukamana' },
    ],
  },
  coBloggers: [{ email: 'mei@example.org', name: 'Mei Tran' }],
};

/**
 * Who the first call goes to: the chair, the supporting chair who helps prepare it, both focal
 * people and the discussant who did not decline.
 */
const INVITED = ['ana@example.org', CHAIR, 'jean@example.org', 'kofi@example.org', 'luis@example.org'].sort();

const setLineup = (test: MailTestApp, sessionId: string, payload: object) =>
  test.app.inject({ method: 'PUT', url: `/api/sessions/${sessionId}/roles`, headers: test.as(CHAIR), payload });

async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  test.clock.set('2027-03-01T09:00:00Z');
  const series = await createSeries(test, { title: 'Governance for strategic purchasing', timezone: 'Africa/Kigali' });
  // 28 April 2027 at 14:00 in Kigali = 12:00 UTC.
  const session = await createSession(test, series.id, {
    title: 'Implementing RBF in a decentralized setting',
    startsAt: '2027-04-28T14:00',
  });
  // The readers: Ana in Buenos Aires reading Spanish, Jean in Kigali reading French.
  addPerson(test.app.db, test.clock, {
    email: 'ana@example.org',
    name: 'Ana Gómez',
    country: 'AR',
    language: 'es',
    timezone: 'America/Argentina/Buenos_Aires',
  });
  addPerson(test.app.db, test.clock, {
    email: 'jean@example.org',
    name: 'Jean Uwase',
    country: 'RW',
    language: 'fr',
    timezone: 'Africa/Kigali',
  });
  const put = await setLineup(test, session.id, lineup);
  t.equal(put.statusCode, 200, put.body);
  // Marie declined her role: she is never on the call.
  test.app.db.$client
    .prepare(
      "update role_assignments set status = 'declined' where person_id = (select id from people where email = ?)",
    )
    .run('marie@example.org');
  return { smtp, test, series, session };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

const schedule = (s: Setup, payload: object, as: string | null = 'kofi@example.org', sessionId = s.session.id) =>
  s.test.app.inject({
    method: 'POST',
    url: `/api/sessions/${sessionId}/preparatory-call`,
    headers: as ? s.test.as(as) : {},
    payload,
  });

const auditActions = (s: Setup) =>
  (
    s.test.app.db.$client
      .prepare("select action from audit_log where entity_type = 'preparatory_call' order by id")
      .all() as { action: string }[]
  ).map((r) => r.action);

t.test(
  'scheduling invites exactly the chair, the supporting chair and the focal and discussant people, at the exact time',
  async (t) => {
    const s = await setUp(t);
    const { smtp, test, session } = s;
    const created = await schedule(s, {
      startsAt: '2027-04-21T15:00',
      meetingUrl: 'https://meet.example.org/prep-rbf',
    });
    t.equal(created.statusCode, 201, created.body);
    const call = json(created);
    t.same(call, {
      id: call.id,
      sessionId: session.id,
      startsAt: '2027-04-21T13:00:00.000Z', // 15:00 in Kigali
      endsAt: '2027-04-21T13:45:00.000Z', // 45 minutes unless told
      durationMinutes: 45,
      meetingUrl: 'https://meet.example.org/prep-rbf',
      status: 'scheduled',
      invited: 5,
    });

    await test.deliver();
    const mails = byRecipient(await smtp.waitFor(5));
    await test.deliver();
    t.equal(smtp.received.length, 5, 'nothing else is sent');
    t.same(recipients(mails), INVITED, 'the supporting chair too; not the co-blogger, nor who declined');

    const uid = calendarOf(mails[0] as Received).uid;
    t.match(uid, /^prep-call-.+@localhost$/, 'the call has a UID of its own');
    const sessionUid = test.app.db.$client
      .prepare('select calendar_uid from sessions where id = ?')
      .get(session.id) as {
      calendar_uid: string;
    };
    t.not(uid, sessionUid.calendar_uid, 'not the session’s UID');
    for (const mail of mails) {
      const cal = calendarOf(mail);
      const who = to(mail);
      t.equal(cal.method, 'REQUEST', `${who}: METHOD:REQUEST`);
      t.same(cal.mimeMethods, ['REQUEST'], `${who}: MIME method=REQUEST`);
      t.equal(cal.filename, 'invite.ics');
      t.equal(cal.uid, uid, `${who}: the stored UID`);
      t.equal(cal.sequence, 0);
      t.equal(cal.status, 'CONFIRMED');
      t.equal(cal.start, '2027-04-21T13:00:00.000Z', `${who}: DTSTART is 15:00 in Kigali`);
      t.equal(cal.end, '2027-04-21T13:45:00.000Z');
      t.match(cal.organizer, /^mailto:series\+p[\w-]+\.[0-9a-f]{16}@localhost$/i, 'ORGANIZER is MAIL_FROM, tagged');
      t.equal(String(cal.attendee?.getFirstValue()).toLowerCase(), `mailto:${who}`, `${who}: the only ATTENDEE`);
      t.equal(cal.attendee?.getParameter('rsvp'), 'TRUE');
      t.equal(cal.attendee?.getParameter('partstat'), 'NEEDS-ACTION');
    }

    const [ana, supporting, jean, kofi] = mails as [Received, Received, Received, Received, Received];
    // The supporting chair helps prepare the session: invited, and listed with the others.
    t.match(supporting.parsed.text ?? '', 'Supporting chair: Chair Person — you');
    // Ana reads Spanish in Buenos Aires: her time first, then UTC and the series' zone.
    t.match(ana.parsed.subject, /^Reunión preparatoria de la sesión «Implementing RBF in a decentralized setting»/);
    const anaText = ana.parsed.text ?? '';
    t.match(anaText, '10:00 (America/Argentina/Buenos_Aires) · 13:00 UTC · 15:00 Africa/Kigali');
    t.match(anaText, 'https://meet.example.org/prep-rbf');
    t.match(anaText, 'Presentación del país focal');
    t.match(anaText, 'Contexto y pregunta del país comentarista');
    t.match(anaText, 'Kofi Mensah (Ghana)');
    t.match(anaText, 'Apoyo a la presidencia de la sesión: Chair Person');
    t.match(anaText, 'Argentina · Ana Gómez — usted y Luis Pérez');
    t.match(anaText, 'Ruanda · Jean Uwase');
    t.notMatch(anaText, 'Marie', 'who declined is not listed');
    t.notMatch(anaText, 'Mei', 'nor the co-blogger');
    // Jean reads French in Kigali (the series' zone: shown once).
    t.match(jean.parsed.subject, /^Réunion préparatoire de la session/);
    t.match(jean.parsed.text ?? '', 'mercredi 21 avril 2027, 15:00 (Africa/Kigali) · 13:00 UTC');
    t.match(jean.parsed.text ?? '', 'Rwanda · Jean Uwase — vous');
    // The chair is told they convene it.
    t.match(kofi.parsed.text ?? '', 'As the chair of the session “Implementing RBF in a decentralized setting”');

    // GET: the chair, the series chairs, and the focal and discussant people; nobody else.
    const get = (as: string | null) =>
      test.app.inject({ url: `/api/sessions/${session.id}/preparatory-call`, headers: as ? test.as(as) : {} });
    for (const who of [CHAIR, 'kofi@example.org', 'jean@example.org', 'luis@example.org']) {
      const res = await get(who);
      t.equal(res.statusCode, 200, `${who} sees the call`);
      t.same(json(res), call);
    }
    for (const who of ['mei@example.org', 'marie@example.org', 'stranger@example.org']) {
      t.equal((await get(who)).statusCode, 403, `${who} does not`);
    }
    t.equal((await get(null)).statusCode, 401);
    t.same(auditActions(s), ['prep_call.create']);
  },
);

t.test('a change of time updates everyone with the same UID; newcomers are invited; cancel', async (t) => {
  const s = await setUp(t);
  const { smtp, test, session } = s;
  // A series chair may schedule it too.
  const created = await schedule(s, { startsAt: '2027-04-21T15:00', durationMinutes: 60 }, CHAIR);
  t.equal(created.statusCode, 201, created.body);
  const call = json(created);
  await test.deliver();
  const uid = calendarOf((await smtp.waitFor(5))[0] as Received).uid;

  // Sofia joins the focal country after the call went out.
  const withSofia = {
    ...lineup,
    focal: { country: 'AR', people: [...lineup.focal.people, { email: 'sofia@example.org', name: 'Sofía Ruiz' }] },
  };
  t.equal((await setLineup(test, session.id, withSofia)).statusCode, 200);

  const patch = (payload: object, as = 'kofi@example.org') =>
    test.app.inject({
      method: 'PATCH',
      url: `/api/preparatory-calls/${call.id}`,
      headers: test.as(as),
      payload,
    });
  const moved = await patch({ startsAt: '2027-04-22T16:30' });
  t.equal(moved.statusCode, 200, moved.body);
  t.match(json(moved), {
    startsAt: '2027-04-22T14:30:00.000Z',
    endsAt: '2027-04-22T15:30:00.000Z',
    durationMinutes: 60,
    status: 'scheduled',
    invited: 6,
  });
  await test.deliver();
  const second = byRecipient((await smtp.waitFor(11)).slice(5));
  t.same(recipients(second), [...INVITED, 'sofia@example.org'].sort());
  for (const mail of second) {
    const cal = calendarOf(mail);
    const who = to(mail);
    t.equal(cal.method, 'REQUEST', `${who}: REQUEST`);
    t.same(cal.mimeMethods, ['REQUEST']);
    t.equal(cal.uid, uid, `${who}: the same UID`);
    t.equal(cal.sequence, 1, `${who}: a higher SEQUENCE`);
    t.equal(cal.start, '2027-04-22T14:30:00.000Z', `${who}: 16:30 in Kigali`);
    if (who === 'sofia@example.org') t.match(mail.parsed.subject, /^Preparatory call for/, 'Sofia: an invitation');
    else
      t.match(
        mail.parsed.subject,
        /^(Preparatory call changed|Reunión preparatoria modificada|Réunion préparatoire modifiée)/,
      );
  }
  t.match(second.find((m) => to(m) === 'jean@example.org')?.parsed.text ?? '', 'Nouvelle date et heure de la réunion');

  // A new link is what people click: everyone holding the call gets the update, saying so.
  const relinked = await patch({ meetingUrl: 'https://meet.example.org/other' });
  t.equal(relinked.statusCode, 200);
  t.equal(json(relinked).meetingUrl, 'https://meet.example.org/other');
  await test.deliver();
  const relinks = byRecipient((await smtp.waitFor(17)).slice(11));
  t.same(recipients(relinks), [...INVITED, 'sofia@example.org'].sort());
  for (const mail of relinks) {
    const cal = calendarOf(mail);
    t.equal(cal.method, 'REQUEST', `${to(mail)}: REQUEST`);
    t.equal(cal.sequence, 2, `${to(mail)}: SEQUENCE above the move's`);
    t.equal(cal.start, '2027-04-22T14:30:00.000Z', `${to(mail)}: the time stays`);
  }
  const kofiRelink = relinks.find((m) => to(m) === 'kofi@example.org')?.parsed.text ?? '';
  t.ok(kofiRelink.includes('Meeting link: now https://meet.example.org/other'), 'says the link changed');
  t.notOk(kofiRelink.includes('Time: now'), 'and not the time, which stays');

  const cancel = (as = 'kofi@example.org') =>
    test.app.inject({ method: 'POST', url: `/api/preparatory-calls/${call.id}/cancel`, headers: test.as(as) });
  t.equal((await cancel('mei@example.org')).statusCode, 403, 'a co-blogger may not cancel it');
  t.equal((await cancel('ana@example.org')).statusCode, 403, 'nor the focal country');
  const cancelled = await cancel();
  t.equal(cancelled.statusCode, 200);
  t.equal(json(cancelled).status, 'cancelled');
  await test.deliver();
  const third = byRecipient((await smtp.waitFor(23)).slice(17));
  t.same(recipients(third), [...INVITED, 'sofia@example.org'].sort());
  for (const mail of third) {
    const cal = calendarOf(mail);
    const who = to(mail);
    t.equal(cal.method, 'CANCEL', `${who}: METHOD:CANCEL in the file`);
    t.same(cal.mimeMethods, ['CANCEL'], `${who}: and in the MIME part`);
    t.equal(cal.filename, 'cancel.ics');
    t.equal(cal.status, 'CANCELLED');
    t.equal(cal.uid, uid);
    t.equal(cal.sequence, 3, `${who}: SEQUENCE raised again`);
    t.equal(cal.alarms, 0, 'no alarm');
    t.equal(String(cal.attendee?.getFirstValue()).toLowerCase(), `mailto:${who}`);
  }
  t.match(third.find((m) => to(m) === 'ana@example.org')?.parsed.subject ?? '', /^Reunión preparatoria cancelada/);

  t.equal((await cancel()).statusCode, 200, 'cancelling twice changes nothing');
  await test.deliver();
  t.equal(smtp.received.length, 23);
  const late = await patch({ durationMinutes: 30 });
  t.equal(late.statusCode, 409);
  t.equal(json(late).error, 'preparatory_call_cancelled');
  const shown = await test.app.inject({
    url: `/api/sessions/${session.id}/preparatory-call`,
    headers: test.as('jean@example.org'),
  });
  t.equal(json(shown).status, 'cancelled', 'the cancelled call is still shown');

  // After a cancellation a new call can be scheduled: a new event, a new UID.
  const again = await schedule(s, { startsAt: '2027-04-23T10:00' });
  t.equal(again.statusCode, 201);
  t.not(json(again).id, call.id);
  await test.deliver();
  const fourth = await smtp.waitFor(28);
  t.not(calendarOf(fourth[27] as Received).uid, uid, 'a new UID');
  t.equal(calendarOf(fourth[27] as Received).sequence, 0);
  t.same(auditActions(s), [
    'prep_call.create',
    'prep_call.update',
    'prep_call.update',
    'prep_call.cancel',
    'prep_call.create',
  ]);
});

t.test('refusals, in the order 401, 404/403, 400, 409', async (t) => {
  const s = await setUp(t);
  const { test, series } = s;
  const ok = { startsAt: '2027-04-21T15:00' };

  // 401 before anything else; 404 for a session that does not exist; 403 for the others.
  t.equal((await schedule(s, ok, null)).statusCode, 401);
  t.equal((await schedule(s, { startsAt: 'nonsense' }, null, 'nope')).statusCode, 401);
  t.equal((await schedule(s, ok, 'kofi@example.org', 'nope')).statusCode, 404);
  t.equal((await schedule(s, { startsAt: 'nonsense' }, 'kofi@example.org', 'nope')).statusCode, 404);
  for (const who of ['ana@example.org', 'jean@example.org', 'mei@example.org', 'stranger@example.org']) {
    t.equal((await schedule(s, ok, who)).statusCode, 403, `${who} may not schedule it`);
  }
  t.equal((await schedule(s, { startsAt: 'nonsense' }, 'mei@example.org')).statusCode, 403, '403 before 400');

  // 400: the body, the time, the link, and a call that is not before the session.
  for (const [payload, label] of [
    [{ startsAt: 'nonsense' }, 'not a date'],
    [{ startsAt: '2027-02-30T10:00' }, 'no such day'],
    [{}, 'no startsAt'],
    [{ ...ok, durationMinutes: 10 }, 'under 15 minutes'],
    [{ ...ok, durationMinutes: 721 }, 'over 720 minutes'],
    [{ ...ok, durationMinutes: '45' }, 'a string for a number'],
    [{ ...ok, meetingUrl: 'ftp://example.org/x' }, 'not an http(s) link'],
    [{ ...ok, agenda: 'x' }, 'an unknown field'],
    [{ startsAt: '2027-04-28T14:00' }, 'at the session’s start'],
    [{ startsAt: '2027-04-29T09:00' }, 'after the session'],
    [{ startsAt: '2027-04-28T13:30' }, 'ending after the session starts'],
    [{ startsAt: '2027-04-28T13:00', durationMinutes: 90 }, 'too long to end before the session'],
  ] as const) {
    const res = await schedule(s, payload);
    t.equal(res.statusCode, 400, `${label}: ${res.body}`);
    t.equal(json(res).error, 'invalid_request');
  }
  const justBefore = await schedule(s, { startsAt: '2027-04-28T13:15+02:00' });
  t.equal(justBefore.statusCode, 201, 'ending as the session starts is fine (ISO with an offset)');
  t.equal(json(justBefore).startsAt, '2027-04-28T11:15:00.000Z');

  // 409 preparatory_call_exists: change it with PATCH instead.
  const twice = await schedule(s, ok);
  t.equal(twice.statusCode, 409);
  t.equal(json(twice).error, 'preparatory_call_exists');
  t.same(json(twice).details, { id: json(justBefore).id });

  // PATCH and cancel: 401, 404, 403, 400, 409.
  const id = json(justBefore).id;
  const patch = (payload: object, as: string | null = 'kofi@example.org', callId = id) =>
    test.app.inject({
      method: 'PATCH',
      url: `/api/preparatory-calls/${callId}`,
      headers: as ? test.as(as) : {},
      payload,
    });
  t.equal((await patch({ durationMinutes: 30 }, null)).statusCode, 401);
  t.equal((await patch({ durationMinutes: 30 }, 'kofi@example.org', 'nope')).statusCode, 404);
  t.equal(
    (await test.app.inject({ method: 'POST', url: '/api/preparatory-calls/nope/cancel', headers: test.as(CHAIR) }))
      .statusCode,
    404,
  );
  t.equal((await test.app.inject({ method: 'POST', url: `/api/preparatory-calls/${id}/cancel` })).statusCode, 401);
  t.equal((await patch({ durationMinutes: 30 }, 'jean@example.org')).statusCode, 403);
  t.equal((await patch({ durationMinutes: 10 }, 'jean@example.org')).statusCode, 403, '403 before 400');
  t.equal((await patch({})).statusCode, 400, 'nothing to change');
  t.equal((await patch({ durationMinutes: 60 })).statusCode, 400, 'would end after the session starts');
  t.equal((await patch({ startsAt: '2027-05-01T10:00' })).statusCode, 400, 'after the session');
  t.equal((await patch({ durationMinutes: 30 })).statusCode, 200, 'shorter is fine');

  // GET: 401, 404 (no session / no call yet), 403.
  const other = await createSession(test, series.id, { title: 'Health Information Systems and SP' });
  const get = (sessionId: string, as: string | null = CHAIR) =>
    test.app.inject({ url: `/api/sessions/${sessionId}/preparatory-call`, headers: as ? test.as(as) : {} });
  t.equal((await get('nope', null)).statusCode, 401);
  t.equal((await get('nope')).statusCode, 404);
  t.equal((await get(other.id)).statusCode, 404, 'no call yet');
  t.equal((await get(other.id, 'stranger@example.org')).statusCode, 403);

  // 409 nobody_to_invite: no focal or discussant people yet (a chair alone is not enough).
  const empty = await schedule(s, ok, CHAIR, other.id);
  t.equal(empty.statusCode, 409);
  t.equal(json(empty).error, 'nobody_to_invite');
  t.equal((await setLineup(test, other.id, { chair: { email: 'kwame@example.org', country: 'GH' } })).statusCode, 200);
  const chairOnly = await schedule(s, { startsAt: '2027-06-23T15:00' }, 'kwame@example.org', other.id);
  t.equal(chairOnly.statusCode, 409);
  t.equal(json(chairOnly).error, 'nobody_to_invite');
  t.equal(
    (await schedule(s, { startsAt: '2027-07-23T15:00' }, 'kwame@example.org', other.id)).statusCode,
    400,
    '400 before 409',
  );

  // 409 session_cancelled (after the 400s).
  const cancelledSession = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${other.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancelledSession.statusCode, 200);
  const onCancelled = await schedule(s, { startsAt: '2027-06-23T15:00' }, CHAIR, other.id);
  t.equal(onCancelled.statusCode, 409);
  t.equal(json(onCancelled).error, 'session_cancelled');
  t.equal((await schedule(s, { startsAt: 'nonsense' }, CHAIR, other.id)).statusCode, 400, '400 before 409');

  // 409 session_not_scheduled: an alternate topic has no date to prepare for.
  const alternate = await createSession(test, series.id, { title: 'PFM and SP', alternate: true, startsAt: undefined });
  const undated = await schedule(s, ok, CHAIR, alternate.id);
  t.equal(undated.statusCode, 409);
  t.equal(json(undated).error, 'session_not_scheduled');
});

t.test("cancelling the session cancels its preparatory call in everyone's calendar", async (t) => {
  const s = await setUp(t);
  t.equal((await schedule(s, { startsAt: '2027-04-21T10:00' })).statusCode, 201);
  await s.test.deliver();
  await s.smtp.waitFor(INVITED.length);
  const cancelled = await s.test.app.inject({
    method: 'POST',
    url: `/api/sessions/${s.session.id}/cancel`,
    headers: s.test.as(CHAIR),
  });
  t.equal(cancelled.statusCode, 200);
  await s.test.deliver();
  // The session itself was never sent, so only the call is cancelled in calendars.
  const mails = await s.smtp.waitFor(INVITED.length * 2);
  const callCancels = mails.filter(
    (m) => /prep|préparat|prepar/i.test(m.parsed.subject ?? '') && calendarOf(m).method === 'CANCEL',
  );
  t.same(recipients(callCancels), INVITED, 'each person invited to the call gets its cancellation');
  t.same(auditActions(s), ['prep_call.create', 'prep_call.cancel']);
});
