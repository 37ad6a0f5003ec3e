import t from 'tap';
import { type Lineup, type LineupContext, lineupConflict, lineupWarnings } from '../../src/domain/roles.js';
import { issueText, withMessage } from '../../src/i18n/issues.js';

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
  const params = cases.map(([, lineup]) => lineupConflict(lineup, context()));
  t.same(params, [
    { code: 'same_country', params: { country: 'AR' } },
    { code: 'not_series_chair', params: { name: 'ana' } },
    { code: 'too_many_co_bloggers', params: { max: 3, n: 4 } },
    { code: 'country_already_focal', params: { country: 'RW', session: 'Second session' } },
  ]);
  t.same(
    params.map((p) => p && withMessage('conflict', p).message),
    [
      'Argentina cannot be both the focal and the discussant country of a session.',
      'ana is not a chair of this series; the supporting chair must be one.',
      'A session has at most 3 co-bloggers; 4 were given.',
      'Rwanda is already the focal country of "Second session"; each country presents once in a series.',
    ],
    'the API words them in English',
  );
  t.equal(
    params[3] && issueText('fr', 'conflict', params[3]),
    'Rwanda est déjà pays focal de «\u00a0Second session\u00a0»\u00a0: chaque pays présente une seule fois par série.',
    'a page words them in its reader’s language, the country named in it',
  );
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
    const english = (code: string) => {
      const warning = warnings.find((w) => w.code === code);
      return warning && withMessage('warning', warning).message;
    };
    t.equal(english('role_not_requested'), 'kofi did not ask to be chair.');
    t.same(warnings.find((w) => w.code === 'person_holds_two_roles')?.params, {
      name: 'kofi',
      n: 2,
      roles: ['chair', 'discussant'],
    });
    t.equal(english('person_holds_two_roles'), 'kofi holds 2 roles in this session: chair and discussant country.');
    t.equal(english('country_already_discussant'), 'Ghana is also the discussant country of "Second session".');
    const spanish = warnings.find((w) => w.code === 'person_holds_two_roles');
    t.equal(
      spanish && issueText('es', 'warning', spanish),
      'kofi tiene 2 funciones en esta sesión: presidencia de la sesión y país comentarista.',
    );
    const mismatch = lineupWarnings({ ...empty, focal: { country: 'AR', people: [person('ana', 'RW')] } }, context());
    t.same(
      mismatch.map((w) => w.code),
      ['country_mismatch'],
    );
  },
);
