// The export engine against the demo application and a real SQLite space: what each export type sends,
// confirmation, uniqueness, and that a failure leaves the space untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryConnector } from '../connector/memory/memory-connector.ts';
import type { ConnectorAttribute, ExportEntry } from '../connector/types.ts';
import { SqliteSpaceStore } from '../space/sqlite-store.ts';
import { ExportEngine, diff, type ExportSettings } from './export-engine.ts';
import type { ObjectTypeRuntime } from './object-type.ts';
import { OpTrace } from './trace.ts';

const attrs: ConnectorAttribute[] = [
  { name: 'login', type: 'string', required: true, unique: true },
  { name: 'first', type: 'string' },
  { name: 'groups', type: 'string', multiValued: true },
  { name: 'pw', type: 'string', writeOnly: true },
];

async function setup(settings: Partial<ExportSettings> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-export-'));
  const store = SqliteSpaceStore.open(join(dir, 'space.db'));
  const app = new MemoryConnector({
    objectTypes: [{ name: 'User', anchor: 'login', attributes: attrs }],
    exportType: settings.exportType,
  });
  await app.open();
  const sent: ExportEntry[] = [];
  const original = app.export.bind(app);
  app.export = async (entries) => {
    sent.push(...entries);
    return original(entries);
  };
  const engine = new ExportEngine('C', app, store, {
    exportType: 'ObjectReplace',
    objectConfirmation: 'reread',
    objectRename: false,
    exportEnabled: true,
    exportPasswordInFirstPass: true,
    ...settings,
  });
  const rt: ObjectTypeRuntime = {
    name: 'User',
    anchor: 'login',
    dnTemplate: 'CN={anchor},OBJECT=USER',
    definition: { name: 'User', anchor: 'login', attributes: attrs },
    selected: new Map(attrs.map((a) => [a.name, a])),
    anchorGenerated: false,
  };
  return {
    store,
    app,
    engine,
    rt,
    sent,
    done: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('ObjectReplace sends every attribute; the write-only one only with the add; the space never stores it', async () => {
  const s = await setup();
  try {
    const { object } = await s.engine.add(
      s.rt,
      { login: 'ann', first: 'Ann', groups: ['a', 'b'], pw: 'secret-pw' },
      undefined,
      new OpTrace(),
    );
    assert.equal(object.dn, 'CN=ann,OBJECT=USER');
    assert.equal(object.attributes.pw, undefined);
    assert.equal((s.sent[0] as { attributes: Record<string, unknown> }).attributes.pw, 'secret-pw');
    await s.engine.change(
      s.rt,
      object,
      { login: 'ann', first: 'Anne', groups: ['a', 'b'], pw: 'other' },
      new OpTrace(),
    );
    const replace = s.sent[1];
    assert.equal(replace.kind, 'replace');
    assert.deepEqual((replace as { attributes: Record<string, unknown> }).attributes, {
      login: 'ann',
      first: 'Anne',
      groups: ['a', 'b'],
    });
  } finally {
    await s.done();
  }
});

test('AttributeUpdate sends only the changes, as add/delete of values for multi-valued attributes', async () => {
  const s = await setup({ exportType: 'AttributeUpdate' });
  try {
    const { object } = await s.engine.add(
      s.rt,
      { login: 'bob', first: 'Bob', groups: ['a', 'b'] },
      undefined,
      new OpTrace(),
    );
    const r = await s.engine.change(s.rt, object, { login: 'bob', first: 'Bob', groups: ['b', 'c'] }, new OpTrace());
    assert.equal(r.exported, true);
    const update = s.sent[1];
    assert.equal(update.kind, 'update');
    assert.deepEqual((update as { changes: unknown }).changes, [
      { name: 'groups', op: 'add', values: ['c'] },
      { name: 'groups', op: 'delete', values: ['a'] },
    ]);
    assert.deepEqual((await s.store.get('C', 'User', 'bob'))?.attributes.groups, ['b', 'c']);
    const same = await s.engine.change(
      s.rt,
      r.object,
      { login: 'bob', first: 'Bob', groups: ['c', 'b'] },
      new OpTrace(),
    );
    assert.equal(same.exported, false, 'nothing changed: nothing sent');
    assert.equal(s.sent.length, 2);
  } finally {
    await s.done();
  }
});

test('uniqueness is checked in the space before anything is sent', async () => {
  const s = await setup();
  try {
    await s.engine.add(s.rt, { login: 'cat' }, undefined, new OpTrace());
    await assert.rejects(
      s.engine.add(s.rt, { login: 'CAT' }, undefined, new OpTrace()),
      (e: Error & { code?: string }) => e.code === 'uniqueness',
    );
    assert.equal(s.sent.length, 1);
  } finally {
    await s.done();
  }
});

test('a refused export leaves the space as it was; a rename without the capability is refused', async () => {
  const s = await setup();
  try {
    const { object } = await s.engine.add(s.rt, { login: 'dan', first: 'Dan' }, undefined, new OpTrace());
    s.app.failNext('rejected', 'no');
    await assert.rejects(s.engine.change(s.rt, object, { login: 'dan', first: 'Daniel' }, new OpTrace()), /no/);
    assert.equal((await s.store.get('C', 'User', 'dan'))?.attributes.first, 'Dan');
    await assert.rejects(
      s.engine.change(s.rt, object, { login: 'daniel', first: 'Dan' }, new OpTrace()),
      (e: Error & { code?: string }) => e.code === 'mutability',
    );
  } finally {
    await s.done();
  }
});

test('a change refused after part of it was applied: the space takes what the application holds', async () => {
  const s = await setup({ exportType: 'AttributeUpdate', objectConfirmation: 'trust' });
  try {
    const { object } = await s.engine.add(
      s.rt,
      { login: 'eve', first: 'Eve', groups: ['a'] },
      undefined,
      new OpTrace(),
    );
    // A flow of one call per change: the first (first name) is made, the second (groups) is refused.
    const exportAll = s.app.export.bind(s.app);
    s.app.export = async (entries) => {
      const e = entries[0];
      if (e.kind !== 'update' || e.changes.length < 2) return exportAll(entries);
      await exportAll([{ ...e, changes: e.changes.slice(0, 1) }]);
      return [{ ok: false, kind: 'invalidValue', message: 'group b: not allowed' }];
    };
    let gets = 0;
    const get = s.app.get.bind(s.app);
    s.app.get = (type, anchor) => {
      gets++;
      return get(type, anchor);
    };
    const trace = new OpTrace();
    await assert.rejects(
      s.engine.change(s.rt, object, { login: 'eve', first: 'Evelyn', groups: ['a', 'b'] }, trace),
      (e: Error & { code?: string }) =>
        e.code === 'target_invalid_value' && /not allowed/.test(e.message) && /part of which/.test(e.message),
    );
    const held = (await s.app.get('User', 'eve'))?.attributes;
    assert.equal(held?.first, 'Evelyn', 'the application kept the first call');
    const stored = (await s.store.get('C', 'User', 'eve'))?.attributes;
    assert.equal(stored?.first, 'Evelyn');
    assert.deepEqual(stored?.groups, ['a']);
    assert.ok(
      trace.steps.some((st) => st.name.startsWith('settle')),
      'the re-read is a step of the operation',
    );

    // A success costs no re-read (trusted confirmation); the re-read is the failure path's alone.
    gets = 0;
    const ok = await s.engine.change(
      s.rt,
      { ...object, attributes: stored ?? {} },
      { ...stored, first: 'Eva' },
      new OpTrace(),
    );
    assert.equal(ok.exported, true);
    assert.equal(gets, 0);

    // A re-read that fails leaves the space as it was, and the client hears the application's refusal.
    s.app.get = async () => {
      throw new Error('down');
    };
    s.app.failNext('rejected', 'refused again');
    await assert.rejects(
      s.engine.change(s.rt, ok.object, { ...ok.object.attributes, first: 'Eve' }, new OpTrace()),
      /refused again/,
    );
    assert.equal((await s.store.get('C', 'User', 'eve'))?.attributes.first, 'Eva');
  } finally {
    await s.done();
  }
});

test('a change of an object gone from the application: the error says so and the space drops it', async () => {
  const s = await setup();
  try {
    const { object } = await s.engine.add(s.rt, { login: 'fay', first: 'Fay' }, undefined, new OpTrace());
    await s.app.export([{ kind: 'delete', objectType: 'User', anchor: 'fay', dn: object.dn }]);
    await assert.rejects(
      s.engine.change(s.rt, object, { login: 'fay', first: 'Faye' }, new OpTrace()),
      (e: Error & { code?: string }) => e.code === 'target_not_found' && /no longer holds it/.test(e.message),
    );
    assert.equal(await s.store.get('C', 'User', 'fay'), undefined);
    // A delete of an object gone from the application reached its goal (SCIM 204), and the space drops it.
    const { object: gus } = await s.engine.add(s.rt, { login: 'gus' }, undefined, new OpTrace());
    await s.app.export([{ kind: 'delete', objectType: 'User', anchor: 'gus', dn: gus.dn }]);
    await s.engine.delete(s.rt, gus, new OpTrace());
    assert.equal(await s.store.get('C', 'User', 'gus'), undefined);
  } finally {
    await s.done();
  }
});

test('a change the application made, whose confirming re-read fails: the space takes what was exported', async () => {
  const s = await setup();
  try {
    const { object } = await s.engine.add(s.rt, { login: 'hal', first: 'Hal' }, undefined, new OpTrace());
    s.app.get = async () => {
      throw Object.assign(new Error('timed out'), { kind: 'timeout' });
    };
    const r = await s.engine.change(s.rt, object, { login: 'hal', first: 'Harold' }, new OpTrace());
    assert.equal(r.object.attributes.first, 'Harold');
    assert.equal((await s.store.get('C', 'User', 'hal'))?.attributes.first, 'Harold');
  } finally {
    await s.done();
  }
});

test('diff ignores read-only and write-only attributes', () => {
  const rt = {
    selected: new Map<string, ConnectorAttribute>([
      ['a', { name: 'a', type: 'string' }],
      ['ro', { name: 'ro', type: 'string', readOnly: true }],
      ['wo', { name: 'wo', type: 'string', writeOnly: true }],
    ]),
  } as ObjectTypeRuntime;
  assert.deepEqual(diff(rt, { a: 'x', ro: '1' }, { a: 'y', ro: '2', wo: 'p' }), [
    { name: 'a', op: 'replace', values: ['y'] },
  ]);
  assert.deepEqual(diff(rt, { a: 'x' }, {}), [{ name: 'a', op: 'replace', values: [] }]);
});

test('diff of a 100,000-member group: the one member added and the one removed; the same members in another order are no change', () => {
  const rt = {
    selected: new Map<string, ConnectorAttribute>([
      ['members', { name: 'members', type: 'reference', multiValued: true }],
    ]),
  } as ObjectTypeRuntime;
  const before = Array.from({ length: 100_000 }, (_, i) => `acc_${i}`);
  const after = [...before.slice(1), 'acc_new'];
  assert.deepEqual(diff(rt, { members: before }, { members: after }), [
    { name: 'members', op: 'add', values: ['acc_new'] },
    { name: 'members', op: 'delete', values: ['acc_0'] },
  ]);
  assert.deepEqual(diff(rt, { members: before }, { members: [...before].reverse() }), []);
});
