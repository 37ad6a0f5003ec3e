import t from 'tap';
import type { LineupInterest, Role } from '../../src/domain/lineup.js';
import { solveLineup } from '../../src/modules/roles/solver.js';

const ROLES: Role[] = ['focal', 'discussant', 'chair', 'co_blogger'];
const COUNTRIES = ['AR', 'BR', 'GH', 'KE', 'RW', 'VN', 'PT', 'FR', 'SN', 'IN'];

function series(sessionCount: number, interestCount: number) {
  const sessions = Array.from({ length: sessionCount }, (_, s) => ({ id: `s${s}`, fixed: {} }));
  const interests: LineupInterest[] = Array.from({ length: interestCount }, (_, i) => ({
    id: `i${i}`,
    personId: `p${i}`,
    country: COUNTRIES[i % COUNTRIES.length]!,
    roles: [ROLES[i % ROLES.length]!],
    sessionIds: [`s${i % sessionCount}`, `s${(i * 7 + 3) % sessionCount}`],
    submittedAt: i,
  }));
  return { sessions, interests, history: new Map() };
}

t.test('the solver answers off the event loop, the same as the pure solver', async (t) => {
  const input = series(12, 200);
  const answer = solveLineup(input);
  let settled = false;
  void answer.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(settled, false, 'the event loop ran before the answer came');
  const { suggestLineup } = await import('../../src/domain/lineup.js');
  t.same(await answer, suggestLineup(input.sessions, input.interests, input.history));
});

t.test('one run serves every request for the same input, and a changed input is solved anew', async (t) => {
  const input = series(4, 30);
  const first = solveLineup(input);
  const again = solveLineup(series(4, 30));
  t.equal(again, first, 'the same answer, not a second run');
  const changed = solveLineup(series(4, 31));
  t.not(changed, first, 'another run');
  t.equal((await changed).sessions.length, 4);
});

t.test('a solver error reaches the caller, and the next solve works', async (t) => {
  const duplicated = {
    sessions: [
      { id: 's', fixed: {} },
      { id: 's', fixed: {} },
    ],
    interests: [],
    history: new Map(),
  };
  await t.rejects(solveLineup(duplicated), { message: 'suggestLineup: session ids must be unique' });
  const fine = await solveLineup(series(2, 4));
  t.equal(fine.sessions.length, 2);
});
