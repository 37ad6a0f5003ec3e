import t from 'tap';
import { newId } from '../../src/lib/ids.js';

t.test('ids are unique, URL-safe, and later ones sort after earlier ones', async (t) => {
  const ids: string[] = [];
  // Enough to refill the random pool many times over.
  for (let i = 0; i < 20_000; i++) ids.push(newId());
  t.equal(new Set(ids).size, ids.length, 'no id repeats');
  t.ok(
    ids.every((id) => /^[0-9a-z]{9}[A-Za-z0-9_-]{12}$/.test(id)),
    'time prefix, then 72 random bits',
  );
  const earlier = newId();
  await new Promise((resolve) => setTimeout(resolve, 5));
  t.ok(newId() > earlier, 'an id made later sorts after');
  t.ok(
    ids.every((id, i) => i === 0 || id.slice(0, 9) >= (ids[i - 1] as string).slice(0, 9)),
    'in creation order by their time prefix',
  );
});
