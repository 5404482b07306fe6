// The web services connector against the real Acme HR demo application (its own process on loopback, its own
// SQLite folder), driven by examples/demo-app/acme-project.yaml as the demo configuration sets it up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { demoConnector, startDemoApp, type DemoApp } from '../../test/helpers/demo-app.ts';
import { runConnectorContract } from '../test-support/connector-contract.ts';
import type { Attributes } from '../connector/types.ts';

/** A project over the same app whose emit has an attribute that fails whenever it is evaluated. */
const FAILING_EMIT_PROJECT = fileURLToPath(new URL('./fixtures/failing-emit-project.yaml', import.meta.url));

let demo: DemoApp;
/** Accounts made outside the connector, for groups to hold as members. */
const members: string[] = [];

before(async () => {
  demo = await startDemoApp();
  for (const login of ['member-a', 'member-b', 'member-c']) {
    const r = await demo.api('POST', '/api/v1/accounts', { login });
    assert.equal(r.status, 201, r.text);
    members.push(r.json.id);
  }
});
after(() => demo?.stop());

// Every test of the contract runs against the same application, so each sample is new across the whole file.
let made = 0;
const date = (n: number) => new Date(Date.UTC(2030, 0, 1 + n)).toISOString().slice(0, 10);

/** A valid Acme account: e-mail and phone values the app accepts, expiration as the date it stores. */
function userSample(): Attributes {
  const n = ++made;
  return {
    userName: `contract.user${n}@acme.test`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    displayName: `First${n} Last${n}`,
    email: `user${n}@acme.test`,
    homeEmail: `user${n}@home.test`,
    telephoneNumber: `+1 555 01${String(n).padStart(2, '0')}`,
    mobile: `+1 555 02${String(n).padStart(2, '0')}`,
    company: 'Acme Corp',
    department: `Dept ${n}`,
    city: 'Chicago',
    jobTitle: `Title ${n}`,
    employeeNumber: `E${n}`,
    expirationTime: date(n),
    active: n % 2 === 0,
  };
}

runConnectorContract('web services (Acme HR demo app, User)', async () => ({
  connector: demoConnector(demo),
  objectType: 'User',
  sample: userSample,
}));

// Groups: members are references to accounts the app must know, so the samples take them from accounts made
// for the purpose. The project has no deltaImport or setPassword flow for Group; the connector's schema says the
// type lacks those, and the contract skips what needs them.

/** A valid Acme team whose members are accounts of the app. */
function groupSample(): Attributes {
  const n = ++made;
  return {
    displayName: `Contract Team ${n}`,
    description: `Team number ${n}`,
    members: [members[n % 3]!, members[(n + 1) % 3]!],
  };
}

runConnectorContract('web services (Acme HR demo app, Group)', async () => ({
  connector: demoConnector(demo),
  objectType: 'Group',
  sample: groupSample,
}));

test('an import evaluates only the emit attributes asked for (and the anchor)', async () => {
  const c = demoConnector(demo, { project: FAILING_EMIT_PROJECT });
  await c.open();
  try {
    const all = (attributes?: string[]) =>
      c.fullImport({ objectType: 'User', pageSize: 1000, ...(attributes ? { attributes } : {}) });
    await assert.rejects(all(), /Invalid time value/, 'every attribute: "expires" is evaluated and fails');
    await assert.rejects(all(['userName', 'expires']), /Invalid time value/, '"expires" asked for: it fails');
    const page = await all(['userName']);
    assert.equal(page.nextPageToken, undefined);
    for (const id of members)
      assert.ok(
        page.objects.some((o) => o.anchor === id),
        `${id} imported`,
      );
    for (const o of page.objects) {
      assert.deepEqual(
        Object.keys(o.attributes).sort(),
        ['id', 'userName'],
        `${o.anchor}: the anchor and what was asked`,
      );
      assert.equal(o.attributes.id, o.anchor);
    }
  } finally {
    await c.close();
  }
});
