// Accept and decline links belong to one assignment: someone taken off a line-up and put back
// is a new assignment, and the links of the old one are refused with a page that says why.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import t from 'tap';
import { roleAssignments } from '../../db/schema.js';
import { CHAIR, createSeries, createSession, setLineup } from '../helper.js';
import { buildMailApp, type MailTestApp } from '../mail/helper.js';

const MEI = 'mei@example.org';
const lineup = (coBloggers: { email: string; name: string }[]) => ({
  focal: { country: 'AR', people: [{ email: 'ana@example.org', name: 'Ana Gómez' }] },
  coBloggers,
});

/** Delivers what is due and returns the accept links mailed to the address, oldest first. */
async function acceptLinksTo(test: MailTestApp, email: string): Promise<string[]> {
  await test.deliver();
  const dir = test.app.config.mailOutboxDir;
  const found: { at: number; link: string }[] = [];
  for (const name of readdirSync(dir)) {
    const mail = await simpleParser(readFileSync(join(dir, name)));
    const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
    const link = /http:\/\/localhost:3000(\/invitations\/[^/\s]+\/accept\?token=[^\s>"]+)/.exec(mail.text ?? '')?.[1];
    if (to.includes(email) && link) found.push({ at: mail.date?.getTime() ?? 0, link });
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.link))];
}

async function press(test: MailTestApp, link: string) {
  const url = new URL(link, 'http://localhost:3000');
  return test.app.inject({
    method: 'POST',
    url: url.pathname,
    payload: new URLSearchParams({ token: url.searchParams.get('token') ?? '' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

t.test('a removed and re-added person’s old accept link is refused; the new one works', async (t) => {
  const test = await buildMailApp(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  const putRoles = async (body: ReturnType<typeof lineup>) => {
    const res = await setLineup(test, session.id, body);
    t.equal(res.statusCode, 200, res.body);
  };
  const invite = async () => {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/sessions/${session.id}/invitations`,
      headers: test.as(CHAIR),
    });
    t.equal(res.statusCode, 202, res.body);
  };
  const meiStatus = () =>
    test.app.db
      .select()
      .from(roleAssignments)
      .all()
      .find((r) => r.role === 'co_blogger')?.status;

  await putRoles(lineup([{ email: MEI, name: 'Mei Tran' }]));
  await invite();
  const [old] = await acceptLinksTo(test, MEI);
  t.ok(old, 'the first invitation carries an accept link');

  test.clock.advance(60_000);
  await putRoles(lineup([]));
  t.equal(meiStatus(), 'removed');
  test.clock.advance(60_000);
  await putRoles(lineup([{ email: MEI, name: 'Mei Tran' }]));
  await invite();
  const links = await acceptLinksTo(test, MEI);
  t.equal(links.length, 2, 'the new invitation has a link of its own');
  const fresh = links.at(-1) ?? '';
  t.not(fresh, old);
  t.equal(meiStatus(), 'invited');

  const opened = await test.app.inject({ url: old ?? '' });
  t.equal(opened.statusCode, 410);
  t.match(opened.body, /This invitation was replaced; please use the link in the newest email\./);
  const refused = await press(test, old ?? '');
  t.equal(refused.statusCode, 410);
  t.match(refused.body, /This invitation was replaced; please use the link in the newest email\./);
  t.notMatch(refused.body, /<form/, 'no button to press');
  t.equal(meiStatus(), 'invited', 'the old link changed nothing');

  const accepted = await press(test, fresh);
  t.equal(accepted.statusCode, 303);
  t.equal(meiStatus(), 'accepted');
});
