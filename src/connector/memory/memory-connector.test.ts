import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConnectorContract } from '../../test-support/connector-contract.ts';
import type { Attributes, ConnectorAttribute, ExportEntry, ExportResult } from '../types.ts';
import { FerryError } from '../../errors/catalogue.ts';
import { MemoryConnector, type MemoryConnectorOptions, type MemoryObjectTypeOptions } from './memory-connector.ts';

const USER: MemoryObjectTypeOptions = {
  name: 'User',
  anchor: 'id',
  generateAnchor: true,
  attributes: [
    { name: 'id', type: 'string', readOnly: true },
    { name: 'userName', type: 'string', required: true, unique: true },
    { name: 'displayName', type: 'string' },
    { name: 'email', type: 'string' },
    { name: 'department', type: 'string' },
    { name: 'employeeNumber', type: 'integer' },
    { name: 'active', type: 'boolean' },
    { name: 'roles', type: 'string', multiValued: true },
    { name: 'badge', type: 'string', unique: true, caseExact: true },
    { name: 'hireDate', type: 'dateTime' },
    { name: 'photo', type: 'binary' },
    { name: 'manager', type: 'reference', referenceTo: 'User' },
    { name: 'export_password', type: 'string', writeOnly: true },
  ],
};
const GROUP: MemoryObjectTypeOptions = {
  name: 'Group',
  anchor: 'name',
  attributes: [
    { name: 'name', type: 'string', required: true, unique: true },
    { name: 'description', type: 'string' },
    { name: 'members', type: 'reference', multiValued: true, referenceTo: 'User' },
  ],
};

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ferry-memory-'));
}

/** An opened connector over the User and Group types. */
async function connector(extra: Partial<MemoryConnectorOptions> = {}): Promise<MemoryConnector> {
  const c = new MemoryConnector({ objectTypes: [USER, GROUP], ...extra });
  await c.open();
  return c;
}

const addUser = (attributes: Attributes, password?: string): ExportEntry => ({
  kind: 'add',
  objectType: 'User',
  dn: 'new',
  attributes,
  ...(password ? { password } : {}),
});

async function one(c: MemoryConnector, entry: ExportEntry): Promise<ExportResult> {
  const [r] = await c.export([entry]);
  assert.ok(r);
  return r;
}

async function added(c: MemoryConnector, entry: ExportEntry): Promise<string> {
  const r = await one(c, entry);
  assert.ok(r.ok, JSON.stringify(r));
  return r.anchor;
}

const kindOf = (r: ExportResult) => (r.ok ? 'ok' : r.kind);

// The contract, for a type whose anchor the application assigns (kept in a file) and one whose anchor is given.
runConnectorContract('memory (User, assigned anchors, file)', async () => {
  const dir = await tempDir();
  return {
    connector: new MemoryConnector({ objectTypes: [USER, GROUP], file: join(dir, 'app.json') }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
runConnectorContract('memory (Group, given anchors, AttributeUpdate)', async () => ({
  connector: new MemoryConnector({ objectTypes: [USER, GROUP], exportType: 'AttributeUpdate' }),
  objectType: 'Group',
}));

test('schema: the anchor is read-only when assigned, required when given; capabilities', async () => {
  const c = await connector({ exportType: 'AttributeUpdate' });
  const [user, group] = await c.schema();
  assert.equal(user?.attributes.find((a) => a.name === 'id')?.readOnly, true);
  assert.equal(group?.attributes.find((a) => a.name === 'name')?.required, true);
  assert.equal(c.capabilities.exportType, 'AttributeUpdate');
  assert.equal(new MemoryConnector({ objectTypes: [USER] }).capabilities.exportType, 'ObjectReplace');
  for (const k of ['import', 'deltaImport', 'export', 'get', 'setPassword'] as const)
    assert.equal(c.capabilities[k], true);
  // A missing anchor attribute is added to the schema.
  const bare = new MemoryConnector({
    objectTypes: [{ name: 'Thing', anchor: 'key', attributes: [{ name: 'label', type: 'string' }] }],
  });
  assert.deepEqual(
    (await bare.schema())[0]?.attributes.map((a) => a.name),
    ['key', 'label'],
  );
  assert.throws(() => new MemoryConnector({ objectTypes: [USER], generate: { objectType: 'Nope', count: 1 } }), /Nope/);
});

test('add assigns a UUID anchor, ignores read-only input, and returns the object without secrets', async () => {
  const c = await connector();
  const r = await one(c, addUser({ id: 'chosen-by-client', userName: 'a@x.org', export_password: 'Secret-1' }));
  assert.ok(r.ok);
  assert.match(r.anchor, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(r.attributes, { id: r.anchor, userName: 'a@x.org' });
  assert.deepEqual((await c.get('User', r.anchor))?.attributes, { id: r.anchor, userName: 'a@x.org' });
});

test('uniqueness: anchors and unique values, case-insensitive unless caseExact', async () => {
  const c = await connector();
  const alice = await added(c, addUser({ userName: 'Alice@X.org', badge: 'B-1' }));
  const bob = await added(c, addUser({ userName: 'bob@x.org' }));
  assert.equal(kindOf(await one(c, addUser({ userName: 'ALICE@x.org' }))), 'uniqueness');
  assert.equal(kindOf(await one(c, addUser({ userName: 'carol@x.org', badge: 'B-1' }))), 'uniqueness');
  assert.equal(
    kindOf(await one(c, addUser({ userName: 'dave@x.org', badge: 'b-1' }))),
    'ok',
    'caseExact: another value',
  );
  const replaceBob: ExportEntry = {
    kind: 'replace',
    objectType: 'User',
    anchor: bob,
    dn: bob,
    attributes: { userName: 'alice@x.org' },
    previous: {},
  };
  assert.equal(kindOf(await one(c, replaceBob)), 'uniqueness');
  const updateBob: ExportEntry = {
    kind: 'update',
    objectType: 'User',
    anchor: bob,
    dn: bob,
    changes: [{ name: 'userName', op: 'replace', values: ['ALICE@X.ORG'] }],
    previous: {},
  };
  assert.equal(kindOf(await one(c, updateBob)), 'uniqueness');
  // An object keeps its own unique value through a replace; a freed value can be taken.
  const keep: ExportEntry = {
    kind: 'replace',
    objectType: 'User',
    anchor: alice,
    dn: alice,
    attributes: { userName: 'alice@x.org', badge: 'B-1' },
    previous: {},
  };
  assert.equal(kindOf(await one(c, keep)), 'ok');
  await one(c, { kind: 'delete', objectType: 'User', anchor: alice, dn: alice });
  assert.equal(kindOf(await one(c, addUser({ userName: 'alice@x.org', badge: 'B-1' }))), 'ok');
  // A given anchor that exists.
  await added(c, { kind: 'add', objectType: 'Group', anchor: 'Sales', dn: 'Sales', attributes: { name: 'Sales' } });
  assert.equal(
    kindOf(
      await one(c, { kind: 'add', objectType: 'Group', anchor: 'Sales', dn: 'Sales', attributes: { name: 'Sales' } }),
    ),
    'uniqueness',
  );
  assert.equal(
    kindOf(await one(c, { kind: 'add', objectType: 'Group', dn: 'x', attributes: { name: 'SALES' } })),
    'uniqueness',
  );
});

test('concurrent adds of one unique value: exactly one wins', async () => {
  const c = await connector();
  const results = await Promise.all([
    c.export([addUser({ userName: 'race@x.org' }, 'Pw-1')]),
    c.export([addUser({ userName: 'RACE@x.org' }, 'Pw-2')]),
  ]);
  assert.deepEqual(results.map(([r]) => kindOf(r!)).sort(), ['ok', 'uniqueness']);
  assert.equal(c.count('User'), 1);
});

test('required attributes and the anchor: missingAttribute', async () => {
  const c = await connector();
  assert.equal(kindOf(await one(c, addUser({ displayName: 'No Name' }))), 'missingAttribute');
  assert.equal(kindOf(await one(c, addUser({ userName: '' }))), 'missingAttribute');
  assert.equal(
    kindOf(await one(c, { kind: 'add', objectType: 'Group', dn: 'g', attributes: { description: 'no anchor' } })),
    'missingAttribute',
  );
  const u = await added(c, addUser({ userName: 'req@x.org', displayName: 'R' }));
  assert.equal(
    kindOf(
      await one(c, {
        kind: 'replace',
        objectType: 'User',
        anchor: u,
        dn: u,
        attributes: { displayName: 'R2' },
        previous: {},
      }),
    ),
    'missingAttribute',
  );
  const clear: ExportEntry = {
    kind: 'update',
    objectType: 'User',
    anchor: u,
    dn: u,
    changes: [{ name: 'userName', op: 'replace', values: [] }],
    previous: {},
  };
  assert.equal(kindOf(await one(c, clear)), 'missingAttribute');
  assert.equal((await c.get('User', u))?.attributes.userName, 'req@x.org', 'a refused change changes nothing');
  // A required write-only attribute must come with the add (the password counts for export_password).
  const strict = new MemoryConnector({
    objectTypes: [{ ...USER, attributes: USER.attributes.map((a) => (a.writeOnly ? { ...a, required: true } : a)) }],
  });
  assert.equal(kindOf(await one(strict, addUser({ userName: 'p@x.org' }))), 'missingAttribute');
  assert.equal(kindOf(await one(strict, addUser({ userName: 'p@x.org' }, 'Pw-123'))), 'ok');
});

test('wrong value types, unknown attributes and unknown types: invalidValue', async () => {
  const c = await connector();
  const bad: Attributes[] = [
    { userName: 'x@x.org', employeeNumber: '12' },
    { userName: 'x@x.org', employeeNumber: 1.5 },
    { userName: 'x@x.org', active: 'true' },
    { userName: ['x@x.org', 'y@x.org'] },
    { userName: 42 },
    { userName: 'x@x.org', hireDate: 'yesterday' },
    { userName: 'x@x.org', photo: 'not base64!' },
    { userName: 'x@x.org', roles: ['a', 3] },
    { userName: 'x@x.org', shoeSize: '44' },
  ];
  for (const attributes of bad)
    assert.equal(kindOf(await one(c, addUser(attributes))), 'invalidValue', JSON.stringify(attributes));
  assert.equal(kindOf(await one(c, { kind: 'add', objectType: 'Printer', dn: 'p', attributes: {} })), 'invalidValue');
  const ok = await one(
    c,
    addUser({
      userName: 'x@x.org',
      employeeNumber: 12,
      active: false,
      hireDate: '2030-01-01T00:00:00Z',
      photo: 'aGk=',
      roles: 'single',
    }),
  );
  assert.ok(ok.ok);
  assert.deepEqual(ok.attributes?.roles, ['single'], 'one value of a multi-valued attribute becomes a list');
  assert.equal(c.count('User'), 1);
});

test("replace sets all given attributes, clears absent ones, keeps the application's own", async () => {
  const c = await connector();
  const u = await added(c, addUser({ userName: 'r@x.org', displayName: 'R', department: 'Sales', roles: ['a'] }));
  const r = await one(c, {
    kind: 'replace',
    objectType: 'User',
    anchor: u,
    dn: u,
    attributes: { id: 'hijack', userName: 'r@x.org', department: 'R&D' },
    previous: {},
  });
  assert.ok(r.ok);
  assert.equal(r.anchor, u);
  assert.deepEqual((await c.get('User', u))?.attributes, { id: u, userName: 'r@x.org', department: 'R&D' });
});

test('update: replace, add and delete values; single-valued add and delete', async () => {
  const c = await connector();
  const u = await added(c, addUser({ userName: 'u@x.org', roles: ['Reader', 'Writer'], department: 'Sales' }));
  const update = (changes: Extract<ExportEntry, { kind: 'update' }>['changes']) =>
    one(c, { kind: 'update', objectType: 'User', anchor: u, dn: u, changes, previous: {} });
  assert.ok((await update([{ name: 'roles', op: 'add', values: ['reader', 'Admin'] }])).ok);
  assert.deepEqual(
    (await c.get('User', u))?.attributes.roles,
    ['Reader', 'Writer', 'Admin'],
    'an existing value (any case) is not added twice',
  );
  assert.ok(
    (
      await update([
        { name: 'roles', op: 'delete', values: ['WRITER'] },
        { name: 'department', op: 'delete', values: [] },
      ])
    ).ok,
  );
  let got = await c.get('User', u);
  assert.deepEqual(got?.attributes.roles, ['Reader', 'Admin']);
  assert.equal(got?.attributes.department, undefined);
  assert.ok(
    (
      await update([
        { name: 'department', op: 'add', values: ['Legal'] },
        { name: 'roles', op: 'replace', values: ['Only'] },
        { name: 'id', op: 'replace', values: ['x'] },
      ])
    ).ok,
  );
  got = await c.get('User', u);
  assert.equal(got?.attributes.department, 'Legal');
  assert.deepEqual(got?.attributes.roles, ['Only']);
  assert.equal(got?.anchor, u);
  assert.ok((await update([{ name: 'roles', op: 'delete', values: [] }])).ok);
  assert.equal((await c.get('User', u))?.attributes.roles, undefined);
  assert.equal(kindOf(await update([{ name: 'department', op: 'replace', values: ['a', 'b'] }])), 'invalidValue');
  assert.equal(kindOf(await update([{ name: 'nope', op: 'replace', values: ['a'] }])), 'invalidValue');
});

test('a given anchor that changes renames the object; references follow it or go away on delete', async () => {
  const person: MemoryObjectTypeOptions = {
    name: 'Person',
    anchor: 'userName',
    attributes: [
      { name: 'userName', type: 'string', unique: true },
      { name: 'manager', type: 'reference', referenceTo: 'Person' },
    ],
  };
  const team: MemoryObjectTypeOptions = {
    name: 'Team',
    anchor: 'name',
    attributes: [
      { name: 'name', type: 'string' },
      { name: 'members', type: 'reference', multiValued: true, referenceTo: 'Person' },
    ],
  };
  const c = new MemoryConnector({ objectTypes: [person, team] });
  await c.open();
  const boss = await added(c, {
    kind: 'add',
    objectType: 'Person',
    anchor: 'boss',
    dn: 'boss',
    attributes: { userName: 'boss' },
  });
  await added(c, {
    kind: 'add',
    objectType: 'Person',
    anchor: 'emp',
    dn: 'emp',
    attributes: { userName: 'emp', manager: boss },
  });
  await added(c, {
    kind: 'add',
    objectType: 'Team',
    anchor: 't',
    dn: 't',
    attributes: { name: 't', members: ['boss', 'emp'] },
  });
  const { watermark } = await c.fullImport({ objectType: 'Team', pageSize: 10 });
  const r = await one(c, {
    kind: 'replace',
    objectType: 'Person',
    anchor: 'boss',
    dn: 'boss',
    attributes: { userName: 'chief' },
    previous: {},
  });
  assert.ok(r.ok);
  assert.equal(r.anchor, 'chief');
  assert.equal(await c.get('Person', 'boss'), undefined);
  assert.equal((await c.get('Person', 'emp'))?.attributes.manager, 'chief');
  assert.deepEqual((await c.get('Team', 't'))?.attributes.members, ['chief', 'emp']);
  assert.equal(
    kindOf(
      await one(c, {
        kind: 'replace',
        objectType: 'Person',
        anchor: 'emp',
        dn: 'emp',
        attributes: { userName: 'chief' },
        previous: {},
      }),
    ),
    'uniqueness',
  );
  await one(c, { kind: 'delete', objectType: 'Person', anchor: 'chief', dn: 'chief' });
  assert.equal((await c.get('Person', 'emp'))?.attributes.manager, undefined);
  assert.deepEqual((await c.get('Team', 't'))?.attributes.members, ['emp']);
  // The membership change is in the change feed of the referencing type.
  const delta = await c.deltaImport({ objectType: 'Team', pageSize: 10, watermark: watermark! });
  assert.deepEqual(
    delta.changes.map((ch) => (ch.change === 'upsert' ? ch.object.anchor : `-${ch.anchor}`)),
    ['t'],
  );
});

test('passwords: kept as hashes only, checkable, settable; never in the file', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'app.json');
    const c = await connector({ file });
    const u = await added(c, addUser({ userName: 'pw@x.org' }, 'First-Secret-1'));
    assert.equal(await c.checkPassword('User', u, 'First-Secret-1'), true);
    assert.equal(await c.checkPassword('User', u, 'first-secret-1'), false);
    assert.equal(await c.checkPassword('User', 'nobody', 'First-Secret-1'), false);
    assert.deepEqual(await c.setPassword('User', u, 'Second-Secret-2'), { ok: true, anchor: u });
    assert.equal(await c.checkPassword('User', u, 'Second-Secret-2'), true);
    assert.equal(await c.checkPassword('User', u, 'First-Secret-1'), false);
    assert.ok(
      (
        await one(c, {
          kind: 'replace',
          objectType: 'User',
          anchor: u,
          dn: u,
          attributes: { userName: 'pw@x.org', export_password: 'Third-Secret-3' },
          previous: {},
        })
      ).ok,
    );
    assert.equal(await c.checkPassword('User', u, 'Third-Secret-3'), true);
    const update: ExportEntry = {
      kind: 'update',
      objectType: 'User',
      anchor: u,
      dn: u,
      changes: [{ name: 'export_password', op: 'replace', values: ['Fourth-Secret-4'] }],
      previous: {},
    };
    assert.ok((await one(c, update)).ok);
    assert.equal(await c.checkPassword('User', u, 'Fourth-Secret-4'), true);
    assert.equal(kindOf(await c.setPassword('User', 'nobody', 'x')), 'notFound');
    const text = await readFile(file, 'utf8');
    for (const pw of ['First', 'Second', 'Third', 'Fourth'])
      assert.ok(!text.includes(`${pw}-Secret`), `${pw} password not in the file`);
    assert.match(text, /scrypt\$/);
    await c.close();
    const reloaded = await connector({ file });
    assert.equal(await reloaded.checkPassword('User', u, 'Fourth-Secret-4'), true, 'the hash survives a restart');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('persistence: objects survive a restart; the file is replaced atomically; old watermarks get everything', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'sub', 'app.json');
    const c = await connector({ file });
    const a = await added(c, addUser({ userName: 'a@x.org', roles: ['r1'] }));
    const b = await added(c, addUser({ userName: 'b@x.org' }));
    await added(c, {
      kind: 'add',
      objectType: 'Group',
      anchor: 'G',
      dn: 'G',
      attributes: { name: 'G', members: [a, b] },
    });
    const mid = (await c.fullImport({ objectType: 'User', pageSize: 10 })).watermark!;
    await one(c, { kind: 'delete', objectType: 'User', anchor: b, dn: b });
    const end = (await c.fullImport({ objectType: 'User', pageSize: 10 })).watermark!;
    // A refused export does not rewrite the file.
    const before = await readFile(file, 'utf8');
    await one(c, addUser({ userName: 'a@x.org' }));
    assert.equal(await readFile(file, 'utf8'), before);
    await c.close();
    assert.deepEqual(
      (await readdir(join(dir, 'sub'))).filter((f) => f !== 'app.json'),
      [],
      'no temp files left',
    );

    const again = await connector({ file });
    assert.deepEqual((await again.get('User', a))?.attributes, { id: a, userName: 'a@x.org', roles: ['r1'] });
    assert.equal(await again.get('User', b), undefined);
    assert.deepEqual((await again.get('Group', 'G'))?.attributes.members, [a]);
    assert.equal(
      kindOf(await one(again, addUser({ userName: 'A@x.org' }))),
      'uniqueness',
      'the unique index is rebuilt',
    );
    // The watermark of "now" still means "nothing new"; an older one gets every object again.
    assert.deepEqual((await again.deltaImport({ objectType: 'User', pageSize: 10, watermark: end })).changes, []);
    const full = await again.deltaImport({ objectType: 'User', pageSize: 10, watermark: mid });
    assert.deepEqual(
      full.changes.map((ch) => ch.change === 'upsert' && ch.object.anchor),
      [a],
    );
    assert.equal(full.watermark, end);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a broken file is reported, not silently replaced', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'app.json');
    await writeFile(file, '{ not json');
    await assert.rejects(connector({ file }), /not valid JSON/);
    assert.equal(await readFile(file, 'utf8'), '{ not json');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('failNext: the next entries fail as told, then exports work again; a stopRun stops the batch', async () => {
  const c = await connector();
  c.failNext('throttled', 'slow down', 2, 7);
  const batch = await c.export([
    addUser({ userName: '1@x.org' }),
    addUser({ userName: '2@x.org' }),
    addUser({ userName: '3@x.org' }),
  ]);
  assert.deepEqual(batch[0], { ok: false, kind: 'throttled', message: 'slow down', retryAfter: 7 });
  assert.deepEqual(batch[1], { ok: false, kind: 'throttled', message: 'slow down', retryAfter: 7 });
  assert.equal(batch[2]?.ok, true);
  assert.equal(c.count('User'), 1, 'failed entries changed nothing');
  c.failNext('rejected', 'policy');
  assert.deepEqual(await one(c, addUser({ userName: '4@x.org' })), { ok: false, kind: 'rejected', message: 'policy' });
  assert.equal(kindOf(await one(c, addUser({ userName: '4@x.org' }))), 'ok');
  c.failNext('stopRun', 'halt');
  const stopped = await c.export([addUser({ userName: '5@x.org' }), addUser({ userName: '6@x.org' })]);
  assert.deepEqual(stopped.map(kindOf), ['stopRun', 'stopRun']);
  assert.equal(c.count('User'), 2);
});

test('setDown: every call fails as unavailable until back up', async () => {
  const c = await connector();
  const u = await added(c, addUser({ userName: 'up@x.org' }));
  c.setDown(true);
  const isDown = (e: unknown) => e instanceof FerryError && e.code === 'target_unavailable';
  assert.deepEqual((await c.export([addUser({ userName: 'x@x.org' }), addUser({ userName: 'y@x.org' })])).map(kindOf), [
    'unavailable',
    'unavailable',
  ]);
  assert.equal(kindOf(await c.setPassword('User', u, 'pw')), 'unavailable');
  await assert.rejects(c.get('User', u), isDown);
  await assert.rejects(c.fullImport({ objectType: 'User', pageSize: 10 }), isDown);
  await assert.rejects(c.deltaImport({ objectType: 'User', pageSize: 10, watermark: '0' }), isDown);
  assert.equal((await c.test()).ok, false);
  c.setDown(false);
  assert.equal((await c.test()).ok, true);
  assert.ok(await c.get('User', u));
  assert.equal(c.count('User'), 1);
});

test("generate: deterministic synthetic users with only the schema's attributes", async () => {
  const attributes: ConnectorAttribute[] = [
    { name: 'id', type: 'string', readOnly: true },
    { name: 'userName', type: 'string', required: true, unique: true },
    { name: 'firstName', type: 'string' },
    { name: 'department', type: 'string' },
    { name: 'active', type: 'boolean' },
  ];
  const make = () =>
    new MemoryConnector({
      objectTypes: [{ name: 'User', anchor: 'id', generateAnchor: true, attributes }],
      generate: { objectType: 'User', count: 1000 },
    });
  const [c1, c2] = [make(), make()];
  await c1.open();
  await c2.open();
  assert.equal(c1.count('User'), 1000);
  const p1 = await c1.fullImport({ objectType: 'User', pageSize: 2000 });
  const p2 = await c2.fullImport({ objectType: 'User', pageSize: 2000 });
  assert.deepEqual(p1.objects, p2.objects, 'the same users each time');
  const u5 = p1.objects.find((o) => o.attributes.userName === 'user5@example.com');
  assert.ok(u5);
  assert.deepEqual(Object.keys(u5.attributes).sort(), ['active', 'department', 'firstName', 'id', 'userName']);
  assert.equal(u5.attributes.active, true);
  assert.equal(u5.attributes.id, u5.anchor);
  assert.match(u5.anchor, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // Given anchors: the anchor attribute's synthetic value.
  const byName = new MemoryConnector({
    objectTypes: [GROUP, { name: 'Person', anchor: 'userName', attributes: [{ name: 'email', type: 'string' }] }],
    generate: { objectType: 'Person', count: 3 },
  });
  await byName.open();
  const people = await byName.fullImport({ objectType: 'Person', pageSize: 10 });
  assert.deepEqual(
    people.objects.map((o) => o.anchor),
    ['user1@example.com', 'user2@example.com', 'user3@example.com'],
  );
  assert.match(String(people.objects[0]?.attributes.email), /^[a-z]+\.[a-z-]+\.1@example\.com$/);
});

test('generate runs on first start only: a file that exists is loaded instead', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'app.json');
    const opts = { file, generate: { objectType: 'User', count: 50 } };
    const c = await connector(opts);
    assert.equal(c.count('User'), 50);
    const [victim] = (await c.fullImport({ objectType: 'User', pageSize: 1 })).objects;
    await one(c, { kind: 'delete', objectType: 'User', anchor: victim!.anchor, dn: 'x' });
    await c.close();
    const again = await connector(opts);
    assert.equal(again.count('User'), 49);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the change feed is bounded: a watermark it no longer reaches gets every object', async () => {
  const c = await connector({ journalLimit: 4 });
  const first = await added(c, addUser({ userName: 'first@x.org' }));
  const { watermark } = await c.fullImport({ objectType: 'User', pageSize: 10 });
  for (let i = 0; i < 10; i++) await added(c, addUser({ userName: `n${i}@x.org` }));
  await one(c, { kind: 'delete', objectType: 'User', anchor: first, dn: 'x' });
  const changes: string[] = [];
  let token: string | undefined;
  let last: string | undefined;
  do {
    const page = await c.deltaImport({ objectType: 'User', pageSize: 3, watermark: watermark!, pageToken: token });
    for (const ch of page.changes) changes.push(ch.change === 'upsert' ? ch.object.anchor : `-${ch.anchor}`);
    token = page.nextPageToken;
    last = page.watermark ?? last;
  } while (token);
  assert.equal(changes.length, 10);
  assert.equal(new Set(changes).size, 10);
  assert.ok(!changes.includes(first) && !changes.includes(`-${first}`));
  const quiet = await c.deltaImport({ objectType: 'User', pageSize: 3, watermark: last! });
  assert.deepEqual(quiet.changes, []);
  assert.deepEqual((await c.deltaImport({ objectType: 'User', pageSize: 3, watermark: 'garbage' })).changes.length, 3);
});

test('changes made while a full import pages are in the next delta', async () => {
  const c = await connector();
  for (let i = 0; i < 4; i++) await added(c, addUser({ userName: `p${i}@x.org` }));
  const p1 = await c.fullImport({ objectType: 'User', pageSize: 2 });
  const early = p1.objects[0]!.anchor;
  await one(c, {
    kind: 'update',
    objectType: 'User',
    anchor: early,
    dn: 'x',
    changes: [{ name: 'displayName', op: 'replace', values: ['late'] }],
    previous: {},
  });
  const p2 = await c.fullImport({ objectType: 'User', pageSize: 2, pageToken: p1.nextPageToken });
  assert.equal(p2.nextPageToken, undefined);
  const delta = await c.deltaImport({ objectType: 'User', pageSize: 10, watermark: p2.watermark! });
  assert.deepEqual(
    delta.changes.map((ch) => ch.change === 'upsert' && ch.object.attributes.displayName),
    ['late'],
  );
  // Several changes of one object come as one, its latest state.
  for (const v of ['v1', 'v2']) {
    await one(c, {
      kind: 'update',
      objectType: 'User',
      anchor: early,
      dn: 'x',
      changes: [{ name: 'displayName', op: 'replace', values: [v] }],
      previous: {},
    });
  }
  const twice = await c.deltaImport({ objectType: 'User', pageSize: 10, watermark: delta.watermark! });
  assert.deepEqual(
    twice.changes.map((ch) => ch.change === 'upsert' && ch.object.attributes.displayName),
    ['v2'],
  );
});

test('latencyMs delays every call', async () => {
  const c = await connector({ latencyMs: 40 });
  const t0 = performance.now();
  await c.export([addUser({ userName: 'slow@x.org' })]);
  await c.fullImport({ objectType: 'User', pageSize: 10 });
  assert.ok(performance.now() - t0 >= 75);
});
