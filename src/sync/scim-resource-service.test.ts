// The SCIM resource service over a memory connector and an in-memory SQLite space: reads come from the space,
// writes go through the export engine, every write (and a read when asked) reaches the provisioning log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryConnector } from '../connector/memory/memory-connector.ts';
import type { ConnectorAttribute } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import { parseMappingRule } from '../mapping/mapping-rule.ts';
import { ResourceMapper } from '../mapping/resource-mapper.ts';
import { parseFilter } from '../scim/filter/parser.ts';
import type { RequestContext, ScimResource } from '../scim/resource-service.ts';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../scim/schema/core-schemas.ts';
import { userSchema } from '../test-support/scim-schemas.ts';
import type { ProvisioningRecord } from '../space/log-store.ts';
import { SqliteSpaceStore } from '../space/sqlite-store.ts';
import { ExportEngine } from './export-engine.ts';
import type { ObjectTypeRuntime } from './object-type.ts';
import { ScimResourceService } from './scim-resource-service.ts';

const attrs: ConnectorAttribute[] = [
  { name: 'login', type: 'string', required: true, unique: true },
  { name: 'first', type: 'string' },
  { name: 'enabled', type: 'boolean' },
];
const ctx: RequestContext = { requestId: 'req-1', baseUrl: 'https://ferry.test/scim' };
const user = (userName: string, first: string, extra: Partial<ScimResource> = {}): ScimResource => ({
  schemas: [USER_SCHEMA.id],
  userName,
  name: { givenName: first },
  ...extra,
});

async function setup(opts: { logReads?: boolean; maxResults?: number } = {}) {
  const store = SqliteSpaceStore.open(':memory:');
  const app = new MemoryConnector({ objectTypes: [{ name: 'User', anchor: 'login', attributes: attrs }] });
  await app.open();
  const rt: ObjectTypeRuntime = {
    name: 'User',
    anchor: 'login',
    dnTemplate: 'CN={anchor},OBJECT=USER',
    definition: { name: 'User', anchor: 'login', attributes: attrs },
    selected: new Map(attrs.map((a) => [a.name, a])),
    anchorGenerated: false,
  };
  const schema = userSchema();
  const mapper = new ResourceMapper(
    [parseMappingRule('userName', attrs[0], schema), parseMappingRule('name.givenName', attrs[1], schema)],
    undefined,
  );
  const engine = new ExportEngine('C', app, store, {
    exportType: 'ObjectReplace',
    objectConfirmation: 'reread',
    objectRename: false,
    exportEnabled: true,
    exportPasswordInFirstPass: true,
  });
  const records: ProvisioningRecord[] = [];
  const service = new ScimResourceService({
    connector: 'C',
    type: {
      name: 'User',
      endpoint: '/Users',
      description: 'users',
      core: USER_SCHEMA,
      extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      schema,
    },
    runtime: rt,
    mapper,
    deprovisioning: { disable: { flow: 'set', attribute: 'enabled' }, delete: { flow: 'delete' } },
    store,
    engine,
    log: { record: (r) => records.push(r) },
    logReads: opts.logReads ?? false,
    indexedPaths: new Map([['username', 'login']]),
    maxResults: opts.maxResults,
  });
  return { service, app, store, records, done: () => store.close() };
}

test('create exports to the application, stores the object and answers it with meta and active', async () => {
  const s = await setup();
  try {
    const created = await s.service.create(user('ann', 'Ann', { active: false }), ctx);
    assert.equal(created.id, 'ann');
    assert.equal(created.userName, 'ann');
    assert.deepEqual(created.name, { givenName: 'Ann' });
    assert.equal(created.active, false, 'active is read from the disable attribute');
    const meta = created.meta as { resourceType: string; location: string };
    assert.equal(meta.resourceType, 'User');
    assert.equal(meta.location, 'https://ferry.test/scim/Users/ann');
    const inApp = (await s.app.get('User', 'ann'))?.attributes;
    assert.equal(inApp?.first, 'Ann');
    assert.equal(inApp?.enabled, false);
    assert.equal((await s.store.get('C', 'User', 'ann'))?.attributes.first, 'Ann');
    assert.deepEqual(
      s.records.map((r) => [r.action, r.status, r.object, r.requestId]),
      [['create', 'success', 'ann', 'req-1']],
    );
  } finally {
    await s.done();
  }
});

test('get reads the space only; an unknown id is notFound and logged as a failure', async () => {
  const s = await setup({ logReads: true });
  try {
    await s.service.create(user('bob', 'Bob'), ctx);
    // Reads never reach the application.
    let appReads = 0;
    const appGet = s.app.get.bind(s.app);
    s.app.get = (type, anchor) => {
      appReads++;
      return appGet(type, anchor);
    };
    assert.equal((await s.service.get('bob', ctx)).userName, 'bob');
    assert.equal(appReads, 0);
    await assert.rejects(
      s.service.get('nobody', ctx),
      (e: unknown) => e instanceof FerryError && /not found/.test(e.message),
    );
    assert.deepEqual(
      s.records.map((r) => [r.action, r.status]),
      [
        ['create', 'success'],
        ['get', 'success'],
        ['get', 'failure'],
      ],
    );
  } finally {
    await s.done();
  }
});

test('list pages through the space, and filters use the index and the SCIM filter', async () => {
  const s = await setup();
  try {
    for (const n of ['u1', 'u2', 'u3', 'u4', 'u5']) await s.service.create(user(n, n.toUpperCase()), ctx);
    const page = await s.service.list({ startIndex: 2, count: 2 }, ctx);
    assert.equal(page.totalResults, 5);
    assert.deepEqual(
      page.resources.map((r) => r.id),
      ['u2', 'u3'],
    );
    const byName = await s.service.list({ startIndex: 1, count: 10, filter: parseFilter('userName eq "U4"') }, ctx);
    assert.deepEqual(
      byName.resources.map((r) => r.id),
      ['u4'],
      'userName is caseExact false',
    );
    const byGiven = await s.service.list(
      {
        startIndex: 1,
        count: 10,
        filter: parseFilter('name.givenName sw "U"'),
        sortBy: 'userName',
        sortOrder: 'descending',
      },
      ctx,
    );
    assert.deepEqual(
      byGiven.resources.map((r) => r.id),
      ['u5', 'u4', 'u3', 'u2', 'u1'],
    );
    assert.equal(s.records.filter((r) => r.action === 'query').length, 0, 'reads are not logged unless asked');
  } finally {
    await s.done();
  }
});

test('an or of indexed equalities is answered through the index, each object once', async () => {
  const s = await setup();
  try {
    for (const n of ['u1', 'u2', 'u3', 'u4']) await s.service.create(user(n, n.toUpperCase()), ctx);
    let scans = 0;
    const scan = s.store.scan.bind(s.store);
    s.store.scan = (...args) => {
      scans++;
      return scan(...args);
    };
    const list = (f: string) => s.service.list({ startIndex: 1, count: 10, filter: parseFilter(f) }, ctx);
    const many = await list('userName eq "U1" or userName eq "u3" or id eq "u3" or userName eq "nobody"');
    assert.deepEqual(many.resources.map((r) => r.id).sort(), ['u1', 'u3']);
    assert.equal(many.totalResults, 2);
    const narrowed = await list('(userName eq "u1" or userName eq "u2") and name.givenName eq "U2"');
    assert.deepEqual(
      narrowed.resources.map((r) => r.id),
      ['u2'],
      'the whole filter still decides',
    );
    assert.equal(scans, 0, 'no scan of the space');
    const mixed = await list('userName eq "u1" or name.givenName eq "U4"');
    assert.deepEqual(mixed.resources.map((r) => r.id).sort(), ['u1', 'u4'], 'a branch without an index scans');
    assert.ok(scans > 0);
  } finally {
    await s.done();
  }
});

test('a filter matching more than maxResults is refused', async () => {
  const s = await setup({ maxResults: 2 });
  try {
    for (const n of ['a1', 'a2', 'a3']) await s.service.create(user(n, 'Same'), ctx);
    await assert.rejects(
      s.service.list({ startIndex: 1, count: 10, filter: parseFilter('name.givenName eq "Same"') }, ctx),
      (e: unknown) => e instanceof FerryError && /more than 2/.test(e.message),
    );
  } finally {
    await s.done();
  }
});

test('replace and modify change the application and the space; If-Match guards them', async () => {
  const s = await setup();
  try {
    const created = await s.service.create(user('cy', 'Cy'), ctx);
    const replaced = await s.service.replace('cy', user('cy', 'Cyrus'), ctx);
    assert.deepEqual(replaced.name, { givenName: 'Cyrus' });
    assert.equal((await s.app.get('User', 'cy'))?.attributes.first, 'Cyrus');
    const modified = await s.service.modify('cy', (cur) => ({ ...cur, active: false }), ctx);
    assert.equal(modified.active, false);
    assert.equal((await s.app.get('User', 'cy'))?.attributes.enabled, false);
    const oldVersion = (created.meta as { version?: string }).version;
    assert.ok(oldVersion, 'resources carry a version');
    await assert.rejects(
      s.service.replace('cy', user('cy', 'Stale'), { ...ctx, ifMatch: oldVersion }),
      (e: unknown) => e instanceof FerryError,
    );
    assert.equal((await s.app.get('User', 'cy'))?.attributes.first, 'Cyrus', 'a stale If-Match changes nothing');
  } finally {
    await s.done();
  }
});

test('delete removes the object from the application and the space', async () => {
  const s = await setup();
  try {
    await s.service.create(user('dee', 'Dee'), ctx);
    await s.service.delete('dee', ctx);
    assert.equal(await s.app.get('User', 'dee'), undefined);
    assert.equal(await s.store.get('C', 'User', 'dee'), undefined);
    await assert.rejects(s.service.get('dee', ctx), FerryError);
    await assert.rejects(s.service.delete('dee', ctx), FerryError, 'a second delete is notFound');
  } finally {
    await s.done();
  }
});
