// Mail shows times in the reader's zone: the one they chose, else their country's main zone,
// and then it says the zone was estimated from their country. Over a real SMTP conversation.
import t, { type Test } from 'tap';
import { CONFIRMATION_WINDOW_MS } from '../../src/modules/interests/service.js';
import { CHAIR, json } from '../helper.js';
import { buildMailApp, seedSeries, startSmtpServer } from './helper.js';

async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  return { smtp, test, s };
}

// The April session: 28 April 2027, 11:00 UTC (14:00 in Nairobi). The deadline: the end of 15 March
// 2027 in Nairobi, 20:59:59 UTC.
const APRIL = {
  saoPauloEstimated:
    'Wednesday 28 April 2027, 08:00 (America/Sao_Paulo) (estimated from your country) · 11:00 UTC · 14:00 Africa/Nairobi',
  saoPauloChosen: 'Wednesday 28 April 2027, 08:00 (America/Sao_Paulo) · 11:00 UTC · 14:00 Africa/Nairobi',
  manaus: 'Wednesday 28 April 2027, 07:00 (America/Manaus) · 11:00 UTC · 14:00 Africa/Nairobi',
};
const DEADLINE = {
  saoPauloEstimated:
    'Monday 15 March 2027, 17:59 (America/Sao_Paulo) (estimated from your country) · 20:59 UTC · 23:59 Africa/Nairobi',
  saoPauloChosen: 'Monday 15 March 2027, 17:59 (America/Sao_Paulo) · 20:59 UTC · 23:59 Africa/Nairobi',
  torontoEstimated:
    'Monday 15 March 2027, 16:59 (America/Toronto) (estimated from your country) · 20:59 UTC · 23:59 Africa/Nairobi',
  vancouver: 'Monday 15 March 2027, 13:59 (America/Vancouver) · 20:59 UTC · 23:59 Africa/Nairobi',
  kyivFrench: 'lundi 15 mars 2027, 22:59 (Europe/Kyiv) (estimé d’après votre pays) · 20:59 UTC · 23:59 Africa/Nairobi',
  sydneySpanish:
    'martes 16 de marzo de 2027, 07:59 (Australia/Sydney) (estimado a partir de su país) · 20:59 UTC (lun, 15 mar) · 23:59 Africa/Nairobi (lun, 15 mar)',
  moscowPortuguese:
    'segunda-feira, 15 de março de 2027, 23:59 (Europe/Moscow) (estimado a partir do seu país) · 20:59 UTC · 23:59 Africa/Nairobi',
};
const ESTIMATED = '(estimated from your country)';

t.test('the confirmation shows the main zone as an estimate until the person chooses a zone', async (t) => {
  const { smtp, test, s } = await setUp(t);
  const submit = (payload: Record<string, unknown>) =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${s.seriesId}/interests`,
      headers: test.as('ana@example.org'),
      payload: { language: 'en', roles: ['focal'], sessions: [s.april], ...payload },
    });
  const text = async (count: number) => {
    // Confirmations of one interest are at most one per window: wait it out between them.
    if (count > 1) test.clock.advance(CONFIRMATION_WINDOW_MS);
    await test.deliver();
    const mails = await smtp.waitFor(count);
    t.same(mails[count - 1]?.envelopeTo, ['ana@example.org']);
    return mails[count - 1]?.parsed.text ?? '';
  };

  t.equal((await submit({ country: 'BR' })).statusCode, 201);
  const estimated = await text(1);
  t.ok(estimated.includes(APRIL.saoPauloEstimated), 'the session in São Paulo time, said to be estimated');
  t.ok(estimated.includes(DEADLINE.saoPauloEstimated), 'the deadline too');
  t.notOk(estimated.includes('America/Noronha'), "not zone.tab's first row for Brazil");

  // She chooses the very zone that was estimated: now it is hers, and the mail says no more.
  t.equal((await submit({ country: 'BR', timezone: 'America/Sao_Paulo' })).statusCode, 200);
  const chosen = await text(2);
  t.ok(chosen.includes(APRIL.saoPauloChosen), 'the same time');
  t.ok(chosen.includes(DEADLINE.saoPauloChosen));
  t.notOk(chosen.includes(ESTIMATED), 'without the estimate note');

  // A zone chosen in the profile is kept by a later submission that gives none.
  const patched = await test.app.inject({
    method: 'PATCH',
    url: '/api/me',
    headers: test.as('ana@example.org'),
    payload: { timezone: 'America/Manaus' },
  });
  t.equal(json(patched).timezone, 'America/Manaus');
  t.equal((await submit({ country: 'BR' })).statusCode, 200);
  const manaus = await text(3);
  t.ok(manaus.includes(APRIL.manaus), 'in Manaus time');
  t.notOk(manaus.includes(ESTIMATED));
});

t.test("the call: a contact's imported zone, else the main zone with the note, in each language", async (t) => {
  const { smtp, test, s } = await setUp(t);
  const imported = await test.app.inject({
    method: 'POST',
    url: `/api/series/${s.seriesId}/contacts`,
    headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
    payload: [
      'email,country,language,timezone',
      'lee@example.org,CA,en,',
      'sam@example.org,CA,en,America/Vancouver',
      'olena@example.org,UA,fr,',
      'mia@example.org,AU,es,',
      'ivan@example.org,RU,pt,',
      '',
    ].join('\n'),
  });
  t.same(json(imported), { added: 5, updated: 0, total: 5, resubscribed: 0 });
  const call = await test.app.inject({
    method: 'POST',
    url: `/api/series/${s.seriesId}/call`,
    headers: test.as(CHAIR),
  });
  t.same(json(call), { queued: 5, unsubscribed: 0 });
  await test.deliver();
  const mails = await smtp.waitFor(5);
  const textTo = (address: string) => mails.find((m) => m.envelopeTo.includes(address))?.parsed.text ?? '';

  t.ok(textTo('lee@example.org').includes(DEADLINE.torontoEstimated), 'Canada: Toronto, estimated');
  t.notOk(textTo('lee@example.org').includes('America/St_Johns'));
  const sam = textTo('sam@example.org');
  t.ok(sam.includes(DEADLINE.vancouver), 'the zone noted in the import, as it is');
  t.notOk(sam.includes(ESTIMATED), 'not an estimate');
  t.ok(textTo('olena@example.org').includes(DEADLINE.kyivFrench), 'Ukraine: Kyiv, in French');
  t.ok(textTo('mia@example.org').includes(DEADLINE.sydneySpanish), 'Australia: Sydney, in Spanish');
  t.ok(textTo('ivan@example.org').includes(DEADLINE.moscowPortuguese), 'Russia: Moscow, in Portuguese');
});
