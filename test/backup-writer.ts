// The service taking writes while a backup runs: a process of its own on the same database file,
// submitting one new person's interest after another until told to stop. After each answer it
// reports how many it has had committed.
import { build, json } from './helper.js';

const [databasePath, seriesId, ...sessionIds] = process.argv.slice(2);
if (!databasePath || !seriesId || !process.send)
  throw new Error('usage: fork(backup-writer.ts, [DATABASE_PATH, seriesId, sessionId…])');

const closers: (() => unknown)[] = [];
const test = await build({ teardown: (fn) => closers.push(fn) }, { config: { databasePath } });
let stopping = false;
process.on('message', (message) => {
  if (message === 'stop') stopping = true;
});

let committed = 0;
while (!stopping) {
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/interests`,
    headers: test.as(`writer-${committed}@example.org`, { name: `Writer ${committed}` }),
    payload: {
      country: 'KE',
      roles: ['discussant', 'co_blogger'],
      sessions: sessionIds,
      motivation: `Written while backing up, ${committed}.`,
    },
  });
  if (res.statusCode !== 201) throw new Error(`interest not taken: ${res.statusCode} ${JSON.stringify(json(res))}`);
  committed += 1;
  process.send({ committed });
}
for (const close of closers) await close();
process.disconnect();
