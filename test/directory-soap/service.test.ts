// The Contoso Directory stand-in alone, as its own process: WSDL and XSD, WS-Security UsernameToken digests
// (accepted, and refused for each defect), every operation, faults with subcodes, and token paging.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { seedPerson, seedPersonId } from '../../examples/directory-soap/seed.ts';
import { PASSWORD, USER, startDirectory, type RunningDirectory } from '../../examples/directory-soap/test-server.ts';
import { directoryClient, type DirectoryClient } from './client.ts';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';

function cleanups(): (fn: () => unknown) => void {
  const fns: (() => unknown)[] = [];
  after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return (fn) => fns.push(fn);
}

describe('Contoso Directory stand-in', () => {
  const cleanup = cleanups();
  let svc: RunningDirectory;
  let c: DirectoryClient;

  before(async () => {
    svc = await startDirectory(cleanup, { args: ['--seed', '250'] });
    c = await directoryClient(svc.url);
  });

  test('serves its WSDL (SOAP 1.2, rpc) with its real address, and the imported XSD beside it', async () => {
    const wsdl = await (await fetch(`${svc.url}/directory?wsdl`)).text();
    assert.match(wsdl, /<soap12:binding style="rpc"/);
    assert.ok(wsdl.includes(`<soap12:address location="${svc.url}/directory"/>`));
    assert.match(wsdl, /schemaLocation="directory-types.xsd"/);
    const xsd = await fetch(`${svc.url}/directory-types.xsd`);
    assert.equal(xsd.status, 200);
    assert.match(await xsd.text(), /<xsd:complexType name="Person">/);
    // The client read the WSDL over HTTP and followed the import: every operation, with the Person structure.
    assert.equal(Object.keys(c.operations).length, 16);
    const add = c.operations.AddPerson;
    assert.equal(add.version, '1.2');
    assert.equal(add.style, 'rpc');
    assert.equal(add.action, 'urn:contoso:directory:2024/AddPerson');
    assert.deepEqual(
      add.input[0].children?.map((n) => n.name),
      [
        'personId',
        'accountName',
        'displayName',
        'givenName',
        'surname',
        'mail',
        'phone',
        'title',
        'enabled',
        'created',
        'modified',
      ],
    );
    assert.equal((await fetch(`${svc.url}/nothing`)).status, 404);
  });

  describe('WS-Security UsernameToken', () => {
    const failedAuthentication = (f: { status: number; code: string; subcode?: string }) => {
      assert.equal(f.status, 400);
      assert.equal(f.code, 'Sender');
      assert.equal(f.subcode, 'FailedAuthentication');
    };

    test('a digest with a fresh nonce and creation time is accepted', async () => {
      const info = await c.ok('GetServiceInfo');
      assert.deepEqual(info, {
        serviceName: 'Contoso Directory Service',
        version: '2024.1',
        personCount: info.personCount,
      });
      assert.ok(info.personCount >= 250);
    });

    test('a request written by hand, with a digest computed here, is accepted (the wire format, not just the library)', async () => {
      const nonce = randomBytes(16);
      const created = new Date().toISOString();
      const digest = createHash('sha1')
        .update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(PASSWORD)]))
        .digest('base64');
      const xml = `<?xml version="1.0"?>
<e:Envelope xmlns:e="${SOAP12}" xmlns:d="urn:contoso:directory:2024">
  <e:Header>
    <wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" e:mustUnderstand="true">
      <wsse:UsernameToken>
        <wsse:Username>${USER}</wsse:Username>
        <wsse:Password Type="${DIGEST}">${digest}</wsse:Password>
        <wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce>
        <wsu:Created>${created}</wsu:Created>
      </wsse:UsernameToken>
    </wsse:Security>
  </e:Header>
  <e:Body><d:GetPerson><personId>${seedPersonId(3)}</personId></d:GetPerson></e:Body>
</e:Envelope>`;
      const r = await c.raw(xml, 'application/soap+xml; charset=utf-8; action="urn:contoso:directory:2024/GetPerson"');
      assert.equal(r.status, 200, r.text);
      assert.match(
        r.text,
        /<(\w+:)?GetPersonResponse[^>]*><person><personId>[^<]+<\/personId><accountName>person3<\/accountName>/,
      );
    });

    test('a wrong password is refused', async () => {
      failedAuthentication(await c.fault('GetServiceInfo', {}, { password: 'not-the-password' }));
    });

    test('an unknown user is refused', async () => {
      failedAuthentication(await c.fault('GetServiceInfo', {}, { username: 'mallory' }));
    });

    test('a request without the Security header is refused', async () => {
      failedAuthentication(await c.fault('GetServiceInfo', {}, { none: true }));
    });

    test('a clear-text password is refused: the service requires a digest', async () => {
      failedAuthentication(await c.fault('GetServiceInfo', {}, { digest: false }));
    });

    test('a replayed nonce is refused, though the digest is right', async () => {
      const nonce = randomBytes(16);
      assert.equal((await c.call('GetServiceInfo', {}, { nonce })).fault, undefined);
      failedAuthentication(await c.fault('GetServiceInfo', {}, { nonce }));
      // The same token once more (same nonce and created): still a replay.
      const now = new Date();
      const nonce2 = randomBytes(16);
      assert.equal((await c.call('GetServiceInfo', {}, { nonce: nonce2, now })).fault, undefined);
      failedAuthentication(await c.fault('GetServiceInfo', {}, { nonce: nonce2, now }));
    });

    test('a stale creation time is refused (older than 5 minutes), and so is one in the future', async () => {
      failedAuthentication(await c.fault('GetServiceInfo', {}, { now: new Date(Date.now() - 6 * 60_000) }));
      failedAuthentication(await c.fault('GetServiceInfo', {}, { now: new Date(Date.now() + 10 * 60_000) }));
      // Four minutes old is within the window.
      assert.equal((await c.call('GetServiceInfo', {}, { now: new Date(Date.now() - 4 * 60_000) })).fault, undefined);
    });

    test('a SOAP 1.1 envelope gets a VersionMismatch fault', async () => {
      const r = await c.raw(
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetServiceInfo/></s:Body></s:Envelope>',
        'text/xml; charset=utf-8',
      );
      assert.equal(r.status, 500);
      assert.match(r.text, /VersionMismatch/);
    });
  });

  describe('people', () => {
    test('AddPerson assigns a GUID and creates the person disabled without a password; GetPerson reads it back', async () => {
      const { personId } = await c.ok('AddPerson', {
        person: {
          accountName: 'jdoe',
          displayName: 'J <Doe> & "Sons" ]]> Ünïcødé',
          givenName: 'Jane',
          surname: 'Doe',
          mail: 'jdoe@contoso.example',
          phone: '+1 425 555 0100',
          title: 'Analyst',
        },
      });
      assert.match(personId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const { person } = await c.ok('GetPerson', { personId });
      assert.equal(person.personId, personId);
      assert.equal(person.accountName, 'jdoe');
      assert.equal(person.displayName, 'J <Doe> & "Sons" ]]> Ünïcødé');
      assert.equal(person.enabled, false);
      assert.equal(person.title, 'Analyst');
      assert.match(person.created, /^\d{4}-\d\d-\d\dT/);
      assert.equal((await c.ok('VerifyPassword', { personId, password: 'Anything-123' })).valid, false);
    });

    test('SetPassword, SetEnabled and VerifyPassword', async () => {
      const { personId } = await c.ok('AddPerson', { person: { accountName: 'pw-user' } });
      await c.ok('SetPassword', { personId, password: 'Correct-Horse-9' });
      // A disabled person never verifies, even with the right password.
      assert.equal((await c.ok('VerifyPassword', { personId, password: 'Correct-Horse-9' })).valid, false);
      await c.ok('SetEnabled', { personId, enabled: true });
      assert.equal((await c.ok('GetPerson', { personId })).person.enabled, true);
      assert.equal((await c.ok('VerifyPassword', { personId, password: 'Correct-Horse-9' })).valid, true);
      assert.equal((await c.ok('VerifyPassword', { personId, password: 'Wrong-Horse-9' })).valid, false);
      const weak = await c.fault('SetPassword', { personId, password: 'short' });
      assert.equal(weak.subcode, 'PasswordPolicy');
      await c.ok('SetEnabled', { personId, enabled: false });
      assert.equal((await c.ok('GetPerson', { personId })).person.enabled, false);
    });

    test('ModifyPerson applies {attribute, value} changes in order; no value (xsi:nil) clears', async () => {
      const { personId } = await c.ok('AddPerson', {
        person: { accountName: 'mod-user', title: 'Clerk', mail: 'mod@contoso.example', phone: '1' },
      });
      const { person } = await c.ok('ModifyPerson', {
        personId,
        changes: {
          change: [
            { attribute: 'title', value: 'Head Clerk' },
            { attribute: 'mail', value: null },
            { attribute: 'phone' },
            { attribute: 'accountName', value: 'mod-user-2' },
          ],
        },
      });
      assert.equal(person.title, 'Head Clerk');
      assert.equal(person.mail, undefined);
      assert.equal(person.phone, undefined);
      assert.equal(person.accountName, 'mod-user-2');
      assert.deepEqual((await c.ok('GetPerson', { personId })).person, person);
      // An empty list changes nothing.
      assert.equal((await c.ok('ModifyPerson', { personId, changes: {} })).person.title, 'Head Clerk');
    });

    test('ModifyPerson is all or nothing: a bad change leaves the person as it was', async () => {
      const { personId } = await c.ok('AddPerson', { person: { accountName: 'atomic', title: 'Before' } });
      const f = await c.fault('ModifyPerson', {
        personId,
        changes: {
          change: [
            { attribute: 'title', value: 'After' },
            { attribute: 'favouriteColour', value: 'blue' },
          ],
        },
      });
      assert.equal(f.subcode, 'InvalidAttribute');
      assert.match(f.reason, /favouriteColour/);
      assert.equal((await c.ok('GetPerson', { personId })).person.title, 'Before');
    });

    test('RemovePerson, then NoSuchPerson for every operation on that id', async () => {
      const { personId } = await c.ok('AddPerson', { person: { accountName: 'leaver' } });
      await c.ok('RemovePerson', { personId });
      for (const [name, args] of [
        ['GetPerson', { personId }],
        ['RemovePerson', { personId }],
        ['ModifyPerson', { personId, changes: { change: [{ attribute: 'title', value: 'x' }] } }],
        ['SetPassword', { personId, password: 'Valid-Password-1' }],
        ['SetEnabled', { personId, enabled: true }],
      ] as const) {
        const f = await c.fault(name, args);
        assert.equal(f.status, 400, name);
        assert.equal(f.code, 'Sender', name);
        assert.equal(f.subcode, 'NoSuchPerson', name);
        assert.deepEqual(f.detail, {
          DirectoryFault: { code: 'NoSuchPerson', message: `no person has the id "${personId}"`, objectId: personId },
        });
      }
      // The name is free again.
      await c.ok('AddPerson', { person: { accountName: 'leaver' } });
    });

    test('faults carry their subcode: DuplicateName (whatever the case), InvalidAttribute, InvalidValue', async () => {
      await c.ok('AddPerson', { person: { accountName: 'Twin' } });
      const dup = await c.fault('AddPerson', { person: { accountName: 'tWIN' } });
      assert.equal(dup.subcode, 'DuplicateName');
      assert.match(dup.reason, /already used/);
      const { personId } = await c.ok('AddPerson', { person: { accountName: 'other-twin' } });
      assert.equal(
        (
          await c.fault('ModifyPerson', {
            personId,
            changes: { change: [{ attribute: 'accountName', value: 'TWIN' }] },
          })
        ).subcode,
        'DuplicateName',
      );

      assert.equal(
        (await c.fault('AddPerson', { person: { accountName: 'x1', enabled: true } })).subcode,
        'InvalidAttribute',
      );
      assert.equal(
        (await c.fault('AddPerson', { person: { personId: 'mine', accountName: 'x2' } })).subcode,
        'InvalidAttribute',
      );
      assert.equal(
        (await c.fault('ModifyPerson', { personId, changes: { change: [{ attribute: 'enabled', value: 'true' }] } }))
          .subcode,
        'InvalidAttribute',
      );
      assert.equal(
        (await c.fault('ModifyPerson', { personId, changes: { change: [{ attribute: 'personId', value: 'x' }] } }))
          .subcode,
        'InvalidAttribute',
      );
      assert.equal((await c.fault('AddPerson', { person: { displayName: 'No Name' } })).subcode, 'InvalidValue');
      assert.equal(
        (await c.fault('AddPerson', { person: { accountName: 'bad-mail', mail: 'not-an-address' } })).subcode,
        'InvalidValue',
      );
      assert.equal(
        (await c.fault('ModifyPerson', { personId, changes: { change: [{ attribute: 'accountName', value: null }] } }))
          .subcode,
        'InvalidValue',
      );
    });
  });

  describe('token paging', () => {
    test('ListPeople walks every person once, in pages, with opaque tokens; the last page has an empty token', async () => {
      const ids: string[] = [];
      const sizes: number[] = [];
      let token = '';
      let pages = 0;
      do {
        const page = await c.ok('ListPeople', { pageToken: token, pageSize: 100 });
        sizes.push(page.people.person.length);
        ids.push(...page.people.person.map((p: { personId: string }) => p.personId));
        token = page.nextPageToken;
        assert.ok(++pages < 20, 'paging ends');
      } while (token);
      assert.ok(ids.length >= 250);
      assert.equal(new Set(ids).size, ids.length, 'no person twice');
      assert.deepEqual(sizes.slice(0, 2), [100, 100]);
      assert.ok(sizes.length >= 3);
      // Seeded people come first, in order, with their deterministic ids and attributes.
      assert.equal(ids[0], seedPersonId(1));
      assert.equal(ids[249], seedPersonId(250));
      const first = (await c.ok('ListPeople', { pageToken: '', pageSize: 1 })).people.person[0];
      const s = seedPerson(1);
      assert.deepEqual(
        { ...first, created: undefined, modified: undefined },
        { ...s, created: undefined, modified: undefined },
      );
      assert.equal((await c.ok('GetPerson', { personId: seedPersonId(50) })).person.enabled, false);
    });

    test('a page exactly at the end carries no token (no empty page after it)', async () => {
      const all = await c.ok('ListPeople', { pageToken: '', pageSize: 1000 });
      const n = all.people.person.length;
      assert.equal(all.nextPageToken, '');
      const exact = await c.ok('ListPeople', { pageToken: '', pageSize: n });
      assert.equal(exact.people.person.length, n);
      assert.equal(exact.nextPageToken, '');
    });

    test('a token the service did not give, or a page size out of range, is refused', async () => {
      assert.equal(
        (await c.fault('ListPeople', { pageToken: 'bm90LWEtdG9rZW4', pageSize: 10 })).subcode,
        'InvalidPageToken',
      );
      const groupsToken = Buffer.from('groups:1').toString('base64url');
      assert.equal((await c.fault('ListPeople', { pageToken: groupsToken, pageSize: 10 })).subcode, 'InvalidPageToken');
      assert.equal((await c.fault('ListPeople', { pageToken: '', pageSize: 0 })).subcode, 'InvalidValue');
      assert.equal((await c.fault('ListPeople', { pageToken: '', pageSize: 1001 })).subcode, 'InvalidValue');
      // No page size: the default of 100.
      assert.equal((await c.ok('ListPeople', { pageToken: '' })).people.person.length, 100);
    });
  });

  describe('groups', () => {
    test('AddGroup with members, AddMember, RemoveMember, ModifyGroup, ListGroups, RemoveGroup', async () => {
      const a = seedPersonId(1);
      const b = seedPersonId(2);
      const { groupId } = await c.ok('AddGroup', {
        group: { name: 'Engineering', description: 'Builders', members: { personId: [a] } },
      });
      assert.deepEqual((await c.ok('GetGroup', { groupId })).group, {
        groupId,
        name: 'Engineering',
        description: 'Builders',
        members: { personId: [a] },
      });
      await c.ok('AddMember', { groupId, personId: b });
      await c.ok('AddMember', { groupId, personId: b }); // twice is not an error
      assert.deepEqual((await c.ok('GetGroup', { groupId })).group.members.personId, [a, b]);
      await c.ok('RemoveMember', { groupId, personId: a });
      await c.ok('RemoveMember', { groupId, personId: a }); // a non-member: done already
      assert.deepEqual((await c.ok('GetGroup', { groupId })).group.members.personId, [b]);
      const { group } = await c.ok('ModifyGroup', {
        groupId,
        changes: {
          change: [
            { attribute: 'name', value: 'R&D' },
            { attribute: 'description', value: null },
          ],
        },
      });
      assert.equal(group.name, 'R&D');
      assert.equal(group.description, undefined);
      const second = await c.ok('AddGroup', { group: { name: 'Sales' } });
      assert.equal((await c.fault('AddGroup', { group: { name: 'r&d' } })).subcode, 'DuplicateName');
      assert.equal((await c.fault('AddMember', { groupId, personId: 'nobody' })).subcode, 'NoSuchPerson');
      assert.equal((await c.fault('AddMember', { groupId: 'nothing', personId: b })).subcode, 'NoSuchGroup');
      assert.equal(
        (await c.fault('ModifyGroup', { groupId, changes: { change: [{ attribute: 'members', value: 'x' }] } }))
          .subcode,
        'InvalidAttribute',
      );

      const p1 = await c.ok('ListGroups', { pageToken: '', pageSize: 1 });
      assert.equal(p1.groups.group.length, 1);
      assert.ok(p1.nextPageToken);
      const p2 = await c.ok('ListGroups', { pageToken: p1.nextPageToken, pageSize: 1 });
      assert.deepEqual([p1.groups.group[0].groupId, p2.groups.group[0].groupId], [groupId, second.groupId]);
      assert.equal(p2.nextPageToken, '');
      assert.deepEqual(p2.groups.group[0].members.personId, []);

      // Removing a person removes their memberships.
      const { personId } = await c.ok('AddPerson', { person: { accountName: 'member-to-go' } });
      await c.ok('AddMember', { groupId, personId });
      await c.ok('RemovePerson', { personId });
      assert.deepEqual((await c.ok('GetGroup', { groupId })).group.members.personId, [b]);
      await c.ok('RemoveGroup', { groupId });
      assert.equal((await c.fault('GetGroup', { groupId })).subcode, 'NoSuchGroup');
    });
  });

  test('--log writes one JSON line per operation, with the user and the fault, and never a password', async () => {
    const { personId } = await c.ok('AddPerson', { person: { accountName: 'logged' } });
    await c.ok('SetPassword', { personId, password: 'Secret-Logged-42' });
    await c.fault('GetPerson', { personId: 'missing' });
    const calls = svc.calls();
    const set = calls.filter((x) => x.op === 'SetPassword').at(-1);
    assert.deepEqual(set, { op: 'SetPassword', user: USER, args: { personId, password: '***' } });
    assert.deepEqual(calls.at(-1), {
      op: 'GetPerson',
      user: USER,
      args: { personId: 'missing' },
      fault: 'NoSuchPerson',
    });
    assert.doesNotMatch(svc.stderr(), /Secret-Logged-42/);
  });
});

describe('Contoso Directory stand-in: process', () => {
  const cleanup = cleanups();

  test('keeps its people in SQLite across a restart, and seeds only an empty directory', async () => {
    const first = await startDirectory(cleanup, { args: ['--seed', '3'] });
    const c1 = await directoryClient(first.url);
    const { personId } = await c1.ok('AddPerson', { person: { accountName: 'stays' } });
    assert.equal(await first.stop(), 0);
    assert.match(first.stderr(), /seeded 3 people/);
    const second = await startDirectory(cleanup, { dataDir: first.dataDir, args: ['--seed', '3'] });
    const c2 = await directoryClient(second.url);
    assert.equal((await c2.ok('GetPerson', { personId })).person.accountName, 'stays');
    assert.equal((await c2.ok('GetServiceInfo')).personCount, 4);
    assert.doesNotMatch(second.stderr(), /seeded/);
    assert.equal(await second.stop(), 0);
  });

  test('refuses to start without its WS-Security user, and prints its usage', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'examples/directory-soap/server.ts', '--data', '/tmp/x'],
      { encoding: 'utf8', env: { ...process.env, CONTOSO_DIR_USER: '', CONTOSO_DIR_PASSWORD: '' } },
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--user \(or CONTOSO_DIR_USER\) is required/);
    assert.match(r.stderr, /usage: /);
  });

  test('the WSDL on disk imports the XSD that is served', () => {
    const wsdl = readFileSync(new URL('../../examples/directory-soap/directory.wsdl', import.meta.url), 'utf8');
    assert.match(
      wsdl,
      /<xsd:import namespace="urn:contoso:directory:types:2024" schemaLocation="directory-types.xsd"\/>/,
    );
  });
});
