import t from 'tap';
import { loadDemo } from '../../scripts/demo.js';
import { build, json } from '../helper.js';

t.test('programme.txt reads like the call, each role filled or to be decided', async (t) => {
  const test = await build(t, { now: '2026-11-23T09:00:00Z' });
  const { id } = loadDemo(test.app.db, test.clock, test.app.config);
  const res = await test.app.inject({ url: `/series/${id}/programme.txt` });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; charset=utf-8/);
  const lines = res.body.split('\n');
  t.ok(
    lines.includes(
      'End April: Governance for SP: implementing RBF in a decentralized setting (chair tbd, focal country: Argentina, discussant country: tbd, participant co-blogger: tbd)',
    ),
    res.body,
  );
  t.ok(
    lines.includes(
      'End June: Health Information Systems and SP (chair tbd, focal country: tbd, discussant country: tbd, participant co-blogger: tbd)',
    ),
  );
  t.ok(lines.includes('Alternate topics: PFM for strategic purchasing'));
  t.match(res.body, /Expressions of interest by 15 March 2027, 23:59 \(Africa\/Nairobi\)/);

  // Once a line-up is set, the line names it.
  const series = json(await test.app.inject({ url: `/api/series/${id}` }));
  const june = series.sessions[1].id;
  const chairEmail = 'amina.odhiambo@example.org';
  const put = await test.app.inject({
    method: 'PUT',
    url: `/api/sessions/${june}/roles`,
    headers: test.as(chairEmail),
    payload: {
      chair: { email: 'kofi@example.org', name: 'Kofi Mensah', country: 'GH' },
      focal: { country: 'RW' },
      discussant: { country: 'KE' },
      coBloggers: [
        { email: 'mei@example.org', name: 'Mei Tran' },
        { email: 'ines@example.org', name: 'Inês Costa' },
      ],
    },
  });
  t.equal(put.statusCode, 200);
  const after = (await test.app.inject({ url: `/series/${id}/programme.txt` })).body;
  t.match(
    after,
    'End June: Health Information Systems and SP (chair Kofi Mensah (Ghana), focal country: Rwanda, discussant country: Kenya, participant co-blogger: Mei Tran, Inês Costa)',
  );
  t.equal((await test.app.inject({ url: '/series/nope/programme.txt' })).statusCode, 404);
});
