// The Contoso Directory template end to end: HTTPS SCIM into a host configured by examples/directory-soap/ferry.yaml,
// through the project's flows (SOAP 1.2 rpc calls with WS-Security digests), into the stand-in service in its own
// process. What the service received is read from its --log lines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seedPerson, seedPersonId } from '../../examples/directory-soap/seed.ts';
import { PASSWORD, USER, startDirectory, type RunningDirectory } from '../../examples/directory-soap/test-server.ts';
import { TOKEN, startTestHost, type TestHost } from '../helpers/test-host.ts';
import { directoryClient, type DirectoryClient } from './client.ts';

const CONFIG = fileURLToPath(new URL('../../examples/directory-soap/ferry.yaml', import.meta.url));
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEEDED = 250;

type Call = ReturnType<RunningDirectory['calls']>[number];

describe('Contoso Directory template through HTTPS SCIM', () => {
  const fns: (() => unknown)[] = [];
  after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  let svc: RunningDirectory;
  let dir: DirectoryClient;
  let t: TestHost;
  const scim = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('CONTOSODIR', path, init);
  const user = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: [CORE],
    userName,
    displayName: `${userName} (display)`,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ type: 'work', value: `${userName}@contoso.example`, primary: true }],
    phoneNumbers: [{ type: 'work', value: '+1 425 555 0199' }],
    title: 'Countess',
    active: true,
    ...extra,
  });

  /** The operations the service logged after `mark`, once `last` has been logged (its stderr may lag the answer). */
  async function callsAfter(mark: number, last: string): Promise<Call[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const calls = svc.calls().slice(mark);
      if (calls.some((c) => c.op === last)) return calls;
      if (Date.now() > deadline)
        throw new Error(`the service did not log ${last}; it logged: ${JSON.stringify(calls)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const ops = (calls: Call[]) => calls.map((c) => (c.fault ? `${c.op}!${c.fault}` : c.op));

  /** The number of logged operations once the log has been still for a moment (calls of earlier steps may lag). */
  async function quiet(): Promise<number> {
    let n = svc.calls().length;
    for (;;) {
      await new Promise((r) => setTimeout(r, 60));
      const now = svc.calls().length;
      if (now === n) return n;
      n = now;
    }
  }

  before(async () => {
    svc = await startDirectory((fn) => fns.push(fn), { args: ['--seed', String(SEEDED)] });
    dir = await directoryClient(svc.url);
    t = await startTestHost({
      configFile: CONFIG,
      tls: true,
      env: { CONTOSODIR_URL: svc.url, CONTOSODIR_USER: USER, CONTOSODIR_PASSWORD: PASSWORD, CONTOSODIR_TOKEN: TOKEN },
    });
    fns.push(() => t.stop());
  });

  test('the start-up full import reads all 250 people over several token pages', async () => {
    const lists = svc.calls().filter((c) => c.op === 'ListPeople');
    assert.ok(lists.length >= 3, `pages read: ${lists.length}`);
    assert.equal(lists[0].args.pageToken, '');
    assert.equal(lists[0].args.pageSize, 100);
    // Every later page passes back the token of the page before: opaque, never empty.
    for (const l of lists.slice(1)) assert.ok(typeof l.args.pageToken === 'string' && l.args.pageToken.length > 0);
    assert.equal(new Set(lists.map((l) => l.args.pageToken)).size, lists.length);

    const all = await scim('/Users?count=1');
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.totalResults, SEEDED);

    const r = await scim(`/Users?filter=${encodeURIComponent('userName eq "person7"')}`);
    assert.equal(r.body.totalResults, 1);
    const p = r.body.Resources[0];
    assert.equal(p.id, seedPersonId(7));
    const s = seedPerson(7);
    assert.equal(p.displayName, s.displayName);
    assert.deepEqual(p.name, { givenName: s.givenName, familyName: s.surname });
    assert.equal(p.emails.find((e: { type: string }) => e.type === 'work').value, 'person7@contoso.example');
    assert.equal(p.phoneNumbers.find((e: { type: string }) => e.type === 'work').value, '+1 425 555 0007');
    assert.equal(p.title, s.title);
    assert.equal(p.active, true);
    assert.equal((await scim(`/Users/${seedPersonId(50)}`)).body.active, false);
  });

  test('create with a password: AddPerson, SetPassword, SetEnabled; the id is the GUID the service assigned', async () => {
    const mark = await quiet();
    const r = await scim('/Users', { method: 'POST', json: user('ada', { password: 'Analytical-Engine-1843' }) });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.id, GUID);
    assert.equal(r.body.userName, 'ada');
    assert.equal(r.body.active, true);
    assert.equal(r.body.password, undefined);
    const calls = await callsAfter(mark, 'GetPerson');
    assert.deepEqual(ops(calls), ['AddPerson', 'SetPassword', 'SetEnabled', 'GetPerson']);
    assert.deepEqual(calls[0].args, {
      person: {
        accountName: 'ada',
        displayName: 'ada (display)',
        givenName: 'Ada',
        surname: 'Lovelace',
        mail: 'ada@contoso.example',
        phone: '+1 425 555 0199',
        title: 'Countess',
      },
    });
    assert.deepEqual(calls[1].args, { personId: r.body.id, password: '***' });
    assert.deepEqual(calls[2].args, { personId: r.body.id, enabled: true });

    const { person } = await dir.ok('GetPerson', { personId: r.body.id });
    assert.equal(person.accountName, 'ada');
    assert.equal(person.enabled, true);
    assert.equal(
      (await dir.ok('VerifyPassword', { personId: r.body.id, password: 'Analytical-Engine-1843' })).valid,
      true,
    );
  });

  test('create inactive: no SetEnabled, the person stays disabled', async () => {
    const mark = await quiet();
    const r = await scim('/Users', { method: 'POST', json: user('grace', { active: false }) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.active, false);
    assert.deepEqual(ops(await callsAfter(mark, 'GetPerson')), ['AddPerson', 'GetPerson']);
    assert.equal((await dir.ok('GetPerson', { personId: r.body.id })).person.enabled, false);
  });

  test('update one attribute: ModifyPerson receives that one change and nothing else', async () => {
    const c = await scim('/Users', { method: 'POST', json: user('charles') });
    assert.equal(c.status, 201, c.text);
    const mark = await quiet();
    const p = await scim(`/Users/${c.body.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Analyst & <Engineer>' }] },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.title, 'Analyst & <Engineer>');
    const calls = await callsAfter(mark, 'GetPerson');
    assert.deepEqual(ops(calls), ['ModifyPerson', 'GetPerson']);
    assert.deepEqual(calls[0].args, {
      personId: c.body.id,
      changes: { change: [{ attribute: 'title', value: 'Analyst & <Engineer>' }] },
    });
    assert.equal((await dir.ok('GetPerson', { personId: c.body.id })).person.title, 'Analyst & <Engineer>');

    // Removing a value sends a change without a value (xsi:nil), which clears it.
    const mark2 = await quiet();
    const rm = await scim(`/Users/${c.body.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'remove', path: 'phoneNumbers[type eq "work"]' }] },
    });
    assert.equal(rm.status, 200, rm.text);
    const calls2 = await callsAfter(mark2, 'GetPerson');
    assert.deepEqual(calls2[0].args, {
      personId: c.body.id,
      changes: { change: [{ attribute: 'phone', value: null }] },
    });
    assert.equal((await dir.ok('GetPerson', { personId: c.body.id })).person.phone, undefined);
  });

  test('disable: SetEnabled(false) only, and enable again', async () => {
    const c = await scim('/Users', { method: 'POST', json: user('dorothy') });
    const mark = await quiet();
    const p = await scim(`/Users/${c.body.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.active, false);
    const calls = await callsAfter(mark, 'GetPerson');
    assert.deepEqual(ops(calls), ['SetEnabled', 'GetPerson']);
    assert.deepEqual(calls[0].args, { personId: c.body.id, enabled: false });
    assert.equal((await dir.ok('GetPerson', { personId: c.body.id })).person.enabled, false);
    const again = await scim(`/Users/${c.body.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true, title: 'Back' } }] },
    });
    assert.equal(again.status, 200, again.text);
    assert.equal((await dir.ok('GetPerson', { personId: c.body.id })).person.enabled, true);
  });

  test('delete: RemovePerson; the person is gone from the service and from SCIM', async () => {
    const c = await scim('/Users', { method: 'POST', json: user('edith') });
    const mark = await quiet();
    const d = await scim(`/Users/${c.body.id}`, { method: 'DELETE' });
    assert.equal(d.status, 204, d.text);
    const calls = await callsAfter(mark, 'RemovePerson');
    assert.deepEqual(calls[0].args, { personId: c.body.id });
    assert.equal((await dir.fault('GetPerson', { personId: c.body.id })).subcode, 'NoSuchPerson');
    assert.equal((await scim(`/Users/${c.body.id}`)).status, 404);
  });

  test("duplicate: the service's dir:DuplicateName fault becomes 409 (and the host's own check answers 409 too)", async () => {
    // Made in the service behind the host's back: only the service knows the name is taken.
    await dir.ok('AddPerson', { person: { accountName: 'hidden.twin' } });
    const mark = await quiet();
    const r = await scim('/Users', { method: 'POST', json: user('Hidden.Twin', { password: 'Twin-Password-1' }) });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.scimType, 'uniqueness');
    assert.match(r.body.detail, /already used/);
    assert.deepEqual(ops(await callsAfter(mark, 'AddPerson')), ['AddPerson!DuplicateName']);

    const mark2 = await quiet();
    const known = await scim('/Users', { method: 'POST', json: user('PERSON8') });
    assert.equal(known.status, 409, known.text);
    await new Promise((res) => setTimeout(res, 100));
    assert.deepEqual(
      ops(svc.calls().slice(mark2)).filter((o) => o.startsWith('AddPerson')),
      [],
    );
  });

  test("a person removed behind the host's back: dir:NoSuchPerson becomes 404", async () => {
    const c = await scim('/Users', { method: 'POST', json: user('vanishing') });
    await dir.ok('RemovePerson', { personId: c.body.id });
    const p = await scim(`/Users/${c.body.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Ghost' }] },
    });
    assert.equal(p.status, 404, p.text);
  });

  test('a password the directory refuses: 400, and the half-made person is removed again', async () => {
    const mark = await quiet();
    const r = await scim('/Users', { method: 'POST', json: user('weakling', { password: 'weak' }) });
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.detail, /password/);
    const calls = await callsAfter(mark, 'RemovePerson');
    assert.deepEqual(ops(calls), ['AddPerson', 'SetPassword!PasswordPolicy', 'RemovePerson']);
    // The name is free: Entra's retry with a better password would work.
    const retry = await scim('/Users', { method: 'POST', json: user('weakling', { password: 'Much-Stronger-77' }) });
    assert.equal(retry.status, 201, retry.text);
  });

  test('with exportPasswordInFirstPass off, the password goes through the setPassword flow after the add', async () => {
    const t2 = await startTestHost({
      configFile: CONFIG,
      tls: true,
      env: { CONTOSODIR_URL: svc.url, CONTOSODIR_USER: USER, CONTOSODIR_PASSWORD: PASSWORD, CONTOSODIR_TOKEN: TOKEN },
      mutate: (cfg) => {
        cfg.connectors[0].capabilities.exportPasswordInFirstPass = false;
      },
    });
    try {
      const mark = await quiet();
      const r = await t2.scim('CONTOSODIR', '/Users', {
        method: 'POST',
        json: user('hopper', { password: 'Second-Pass-2' }),
      });
      assert.equal(r.status, 201, r.text);
      const calls = await callsAfter(mark, 'SetPassword');
      assert.deepEqual(ops(calls).slice(0, 3), ['AddPerson', 'SetEnabled', 'SetPassword']);
      assert.deepEqual(calls[2].args, { personId: r.body.id, password: '***' });
      assert.equal((await dir.ok('VerifyPassword', { personId: r.body.id, password: 'Second-Pass-2' })).valid, true);
    } finally {
      await t2.stop();
    }
  });

  test('ObjectReplace: the replace flow sends only what changed() reports, as one change list', async () => {
    const t2 = await startTestHost({
      configFile: CONFIG,
      tls: true,
      env: { CONTOSODIR_URL: svc.url, CONTOSODIR_USER: USER, CONTOSODIR_PASSWORD: PASSWORD, CONTOSODIR_TOKEN: TOKEN },
      mutate: (cfg) => {
        cfg.connectors[0].capabilities.exportType = 'ObjectReplace';
      },
    });
    try {
      const c = await t2.scim('CONTOSODIR', '/Users', { method: 'POST', json: user('ida') });
      assert.equal(c.status, 201, c.text);
      const mark = await quiet();
      const body = {
        ...user('ida'),
        title: 'Mathematician',
        name: { givenName: 'Ida', familyName: 'Lovelace' },
        phoneNumbers: [],
      };
      const p = await t2.scim('CONTOSODIR', `/Users/${c.body.id}`, { method: 'PUT', json: body });
      assert.equal(p.status, 200, p.text);
      const calls = await callsAfter(mark, 'GetPerson');
      assert.deepEqual(ops(calls), ['ModifyPerson', 'GetPerson']);
      // In the order of the project's list of writable attributes.
      assert.deepEqual(calls[0].args.changes, {
        change: [
          { attribute: 'givenName', value: 'Ida' },
          { attribute: 'phone', value: null },
          { attribute: 'title', value: 'Mathematician' },
        ],
      });
      const mark2 = await quiet();
      const d = await t2.scim('CONTOSODIR', `/Users/${c.body.id}`, {
        method: 'PATCH',
        json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
      });
      assert.equal(d.status, 200, d.text);
      assert.deepEqual(ops(await callsAfter(mark2, 'GetPerson')), ['SetEnabled', 'GetPerson']);
    } finally {
      await t2.stop();
    }
  });

  test('groups: AddGroup with members, AddMember / RemoveMember, RemoveGroup', async () => {
    const a = seedPersonId(1);
    const b = seedPersonId(2);
    const mark = await quiet();
    const g = await scim('/Groups', {
      method: 'POST',
      json: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Analysts',
        members: [{ value: a }],
      },
    });
    assert.equal(g.status, 201, g.text);
    assert.match(g.body.id, GUID);
    const calls = await callsAfter(mark, 'GetGroup');
    assert.deepEqual(calls[0], {
      op: 'AddGroup',
      user: USER,
      args: { group: { name: 'Analysts', members: { personId: [a] } } },
    });
    const p = await scim(`/Groups/${g.body.id}`, {
      method: 'PATCH',
      json: {
        schemas: [PATCH],
        Operations: [
          { op: 'add', path: 'members', value: [{ value: b }] },
          { op: 'remove', path: `members[value eq "${a}"]` },
        ],
      },
    });
    assert.ok(p.status === 200 || p.status === 204, p.text);
    assert.deepEqual((await dir.ok('GetGroup', { groupId: g.body.id })).group.members.personId, [b]);
    const d = await scim(`/Groups/${g.body.id}`, { method: 'DELETE' });
    assert.equal(d.status, 204, d.text);
    assert.equal((await dir.fault('GetGroup', { groupId: g.body.id })).subcode, 'NoSuchGroup');
  });

  test('every call carried a digest token for the configured user', () => {
    const calls = svc.calls();
    assert.ok(calls.length > 10);
    assert.deepEqual([...new Set(calls.map((c) => c.user))], [USER]);
  });
});
