// The behaviour every SpaceStore backend must show, as a node:test suite a backend's test file runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Attributes } from '../connector/types.ts';
import type { SpaceStore } from '../space/store.ts';

/** A store under test and how to dispose of it. */
export interface StoreFixture {
  store: SpaceStore;
  /** Closes the (latest) store and deletes its data. */
  cleanup(): Promise<void>;
  /**
   * Opens a new store over the same data, after the suite closed `store`. Without it the
   * persistence test is skipped (e.g. for an in-memory backend).
   */
  reopen?(): Promise<SpaceStore>;
}

const C = 'hr';
const U = 'User';

/** Runs the shared SpaceStore contract suite against a backend. */
export function runSpaceStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  /** Runs a test body with a fresh store, always cleaning up. */
  const withStore = (fn: (store: SpaceStore, fx: StoreFixture) => Promise<void>) => async () => {
    const fx = await makeStore();
    try {
      await fn(fx.store, fx);
    } finally {
      await fx.cleanup();
    }
  };

  describe(`SpaceStore contract: ${name}`, () => {
    test(
      'put then get; a second put bumps the version and keeps created',
      withStore(async (store) => {
        assert.equal(await store.get(C, U, 'u1'), undefined);
        const first = await store.put(C, U, 'u1', 'CN=u1', { id: 'u1', userName: 'alice' });
        assert.equal(first.version, 1);
        assert.equal(first.created, first.modified);
        assert.deepEqual(first.attributes, { id: 'u1', userName: 'alice' });
        const got = await store.get(C, U, 'u1');
        assert.deepEqual(got, first);
        const second = await store.put(C, U, 'u1', 'CN=u1b', { id: 'u1', userName: 'alice2', tags: ['a', 'b'] });
        assert.equal(second.version, 2);
        assert.equal(second.created, first.created);
        const again = await store.get(C, U, 'u1');
        assert.equal(again?.dn, 'CN=u1b');
        assert.equal(again?.version, 2);
        assert.deepEqual(again?.attributes, { id: 'u1', userName: 'alice2', tags: ['a', 'b'] });
        assert.equal(again?.connector, C);
        assert.equal(again?.objectType, U);
      }),
    );

    test(
      'findByAttribute ignores case, covers multi-valued, numeric and boolean values and the anchor',
      withStore(async (store) => {
        await store.put(C, U, 'A-1', 'CN=a', {
          id: 'A-1',
          userName: 'Alice@Example.com',
          emails: ['first@x.org', 'Second@X.org'],
          employeeNumber: 42,
          active: true,
        });
        await store.put(C, U, 'B-2', 'CN=b', {
          id: 'B-2',
          userName: 'bob@example.com',
          emails: ['bob@x.org'],
          active: false,
        });
        const anchors = async (n: string, v: string) =>
          (await store.findByAttribute(C, U, n, v)).map((o) => o.anchor).sort();
        assert.deepEqual(await anchors('userName', 'alice@example.COM'), ['A-1']);
        assert.deepEqual(await anchors('emails', 'second@x.org'), ['A-1']);
        assert.deepEqual(await anchors('emails', 'FIRST@X.ORG'), ['A-1']);
        assert.deepEqual(await anchors('employeeNumber', '42'), ['A-1']);
        assert.deepEqual(await anchors('active', 'true'), ['A-1']);
        assert.deepEqual(await anchors('active', 'FALSE'), ['B-2']);
        assert.deepEqual(await anchors('id', 'a-1'), ['A-1']);
        // The value must be in that attribute, of that connector and type.
        assert.deepEqual(await anchors('emails', 'alice@example.com'), []);
        assert.deepEqual(await anchors('userName', 'alice'), []);
        assert.deepEqual(await store.findByAttribute('other', U, 'userName', 'alice@example.com'), []);
        assert.deepEqual(await store.findByAttribute(C, 'Group', 'userName', 'alice@example.com'), []);
        const [hit] = await store.findByAttribute(C, U, 'userName', 'ALICE@example.com');
        assert.deepEqual(hit?.attributes.emails, ['first@x.org', 'Second@X.org']);
        assert.equal(hit?.dn, 'CN=a');
      }),
    );

    test(
      'findByAttribute on an attribute holding the anchor itself follows puts, renames and removals',
      withStore(async (store) => {
        const anchors = async (n: string, v: string) =>
          (await store.findByAttribute(C, U, n, v)).map((o) => o.anchor).sort();
        await store.put(C, U, 'u1', 'CN=u1', { id: 'u1', login: 'ann' });
        await store.put(C, U, 'u2', 'CN=u2', { id: 'u2', login: 'u1' }); // holds the other's anchor: found by value
        assert.deepEqual(await anchors('id', 'U1'), ['u1']);
        assert.deepEqual(await anchors('login', 'u1'), ['u2']);
        assert.deepEqual(await anchors('login', 'u2'), [], 'another attribute does not match the anchor');
        await store.rename(C, U, 'u1', 'u9', 'CN=u9');
        assert.deepEqual(await anchors('id', 'u1'), ['u9'], 'the attribute still holds the old value');
        assert.deepEqual(await anchors('id', 'u9'), []);
        await store.put(C, U, 'u9', 'CN=u9', { id: 'u9', login: 'ann' });
        assert.deepEqual(await anchors('id', 'u9'), ['u9']);
        assert.deepEqual(await anchors('id', 'u1'), []);
        await store.remove(C, U, 'u9');
        assert.deepEqual(await anchors('id', 'u9'), []);
        await store.configureIndex(C, U, ['login']);
        assert.deepEqual(await anchors('id', 'u2'), [], 'not an indexed attribute');
      }),
    );

    test(
      'findByAttribute returns every object holding the value',
      withStore(async (store) => {
        await store.put(C, U, 'a', 'a', { department: 'Sales' });
        await store.put(C, U, 'b', 'b', { department: 'SALES' });
        await store.put(C, U, 'c', 'c', { department: 'R&D' });
        const hits = await store.findByAttribute(C, U, 'department', 'sales');
        assert.deepEqual(hits.map((o) => o.anchor).sort(), ['a', 'b']);
      }),
    );

    test(
      'findByAttribute follows changes, renames and removals',
      withStore(async (store) => {
        await store.put(C, U, 'u1', 'u1', { userName: 'old@x.org' });
        await store.put(C, U, 'u1', 'u1', { userName: 'new@x.org' });
        assert.equal((await store.findByAttribute(C, U, 'userName', 'old@x.org')).length, 0);
        assert.equal((await store.findByAttribute(C, U, 'userName', 'new@x.org')).length, 1);
        await store.rename(C, U, 'u1', 'u9', 'CN=u9');
        assert.deepEqual(
          (await store.findByAttribute(C, U, 'userName', 'new@x.org')).map((o) => o.anchor),
          ['u9'],
        );
        await store.remove(C, U, 'u9');
        assert.equal((await store.findByAttribute(C, U, 'userName', 'new@x.org')).length, 0);
      }),
    );

    test(
      'configureIndex limits what findByAttribute finds, and a changed set rebuilds the index',
      withStore(async (store) => {
        await store.put(C, U, 'a1', 'CN=a1', { login: 'ann', mail: 'ann@x.test', city: 'Paris' });
        await store.configureIndex(C, U, ['login']);
        await store.put(C, U, 'a2', 'CN=a2', { login: 'bob', mail: 'bob@x.test', city: 'Paris' });
        assert.equal((await store.findByAttribute(C, U, 'login', 'BOB')).length, 1);
        assert.equal((await store.findByAttribute(C, U, 'city', 'paris')).length, 0, 'not indexed');
        await store.configureIndex(C, U, ['login', 'city']);
        assert.deepEqual((await store.findByAttribute(C, U, 'city', 'paris')).map((o) => o.anchor).sort(), [
          'a1',
          'a2',
        ]);
        await store.configureIndex(C, U, undefined);
        assert.equal((await store.findByAttribute(C, U, 'mail', 'ann@x.test')).length, 1);
      }),
    );

    test(
      'findByAttribute finds long values exactly',
      withStore(async (store) => {
        const long = 'x'.repeat(2000);
        await store.put(C, U, 'a', 'a', { cert: `${long}A` });
        await store.put(C, U, 'b', 'b', { cert: `${long}B` });
        assert.deepEqual(
          (await store.findByAttribute(C, U, 'cert', `${long}b`)).map((o) => o.anchor),
          ['b'],
        );
      }),
    );

    test(
      'scan pages in anchor order with a keyset',
      withStore(async (store) => {
        const anchors = Array.from({ length: 23 }, (_, i) => `a${String((i * 7) % 23).padStart(2, '0')}`);
        for (const a of anchors) await store.put(C, U, a, a, { id: a });
        await store.put(C, 'Group', 'a00x', 'g', { id: 'g' });
        await store.put('other', U, 'a00y', 'o', { id: 'o' });
        const expected = [...anchors].sort();
        assert.deepEqual(
          (await store.scan(C, U)).map((o) => o.anchor),
          expected,
        );
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.scan(C, U, { afterAnchor: after, limit: 5 });
          if (page.length === 0) break;
          assert.ok(page.length <= 5);
          seen.push(...page.map((o) => o.anchor));
          after = page[page.length - 1]!.anchor;
        }
        assert.deepEqual(seen, expected);
        assert.deepEqual(
          (await store.scan(C, U, { afterAnchor: 'a20' })).map((o) => o.anchor),
          ['a21', 'a22'],
        );
      }),
    );

    test(
      'count, remove',
      withStore(async (store) => {
        assert.equal(await store.count(C, U), 0);
        await store.put(C, U, 'a', 'a', {});
        await store.put(C, U, 'b', 'b', {});
        await store.put(C, 'Group', 'g', 'g', {});
        assert.equal(await store.count(C, U), 2);
        assert.equal(await store.remove(C, U, 'a'), true);
        assert.equal(await store.remove(C, U, 'a'), false);
        assert.equal(await store.get(C, U, 'a'), undefined);
        assert.equal(await store.count(C, U), 1);
        assert.equal(await store.count(C, 'Group'), 1);
      }),
    );

    test(
      'rename moves the object to the new anchor and bumps its version',
      withStore(async (store) => {
        await store.put(C, U, 'old', 'CN=old', { userName: 'r@x.org' });
        await store.rename(C, U, 'old', 'new', 'CN=new');
        assert.equal(await store.get(C, U, 'old'), undefined);
        const moved = await store.get(C, U, 'new');
        assert.equal(moved?.dn, 'CN=new');
        assert.equal(moved?.version, 2);
        assert.deepEqual(moved?.attributes, { userName: 'r@x.org' });
        assert.equal(await store.count(C, U), 1);
      }),
    );

    test(
      'upsertPage counts added, updated and unchanged; unchanged keeps its version',
      withStore(async (store) => {
        const r1 = await store.upsertPage(C, U, undefined, [
          { anchor: 'a', dn: 'a', attributes: { x: 1, y: 'p' } },
          { anchor: 'b', dn: 'b', attributes: { x: 2 } },
        ]);
        assert.deepEqual(r1, { added: 2, updated: 0, unchanged: 0 });
        const r2 = await store.upsertPage(C, U, undefined, [
          { anchor: 'a', dn: 'a', attributes: { y: 'p', x: 1 } }, // same attributes in another key order
          { anchor: 'b', dn: 'b', attributes: { x: 3 } },
          { anchor: 'c', dn: 'c', attributes: {} },
        ]);
        assert.deepEqual(r2, { added: 1, updated: 1, unchanged: 1 });
        assert.equal((await store.get(C, U, 'a'))?.version, 1);
        assert.equal((await store.get(C, U, 'b'))?.version, 2);
        const r3 = await store.upsertPage(C, U, undefined, [{ anchor: 'a', dn: 'CN=a', attributes: { y: 'p', x: 1 } }]);
        assert.deepEqual(r3, { added: 0, updated: 1, unchanged: 0 }, 'a new DN is a change');
        assert.deepEqual(await store.upsertPage(C, U, undefined, []), { added: 0, updated: 0, unchanged: 0 });
      }),
    );

    test(
      'full import removes only the unseen objects of that connector and type',
      withStore(async (store) => {
        for (const a of ['a', 'b', 'c', 'd']) await store.put(C, U, a, a, { id: a, mail: `${a}@x.org` });
        await store.put(C, 'Group', 'g', 'g', { id: 'g' });
        await store.put('other', U, 'c', 'c', { id: 'c' });
        const gen = await store.beginFullImport(C, U);
        assert.equal(typeof gen, 'string');
        const p1 = await store.upsertPage(C, U, gen, [
          { anchor: 'a', dn: 'a', attributes: { id: 'a', mail: 'a@x.org' } },
        ]);
        const p2 = await store.upsertPage(C, U, gen, [
          { anchor: 'b', dn: 'b', attributes: { id: 'b', mail: 'b2@x.org' } },
          { anchor: 'e', dn: 'e', attributes: { id: 'e' } },
        ]);
        assert.deepEqual(p1, { added: 0, updated: 0, unchanged: 1 });
        assert.deepEqual(p2, { added: 1, updated: 1, unchanged: 0 });
        assert.equal(await store.countStale(C, U, gen), 2, 'what the sweep would remove, counted first');
        assert.equal(await store.count(C, U), 5, 'counting removes nothing');
        assert.equal(await store.finishFullImport(C, U, gen), 2);
        assert.deepEqual(
          (await store.scan(C, U)).map((o) => o.anchor),
          ['a', 'b', 'e'],
        );
        assert.equal((await store.findByAttribute(C, U, 'mail', 'c@x.org')).length, 0, 'index rows swept too');
        assert.equal(await store.count(C, 'Group'), 1);
        assert.ok(await store.get('other', U, 'c'));
        // A second import that sees everything removes nothing.
        const gen2 = await store.beginFullImport(C, U);
        assert.notEqual(gen2, gen);
        await store.upsertPage(
          C,
          U,
          gen2,
          (await store.scan(C, U)).map(({ anchor, dn, attributes }) => ({ anchor, dn, attributes })),
        );
        assert.equal(await store.finishFullImport(C, U, gen2), 0);
        assert.equal(await store.count(C, U), 3);
      }),
    );

    test(
      'objects written while a full import runs survive its sweep',
      withStore(async (store) => {
        await store.put(C, U, 'before', 'before', {});
        const gen = await store.beginFullImport(C, U);
        await store.upsertPage(C, U, gen, []);
        await store.put(C, U, 'during-put', 'd', {}); // e.g. a SCIM create exported while the import pages
        await store.upsertPage(C, U, undefined, [{ anchor: 'during-delta', dn: 'd', attributes: {} }]);
        assert.equal(await store.finishFullImport(C, U, gen), 1);
        assert.deepEqual(
          (await store.scan(C, U)).map((o) => o.anchor),
          ['during-delta', 'during-put'],
        );
      }),
    );

    test(
      'a first import into an empty space: an object listed twice, and one created meanwhile',
      withStore(async (store) => {
        // Pages large enough for a backend's bulk path (e.g. a writer thread).
        const page = (from: number, n: number, suffix = '') =>
          Array.from({ length: n }, (_, i) => ({
            anchor: `a${from + i}`,
            dn: `CN=a${from + i}`,
            attributes: { id: `a${from + i}`, login: `user${from + i}${suffix}` },
          }));
        const gen = await store.beginFullImport(C, U);
        await store.put(C, U, 'a150', 'CN=a150', { id: 'a150', login: 'scim-created' });
        // a7 twice in one page: the later one wins.
        const first = await store.upsertPage(C, U, gen, [
          ...page(0, 8),
          { anchor: 'a7', dn: 'CN=a7', attributes: { id: 'a7', login: 'later' } },
          ...page(8, 112),
        ]);
        assert.deepEqual(first, { added: 120, updated: 1, unchanged: 0 });
        // a100..a119 again (changed), a120..a239 new, a150 was created meanwhile: updated.
        const second = await store.upsertPage(C, U, gen, page(100, 140, 'x'));
        assert.deepEqual(second, { added: 119, updated: 21, unchanged: 0 });
        assert.equal(await store.finishFullImport(C, U, gen), 0);
        assert.equal(await store.count(C, U), 240);
        assert.deepEqual((await store.get(C, U, 'a110'))?.attributes, { id: 'a110', login: 'user110x' });
        assert.equal((await store.get(C, U, 'a110'))?.version, 2);
        assert.deepEqual(
          (await store.findByAttribute(C, U, 'login', 'USER110X')).map((o) => o.anchor),
          ['a110'],
        );
        assert.deepEqual(await store.findByAttribute(C, U, 'login', 'user110'), [], 'the old value left the index');
        assert.deepEqual(await store.findByAttribute(C, U, 'login', 'scim-created'), []);
        assert.deepEqual(
          (await store.findByAttribute(C, U, 'login', 'user150x')).map((o) => o.anchor),
          ['a150'],
        );
        assert.deepEqual(
          (await store.findByAttribute(C, U, 'login', 'user5')).map((o) => o.anchor),
          ['a5'],
        );
        assert.deepEqual(
          (await store.findByAttribute(C, U, 'login', 'later')).map((o) => o.anchor),
          ['a7'],
        );
        assert.deepEqual(await store.findByAttribute(C, U, 'login', 'user7'), []);
      }),
    );

    test(
      'a full import superseded on an empty space: the newer one sweeps what the older one wrote later',
      withStore(async (store) => {
        const older = await store.beginFullImport(C, U);
        const newer = await store.beginFullImport(C, U);
        await store.upsertPage(C, U, newer, [{ anchor: 'seen', dn: 'seen', attributes: {} }]);
        await store.upsertPage(C, U, older, [{ anchor: 'late', dn: 'late', attributes: {} }]);
        assert.equal(await store.finishFullImport(C, U, newer), 1);
        assert.deepEqual(
          (await store.scan(C, U)).map((o) => o.anchor),
          ['seen'],
        );
      }),
    );

    test(
      'an empty full import empties the type',
      withStore(async (store) => {
        await store.put(C, U, 'a', 'a', { id: 'a' });
        await store.put(C, U, 'b', 'b', { id: 'b' });
        const gen = await store.beginFullImport(C, U);
        assert.equal(await store.finishFullImport(C, U, gen), 2);
        assert.equal(await store.count(C, U), 0);
      }),
    );

    test(
      'two connectors with the same anchors are isolated',
      withStore(async (store) => {
        await store.put('one', U, 'x', 'CN=one', { userName: 'same@x.org', n: 1 });
        await store.put('two', U, 'x', 'CN=two', { userName: 'same@x.org', n: 2 });
        assert.equal((await store.get('one', U, 'x'))?.dn, 'CN=one');
        assert.equal((await store.get('two', U, 'x'))?.dn, 'CN=two');
        assert.deepEqual(
          (await store.findByAttribute('one', U, 'userName', 'same@x.org')).map((o) => o.dn),
          ['CN=one'],
        );
        await store.remove('one', U, 'x');
        assert.ok(await store.get('two', U, 'x'));
        assert.equal((await store.findByAttribute('two', U, 'userName', 'same@x.org')).length, 1);
      }),
    );

    test(
      'watermarks per connector and type',
      withStore(async (store) => {
        assert.equal(await store.getWatermark(C, U), undefined);
        await store.setWatermark(C, U, '17');
        await store.setWatermark(C, 'Group', 'g-3');
        await store.setWatermark('other', U, 'o');
        assert.equal(await store.getWatermark(C, U), '17');
        await store.setWatermark(C, U, '18');
        assert.equal(await store.getWatermark(C, U), '18');
        assert.equal(await store.getWatermark(C, 'Group'), 'g-3');
        await store.setWatermark(C, U, undefined);
        assert.equal(await store.getWatermark(C, U), undefined);
        assert.equal(await store.getWatermark('other', U), 'o');
      }),
    );

    test('data survives closing and reopening', async (t) => {
      const fx = await makeStore();
      if (!fx.reopen) {
        await fx.cleanup();
        t.skip('the backend keeps no data across opens');
        return;
      }
      try {
        const attrs: Attributes = { userName: 'Kept@x.org', emails: ['k@x.org'], n: 5, on: true };
        await fx.store.put(C, U, 'k', 'CN=k', attrs);
        await fx.store.setWatermark(C, U, 'w1');
        const gen = await fx.store.beginFullImport(C, 'Group');
        await fx.store.upsertPage(C, 'Group', gen, [{ anchor: 'g', dn: 'g', attributes: {} }]);
        await fx.store.close();
        const store = await fx.reopen();
        const kept = await store.get(C, U, 'k');
        assert.deepEqual(kept?.attributes, attrs);
        assert.equal(kept?.version, 1);
        assert.equal((await store.findByAttribute(C, U, 'userName', 'kept@X.org')).length, 1);
        assert.equal(await store.getWatermark(C, U), 'w1');
        // A generation begun before the reopen can still be finished after it.
        assert.equal(await store.finishFullImport(C, 'Group', gen), 0);
        assert.equal(await store.count(C, 'Group'), 1);
      } finally {
        await fx.cleanup();
      }
    });
  });
}
