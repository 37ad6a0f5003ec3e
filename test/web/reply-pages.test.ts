// The pages behind an invitation's links: in the site's layout and the invitee's language, where
// the invitation stands, and the other answer one click away.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { outbox, roleAssignments } from '../../db/schema.js';
import { renderMessage } from '../../src/mail/render.js';
import { replyLink } from '../../src/modules/invitations/links.js';
import { build, CHAIR, setLineup } from '../helper.js';
import { addPerson, seedSeries } from '../mail/helper.js';
import { textOf } from './helper.js';

t.test('an invitee accepts, changes their mind from the same page, and sees where things stand', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const s = await seedSeries(test);
  addPerson(test.app.db, test.clock, { email: 'awa@example.org', name: 'Awa', country: 'SN', language: 'fr' });
  await setLineup(test, s.june, { coBloggers: [{ email: 'awa@example.org' }] });
  await test.app.inject({ method: 'POST', url: `/api/sessions/${s.june}/invitations`, headers: test.as(CHAIR) });
  const [assignment] = test.app.db.select().from(roleAssignments).all();
  if (!assignment) throw new Error('no assignment');
  const path = (action: 'accept' | 'decline') => {
    const url = new URL(replyLink(test.app.config, assignment, action));
    return { url: `${url.pathname}${url.search}`, token: url.searchParams.get('token') ?? '' };
  };
  // The answer is a POST that sends the browser on to a GET (reloading it asks nothing again).
  const post = async (action: 'accept' | 'decline') => {
    const answered = await test.app.inject({
      method: 'POST',
      url: `/invitations/${assignment.id}/${action}`,
      payload: `token=${path(action).token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    t.equal(answered.statusCode, 303);
    t.equal(answered.headers.location, `${path(action).url}&done=1`);
    return test.app.inject({ url: String(answered.headers.location) });
  };

  const opened = await test.app.inject({ url: path('accept').url, headers: { 'accept-language': 'en' } });
  t.equal(opened.statusCode, 200);
  t.ok(opened.body.includes('<html lang="fr">'), 'in the invitee’s language, in the site’s layout');
  t.ok(opened.body.includes('<a class="brand" href="/">Indaba</a>'));
  t.ok(textOf(opened.body).includes('Accepter votre rôle de co-rédaction du billet de blog pour «'));
  const accepted = await post('accept');
  t.ok(textOf(accepted.body).includes('Merci'));
  t.ok(accepted.body.includes(`href="${path('decline').url.replace(/&/g, '&amp;')}"`), 'the other answer is offered');

  test.clock.advance(3 * 24 * 3600_000);
  const declined = await post('decline');
  t.equal(declined.statusCode, 200);
  const back = await test.app.inject({ url: path('accept').url });
  t.ok(textOf(back.body).includes('Vous avez décliné le 4 févr. 2027, 09:00 (Africa/Dakar).'), textOf(back.body));
  t.ok(back.body.includes('<button type="submit">Oui, j’accepte</button>'), 'and may accept again');
  t.notOk(back.body.includes('Décliner plutôt'), 'the page of an answer not yet given offers no other');
  const again = await test.app.inject({ url: path('decline').url });
  t.notOk(again.body.includes('<button type="submit">'), 'no button for the answer already given');
  const stale = await test.app.inject({ url: `${path('accept').url}&done=1` });
  t.notOk(textOf(stale.body).includes('Merci'), 'no thanks for an answer that no longer stands');
  t.ok(textOf(again.body).includes('Vous avez changé d’avis ? Accepter plutôt'));
});

t.test('a decline may carry a note and someone to ask instead, shown to the chairs in the alert', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const s = await seedSeries(test);
  addPerson(test.app.db, test.clock, { email: 'kofi@example.org', name: 'Kofi', country: 'GH' });
  await setLineup(test, s.june, { chair: { email: 'kofi@example.org', country: 'GH' } });
  await test.app.inject({ method: 'POST', url: `/api/sessions/${s.june}/invitations`, headers: test.as(CHAIR) });
  const [assignment] = test.app.db.select().from(roleAssignments).all();
  if (!assignment) throw new Error('no assignment');
  const link = new URL(replyLink(test.app.config, assignment, 'decline'));
  const page = await test.app.inject({ url: `${link.pathname}${link.search}` });
  t.ok(page.body.includes('<textarea id="note" name="note"'), 'the decline page asks for a note');
  const body = new URLSearchParams({
    token: link.searchParams.get('token') ?? '',
    note: 'I travel that week.',
    replacement: 'Ama Mensah <ama@example.org>',
  });
  const declined = await test.app.inject({
    method: 'POST',
    url: link.pathname,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.equal(declined.statusCode, 303);
  const [alert] = test.app.db.select().from(outbox).where(eq(outbox.kind, 'decline_alert')).all();
  if (!alert) throw new Error('no alert');
  const mail = renderMessage(alert, { db: test.app.db, config: test.app.config });
  t.ok(mail.text.includes('Their note: I travel that week.'), mail.text);
  t.ok(mail.text.includes('They suggest in their place: Ama Mensah <ama@example.org>'));
});
