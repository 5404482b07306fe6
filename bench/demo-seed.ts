// Demo app at --seed 100000: how long seeding takes, and how long a plain paged fetch of all of it takes. These are
// the figures bench:import compares Ferry's import against. Run: npm run bench:demo-seed [-- COUNT]
import assert from 'node:assert/strict';
import { KEY, startApp } from '../examples/demo-app/test-server.ts';

const COUNT = Number(process.argv[2] ?? 100_000);
const LIMIT = 500;

const cleanups: (() => unknown)[] = [];
try {
  const spawned = performance.now();
  const app = await startApp(
    { after: (fn) => cleanups.push(fn) },
    { args: ['--seed', String(COUNT)], timeoutMs: 300_000 },
  );
  const ready = performance.now() - spawned;
  const seedMs = Number(/seeded \d+ accounts in (\d+) ms/.exec(app.stderr())?.[1]);
  assert.ok(seedMs >= 0, app.stderr());

  const t0 = performance.now();
  let cursor: string | null = null;
  let count = 0;
  let pages = 0;
  let last = '';
  do {
    const res: Response = await fetch(`${app.url}/api/v1/accounts?limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { 'X-Api-Key': KEY },
    });
    assert.equal(res.status, 200);
    const page = (await res.json()) as { data: { id: string }[]; paging: { next_cursor: string | null } };
    for (const a of page.data) {
      assert.ok(a.id > last, 'ascending ids, none twice');
      last = a.id;
    }
    count += page.data.length;
    pages++;
    cursor = page.paging.next_cursor;
  } while (cursor !== null);
  const pageMs = performance.now() - t0;
  assert.equal(count, COUNT);
  assert.equal(pages, Math.ceil(COUNT / LIMIT));
  assert.equal(await app.stop(), 0);

  console.log(
    JSON.stringify({
      seeded: COUNT,
      seedMs: Math.round(seedMs),
      readyMs: Math.round(ready),
      pages,
      pageAllMs: Math.round(pageMs),
      msPerPage: +(pageMs / pages).toFixed(2),
      accountsPerSecond: Math.round(COUNT / (pageMs / 1000)),
    }),
  );
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
