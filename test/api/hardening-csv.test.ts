// A cell a spreadsheet would read as a formula is written with a leading ' in every CSV the
// service produces; any other cell is written as it is.
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { csvOf, spreadsheetSafe } from '../../src/lib/csv.js';
import { build, CHAIR, createSeries, createWorkstream } from '../helper.js';

t.test('a cell beginning with = + - @ tab or CR gets a leading apostrophe', async (t) => {
  t.same(
    ['=1+1', '+33 1 23', '-2', '@SUM(A1)', '\tx', '\rx', 'Ana', '', 'a=b', "'quoted", ' =1'].map(spreadsheetSafe),
    ["'=1+1", "'+33 1 23", "'-2", "'@SUM(A1)", "'\tx", "'\rx", 'Ana', '', 'a=b', "'quoted", ' =1'],
  );
  const csv = csvOf([{ a: '=cmd', b: 'plain' }], ['a', 'b']);
  t.equal(csv, "\uFEFFa,b\n'=cmd,plain\n");
  t.same(parse(csv, { bom: true, relax_quotes: true }), [
    ['a', 'b'],
    ["'=cmd", 'plain'],
  ]);
});

t.test('the interests CSV neutralises formulas in names, organisations and motivations', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const ws = await createWorkstream(test, series.id);
  const answers = [
    ['a@example.org', '=HYPERLINK("http://x.example/","click")', '+organisation', '-motivation'],
    ['b@example.org', '@SUM(1+1)', '-org', 'a tab follows'],
    ['c@example.org', 'Ana', 'Ministry of Health', '=1+1'],
    ['d@example.org', '+Benoît', '@org', 'why, "quoted"'],
  ];
  for (const [email, name, organisation, motivation] of answers) {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(email as string),
      payload: { name, country: 'RW', organisation, motivation, workstreams: [{ id: ws.id }] },
    });
    t.equal(res.statusCode, 201, res.body);
  }
  // Forms and the API trim what they store; a leading tab or CR can only come from older rows.
  const sql = test.app.db.$client;
  sql
    .prepare(
      "update interests set motivation = '\t' || motivation where person_id = (select id from people where email = ?)",
    )
    .run('b@example.org');
  sql
    .prepare(
      'update interests set organisation = char(13) || organisation where person_id = (select id from people where email = ?)',
    )
    .run('c@example.org');
  const csv = await test.app.inject({ url: `/api/series/${series.id}/interests.csv`, headers: test.as(CHAIR) });
  t.equal(csv.statusCode, 200);
  const rows: Record<string, string>[] = parse(csv.body, { bom: true, columns: true });
  t.same(
    rows.map((r) => [r.email, r.name, r.organisation, r.motivation]),
    [
      ['a@example.org', '\'=HYPERLINK("http://x.example/","click")', "'+organisation", "'-motivation"],
      ['b@example.org', "'@SUM(1+1)", "'-org", "'\ta tab follows"],
      ['c@example.org', 'Ana', "'\rMinistry of Health", "'=1+1"],
      ['d@example.org', "'+Benoît", "'@org", 'why, "quoted"'],
    ],
  );
  t.same(
    rows.map((r) => r.workstreams),
    ['Citizen participation', 'Citizen participation', 'Citizen participation', 'Citizen participation'],
    'an ordinary cell stays as it is',
  );
});
