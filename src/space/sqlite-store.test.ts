import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSpaceStore } from './sqlite-store.ts';
import { MIGRATIONS } from './sqlite-schema.ts';
import { preparePage } from './attribute-values.ts';
import { runSpaceStoreContract, type StoreFixture } from '../test-support/store-contract.ts';
import { runLogStoreContract } from '../test-support/log-store-contract.ts';
import { SqliteLogActivity } from './sqlite-log-activity.ts';
import { FerryError } from '../errors/catalogue.ts';

/** A store in a fresh temp folder; the file sits in a sub-folder that open() must create. */
async function fixture(): Promise<
  StoreFixture & { file: string; store: SqliteSpaceStore; reopen(): Promise<SqliteSpaceStore> }
> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-space-'));
  const file = join(dir, 'data', 'space.db');
  let current = SqliteSpaceStore.open(file);
  return {
    file,
    store: current,
    reopen: async () => (current = SqliteSpaceStore.open(file)),
    cleanup: async () => {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

runSpaceStoreContract('SQLite', fixture);
runSpaceStoreContract('SQLite with the writer thread', async () => {
  const fx = await fixture();
  fx.store.useWriterThread();
  return { ...fx, reopen: undefined };
});
runLogStoreContract('SQLite', async () => {
  const fx = await fixture();
  return { ...fx, activity: () => new SqliteLogActivity(fx.file) };
});

test('open creates the folder, uses WAL and records the schema version', async () => {
  const fx = await fixture();
  try {
    assert.ok(existsSync(fx.file));
    await fx.store.close();
    const db = new Database(fx.file, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(
      (db.prepare('SELECT version FROM schema_version').get() as { version: number }).version,
      MIGRATIONS.length,
    );
    db.close();
    // Reopening an up-to-date database migrates nothing and keeps working.
    const again = await fx.reopen!();
    assert.equal(await again.count('c', 'User'), 0);
  } finally {
    await fx.cleanup();
  }
});

test('a database from a newer schema is refused', async () => {
  const fx = await fixture();
  try {
    await fx.store.close();
    const db = new Database(fx.file);
    db.prepare('UPDATE schema_version SET version = ?').run(MIGRATIONS.length + 1);
    db.close();
    assert.throws(() => SqliteSpaceStore.open(fx.file), /schema version/);
  } finally {
    await fx.cleanup();
  }
});

test('20,000 objects upsert in pages of 500; lookups stay right after indexed values change', async () => {
  const fx = await fixture();
  const { store } = fx;
  try {
    const N = 20_000;
    const page = (from: number, suffix: string) =>
      Array.from({ length: 500 }, (_, i) => {
        const n = from + i;
        return {
          anchor: `id-${String(n).padStart(6, '0')}`,
          dn: `CN=user${n}`,
          attributes: {
            id: `id-${n}`,
            userName: `user${n}${suffix}@example.com`,
            emails: [`u${n}@x.org`],
            department: `dep${n % 20}`,
            active: true,
          },
        };
      });
    const gen = await store.beginFullImport('hr', 'User');
    let added = 0;
    for (let from = 0; from < N; from += 500)
      added += (await store.upsertPage('hr', 'User', gen, page(from, ''))).added;
    assert.equal(added, N);
    assert.equal(await store.finishFullImport('hr', 'User', gen), 0);
    assert.equal(await store.count('hr', 'User'), N);
    assert.equal((await store.findByAttribute('hr', 'User', 'department', 'DEP7')).length, N / 20);

    // A re-import: the first 1,000 changed their userName, the rest are unchanged.
    const gen2 = await store.beginFullImport('hr', 'User');
    const totals = { added: 0, updated: 0, unchanged: 0 };
    for (let from = 0; from < N; from += 500) {
      const r = await store.upsertPage('hr', 'User', gen2, page(from, from < 1000 ? '.renamed' : ''));
      totals.added += r.added;
      totals.updated += r.updated;
      totals.unchanged += r.unchanged;
    }
    assert.deepEqual(totals, { added: 0, updated: 1000, unchanged: N - 1000 });
    assert.equal(await store.finishFullImport('hr', 'User', gen2), 0);
    assert.deepEqual(await store.findByAttribute('hr', 'User', 'userName', 'user5@example.com'), []);
    const [hit] = await store.findByAttribute('hr', 'User', 'userName', 'USER5.renamed@example.com');
    assert.equal(hit?.anchor, 'id-000005');
    assert.equal(hit?.version, 2);
    assert.equal((await store.findByAttribute('hr', 'User', 'userName', 'user19999@example.com'))[0]?.version, 1);

    // The hot path: one indexed lookup. Generous bound so a loaded CI machine does not flake.
    const t0 = performance.now();
    const rounds = 5000;
    for (let i = 0; i < rounds; i++) {
      const n = (i * 7919) % N;
      const found = await store.findByAttribute('hr', 'User', 'emails', `U${n}@x.org`);
      assert.equal(found.length, 1);
    }
    const perLookupMs = (performance.now() - t0) / rounds;
    // Indexed: ~0.02 ms. A scan of the 20,000 objects would take several ms; the bound is loose for loaded machines.
    assert.ok(perLookupMs < 2, `findByAttribute took ${perLookupMs.toFixed(4)} ms`);
  } finally {
    await fx.cleanup();
  }
});

test('rename of a missing object or onto a taken anchor rejects', async () => {
  const fx = await fixture();
  try {
    await fx.store.put('c', 'User', 'a', 'a', {});
    await fx.store.put('c', 'User', 'b', 'b', {});
    await assert.rejects(
      fx.store.rename('c', 'User', 'zz', 'y', 'y'),
      (e: unknown) => e instanceof FerryError && e.code === 'not_found',
    );
    await assert.rejects(
      fx.store.rename('c', 'User', 'a', 'b', 'b'),
      (e: unknown) => e instanceof FerryError && e.code === 'uniqueness',
    );
    assert.ok(await fx.store.get('c', 'User', 'a'));
  } finally {
    await fx.cleanup();
  }
});

test('finishing a superseded full import removes nothing', async () => {
  const fx = await fixture();
  try {
    await fx.store.put('c', 'User', 'a', 'a', {});
    const old = await fx.store.beginFullImport('c', 'User');
    const newer = await fx.store.beginFullImport('c', 'User');
    await fx.store.upsertPage('c', 'User', newer, [{ anchor: 'b', dn: 'b', attributes: {} }]);
    await assert.rejects(fx.store.finishFullImport('c', 'User', old), /superseded/);
    assert.equal(await fx.store.count('c', 'User'), 2);
    assert.equal(await fx.store.finishFullImport('c', 'User', newer), 1);
  } finally {
    await fx.cleanup();
  }
});

test('an in-memory store works for tests', async () => {
  const store = SqliteSpaceStore.open(':memory:');
  await store.put('c', 'User', 'a', 'a', { userName: 'M@x.org' });
  assert.equal((await store.findByAttribute('c', 'User', 'userName', 'm@x.org')).length, 1);
  await store.close();
  await store.close();
});

test('large import pages go through the writer thread, and the main connection sees them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-writer-'));
  const store = SqliteSpaceStore.open(join(dir, 'space.db'));
  try {
    store.useWriterThread();
    await store.configureIndex('C', 'U', ['login']);
    const g = await store.beginFullImport('C', 'U');
    const page = Array.from({ length: 300 }, (_, i) => ({
      anchor: `a${i}`,
      dn: `CN=a${i}`,
      attributes: { login: `user${i}`, city: 'X' },
    }));
    assert.deepEqual(await store.upsertPage('C', 'U', g, page), { added: 300, updated: 0, unchanged: 0 });
    assert.equal(await store.count('C', 'U'), 300);
    assert.equal((await store.findByAttribute('C', 'U', 'login', 'USER42'))[0]?.anchor, 'a42');
    assert.equal((await store.findByAttribute('C', 'U', 'city', 'x')).length, 0, 'the writer follows the index set');
    assert.equal(await store.finishFullImport('C', 'U', g), 0);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch of prepared pages is written in one transaction: all or none', async () => {
  const fx = await fixture();
  try {
    const page = (from: number, n: number) =>
      preparePage(
        Array.from({ length: n }, (_, i) => ({
          anchor: `u${from + i}`,
          dn: `CN=u${from + i}`,
          attributes: { id: `u${from + i}`, login: `user${from + i}` },
        })),
      );
    const gen = await fx.store.beginFullImport('c', 'User');
    const write = (p: ReturnType<typeof page>, generation = gen) => ({
      connector: 'c',
      objectType: 'User',
      generation,
      page: p,
    });
    assert.deepEqual(fx.store.upsertPreparedBatch([write(page(0, 3)), write(page(3, 2))]), [
      { added: 3, updated: 0, unchanged: 0 },
      { added: 2, updated: 0, unchanged: 0 },
    ]);
    assert.throws(
      () => fx.store.upsertPreparedBatch([write(page(5, 2)), write(page(7, 1), 'not-a-generation')]),
      /generation/,
    );
    assert.equal(await fx.store.count('c', 'User'), 5, 'the failed batch wrote nothing');
    assert.deepEqual(
      (await fx.store.findByAttribute('c', 'User', 'login', 'USER4')).map((o) => o.anchor),
      ['u4'],
    );
  } finally {
    await fx.cleanup();
  }
});

test('migration 3 drops the index rows of attributes that hold their own anchor, and lookups still find them', async () => {
  const fx = await fixture();
  try {
    await fx.store.put('c', 'User', 'acc_1', 'CN=acc_1', { id: 'acc_1', login: 'ann' });
    await fx.store.put('c', 'User', 'ACC_2', 'CN=ACC_2', { id: 'ACC_2', login: 'bob' });
    await fx.store.close();
    // As version 2 wrote it: a row for id = acc_1 too.
    const db = new Database(fx.file);
    const { object, space } = db.prepare("SELECT id AS object, space FROM objects WHERE anchor = 'acc_1'").get() as {
      object: number;
      space: number;
    };
    db.prepare("INSERT INTO attr_index (space, name, value, object) VALUES (?, 'id', 'acc_1', ?)").run(space, object);
    db.prepare('UPDATE schema_version SET version = 2').run();
    db.close();
    const store = await fx.reopen!();
    const rows = (sql: string) =>
      (new Database(fx.file, { readonly: true }).prepare(sql).all() as { value: string }[]).map((r) => r.value).sort();
    assert.deepEqual(
      rows("SELECT value FROM attr_index WHERE name = 'id'"),
      ['acc_2'],
      'the upper-case anchor keeps its row',
    );
    assert.deepEqual(
      (await store.findByAttribute('c', 'User', 'id', 'ACC_1')).map((o) => o.anchor),
      ['acc_1'],
    );
    assert.deepEqual(
      (await store.findByAttribute('c', 'User', 'id', 'acc_2')).map((o) => o.anchor),
      ['ACC_2'],
    );
  } finally {
    await fx.cleanup();
  }
});
