import t from 'tap';
import { type Lineup, type LineupContext, lineupConflict, lineupWarnings } from '../../src/domain/roles.js';

const person = (id: string, country: string | null = null) => ({ personId: id, label: id, country });
const empty: Lineup = { chair: null, supportingChair: null, focal: null, discussant: null, coBloggers: [] };
const context = (overrides: Partial<LineupContext> = {}): LineupContext => ({
  sessionId: 's1',
  seriesChairIds: new Set(['sc']),
  otherSessions: [{ id: 's2', title: 'Second session', focalCountry: 'RW', discussantCountry: 'GH' }],
  interests: new Map([
    ['ana', { roles: ['focal'], sessionIds: ['s1'] }],
    ['kofi', { roles: ['discussant', 'co_blogger'], sessionIds: ['s1'] }],
    ['mei', { roles: ['co_blogger'], sessionIds: ['s2'] }],
  ]),
  countryName: (code) => ({ AR: 'Argentina', RW: 'Rwanda', GH: 'Ghana' })[code] ?? code,
  ...overrides,
});

t.test('an empty line-up (everything to be decided) breaks no rule and raises no warning', async (t) => {
  t.equal(lineupConflict(empty, context()), null);
  t.same(lineupWarnings(empty, context()), []);
});

t.test('each 409 rule, by its code', async (t) => {
  const cases: [string, Lineup][] = [
    ['same_country', { ...empty, focal: { country: 'AR', people: [] }, discussant: { country: 'AR', people: [] } }],
    ['not_series_chair', { ...empty, supportingChair: person('ana') }],
    ['too_many_co_bloggers', { ...empty, coBloggers: ['a', 'b', 'c', 'd'].map((id) => person(id)) }],
    ['country_already_focal', { ...empty, focal: { country: 'RW', people: [] } }],
  ];
  for (const [code, lineup] of cases) {
    const problem = lineupConflict(lineup, context());
    t.equal(problem?.code, code);
    t.type(problem?.message, 'string');
  }
  t.match(lineupConflict(cases[3]?.[1] as Lineup, context())?.message, /Rwanda.*"Second session"/);
  t.equal(
    lineupConflict({ ...empty, coBloggers: ['a', 'b', 'c'].map((id) => person(id)) }, context()),
    null,
    'three is fine',
  );
  t.equal(lineupConflict({ ...empty, supportingChair: person('sc') }, context()), null);
  const cancelledElsewhere = context({ otherSessions: [] });
  t.equal(lineupConflict({ ...empty, focal: { country: 'RW', people: [] } }, cancelledElsewhere), null);
});

t.test(
  'warnings: a role not asked for, a session not chosen, two roles, a discussant twice, a country mismatch',
  async (t) => {
    const lineup: Lineup = {
      chair: { ...person('kofi', 'GH'), chairCountry: 'GH' },
      supportingChair: person('sc'),
      focal: { country: 'AR', people: [person('ana', 'AR')] },
      discussant: { country: 'GH', people: [person('kofi', 'GH')] },
      coBloggers: [person('mei'), person('stranger')],
    };
    const codes = lineupWarnings(lineup, context())
      .map((w) => w.code)
      .sort();
    t.same(codes, [
      'country_already_discussant',
      'no_interest',
      'person_holds_two_roles',
      'role_not_requested',
      'session_not_requested',
    ]);
    const warnings = lineupWarnings(lineup, context());
    t.match(warnings.find((w) => w.code === 'role_not_requested')?.message, /kofi did not ask to be chair/);
    t.match(warnings.find((w) => w.code === 'person_holds_two_roles')?.message, /kofi holds 2 roles/);
    t.match(warnings.find((w) => w.code === 'country_already_discussant')?.message, /Ghana.*"Second session"/);
    const mismatch = lineupWarnings({ ...empty, focal: { country: 'AR', people: [person('ana', 'RW')] } }, context());
    t.same(
      mismatch.map((w) => w.code),
      ['country_mismatch'],
    );
  },
);
