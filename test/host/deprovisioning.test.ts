// Deprovisioning settings (disable: none/delete/set, delete: none/delete), passwords that never land anywhere,
// a further object type at its own endpoint, and the autosync timer.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHost } from '../helpers/test-host.ts';
import type { MemoryConnector } from '../../src/connector/memory/memory-connector.ts';

const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const create = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
  [EXT]: { userName, firstName: 'F', export_password: 'S3cret-Pa55word!', ...extra },
});
const disable = { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] };

test('disable flow "delete": PATCH active=false deletes the object in the application', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.connectors[0].objectTypes[0].deprovisioning.disable = { flow: 'delete', invert: false };
    },
  });
  try {
    assert.equal((await t.scim('APP1', '/Users', { method: 'POST', json: create('GONE') })).status, 201);
    const r = await t.scim('APP1', '/Users/GONE', { method: 'PATCH', json: disable });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.active, false);
    assert.equal((await t.scim('APP1', '/Users/GONE')).status, 404);
    const app = t.host.connector('APP1')!.connector as MemoryConnector;
    assert.equal(await app.get('User', 'GONE'), undefined);
  } finally {
    await t.stop();
  }
});

test('disable flow "none": active=false changes nothing in the application; delete flow "none" keeps the object', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.connectors[0].objectTypes[0].deprovisioning = {
        disable: { flow: 'none', invert: false },
        delete: { flow: 'none' },
      };
    },
  });
  try {
    await t.scim('APP1', '/Users', { method: 'POST', json: create('STAY') });
    const r = await t.scim('APP1', '/Users/STAY', { method: 'PATCH', json: disable });
    assert.equal(r.status, 200);
    const d = await t.scim('APP1', '/Users/STAY', { method: 'DELETE' });
    assert.equal(d.status, 204);
    assert.equal((await t.scim('APP1', '/Users/STAY')).status, 200, 'still in the space');
    const app = t.host.connector('APP1')!.connector as MemoryConnector;
    assert.ok(await app.get('User', 'STAY'), 'still in the application');
    await t.host.provisioningLog.flush();
    const log = await t.host.logStore.queryLog({ connector: 'APP1', action: 'delete' });
    assert.equal(log[0].status, 'skipped');
  } finally {
    await t.stop();
  }
});

test('disable flow "set" with invert writes the opposite of active', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.connectors[0].objectTypes[0].deprovisioning.disable = { flow: 'set', attribute: 'isActive', invert: true };
    },
  });
  try {
    await t.scim('APP1', '/Users', { method: 'POST', json: { ...create('INV'), active: true } });
    const r = await t.scim('APP1', '/Users/INV', { method: 'PATCH', json: disable });
    assert.equal(r.body[EXT].isActive, true, 'inverted: a "disabled" flag');
    assert.equal(r.body.active, false);
  } finally {
    await t.stop();
  }
});

test('export_password reaches the application only: not the space file, not the provisioning log, not the logs', async () => {
  const t = await startTestHost();
  try {
    const r = await t.scim('APP1', '/Users', { method: 'POST', json: create('PW') });
    assert.equal(r.status, 201);
    const app = t.host.connector('APP1')!.connector as MemoryConnector;
    assert.equal(await app.checkPassword('User', 'PW', 'S3cret-Pa55word!'), true);
    await t.host.provisioningLog.flush();
    for (const f of readdirSync(t.dataDir).filter((n) => n.startsWith('space.db'))) {
      assert.ok(!readFileSync(join(t.dataDir, f)).includes('S3cret-Pa55word!'), `${f} holds no password`);
    }
    assert.ok(!t.logs().includes('S3cret-Pa55word!'));
    const g = await t.scim('APP1', '/Users/PW');
    assert.equal(g.body[EXT].export_password, undefined);
    // A password of the wrong shape is refused without being echoed back.
    const bad = await t.scim('APP1', '/Users', {
      method: 'POST',
      json: {
        ...create('PW2'),
        [EXT]: { userName: 'PW2', firstName: 'F', export_password: { secret: 'Wr0ng-Sh4pe-S3cret' } },
      },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.detail, /export_password/);
    assert.ok(!bad.text.includes('Wr0ng-Sh4pe-S3cret'), bad.text);
    assert.ok(!t.logs().includes('Wr0ng-Sh4pe-S3cret'));
    // An application that echoes the password it refused: the echo is masked in the reply, the log and the space.
    app.failNext('rejected', 'password "S3cret-Pa55word!" is too weak (S3cret-Pa55word%21)');
    const echoed = await t.scim('APP1', '/Users', { method: 'POST', json: create('PW3') });
    assert.equal(echoed.status, 400, echoed.text);
    assert.match(echoed.body.detail, /password "\*+" is too weak/);
    assert.ok(!echoed.text.includes('S3cret-Pa55word'), echoed.text);
    await t.host.provisioningLog.flush();
    for (const f of readdirSync(t.dataDir).filter((n) => n.startsWith('space.db'))) {
      assert.ok(!readFileSync(join(t.dataDir, f)).includes('S3cret-Pa55word'), `${f} holds no password`);
    }
    assert.ok(!t.logs().includes('S3cret-Pa55word'));
  } finally {
    await t.stop();
  }
});

test('an application error is a SCIM error, and the space stays as it was', async () => {
  const t = await startTestHost();
  try {
    await t.scim('APP1', '/Users', { method: 'POST', json: create('ERR') });
    const app = t.host.connector('APP1')!.connector as MemoryConnector;
    app.failNext('rejected', 'the application said no');
    const r = await t.scim('APP1', '/Users/ERR', {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: `${EXT}:firstName`, value: 'Changed' }] },
    });
    assert.equal(r.status, 400, "a refusal is the object's problem, not a server error");
    assert.match(r.body.detail, /the application said no/);
    assert.equal((await t.scim('APP1', '/Users/ERR')).body[EXT].firstName, 'F');
    app.failNext('missingAttribute', 'lastName is required');
    const m = await t.scim('APP1', '/Users', { method: 'POST', json: create('MISS') });
    assert.equal(m.status, 400);
    assert.equal(m.body.scimType, 'invalidValue');
  } finally {
    await t.stop();
  }
});

test('a further object type is served at its own endpoint with its own schemas', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      const app1 = c.connectors[0];
      app1.memory!.objectTypes.push({
        name: 'Role',
        anchor: 'code',
        generateAnchor: false,
        attributes: [
          {
            name: 'code',
            type: 'string',
            multiValued: false,
            required: true,
            readOnly: false,
            writeOnly: false,
            unique: true,
            caseExact: false,
          },
          {
            name: 'label',
            type: 'string',
            multiValued: false,
            required: false,
            readOnly: false,
            writeOnly: false,
            unique: false,
            caseExact: false,
          },
        ],
      });
      app1.objectTypes.push({
        name: 'Role',
        resource: 'Role',
        anchor: 'code',
        dn: 'CN={anchor},OBJECT=ROLE',
        attributes: [],
        mapping: {},
        deprovisioning: { disable: { flow: 'none', invert: false }, delete: { flow: 'delete' } },
      });
    },
  });
  try {
    const ext = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:Role';
    const c = await t.scim('APP1', '/Roles', {
      method: 'POST',
      json: { schemas: [ext], [ext]: { code: 'ADM', label: 'Administrator' } },
    });
    assert.equal(c.status, 201, c.text);
    const f = await t.scim('APP1', `/Roles?filter=${encodeURIComponent('label sw "Admin"')}`);
    assert.equal(f.body.totalResults, 1);
    const rt = await t.scim('APP1', '/ResourceTypes/Role');
    assert.equal(rt.body.endpoint, '/Roles');
    const s = await t.scim('APP1', `/Schemas/${ext}`);
    assert.deepEqual(s.body.attributes.map((a: { name: string }) => a.name).sort(), ['code', 'label']);
  } finally {
    await t.stop();
  }
});

test('the autosync timer runs a full import every autosyncMinutes', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.connectors[1].autosyncMinutes = 5;
      c.connectors[0].autosyncMinutes = 0;
    },
  });
  try {
    const rt = t.host.connector('SCIMAPP')!;
    const app = rt.connector as MemoryConnector;
    // The application changes behind Ferry's back; only an import can see it.
    const [res] = await app.export([
      { kind: 'add', objectType: 'User', dn: 'x', attributes: { userName: 'behind@example.com' } },
    ]);
    assert.ok(res.ok);
    mock.timers.enable({ apis: ['setInterval'] });
    rt.startTimer();
    mock.timers.tick(5 * 60_000);
    mock.timers.reset();
    for (
      let i = 0;
      i < 100 && !(await t.host.store.findByAttribute('SCIMAPP', 'User', 'userName', 'behind@example.com')).length;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const q = await t.scim('SCIMAPP', `/Users?filter=${encodeURIComponent('userName eq "behind@example.com"')}`);
    assert.equal(q.body.totalResults, 1);
  } finally {
    await t.stop();
  }
});
