// A custom extension schema per connector (customSchema): an attribute the core Group lacks (description) is
// listed in /Schemas and /ResourceTypes, written by POST and PATCH, read back, and usable in filters, over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const TEAMS = 'urn:ietf:params:scim:schemas:extension:acme:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const CONFIG = `host: { listen: { host: 127.0.0.1, port: 0 }, dataDir: ./data }
connectors:
  - name: TEAMS
    kind: memory
    secretToken: "\${env:TEST_TOKEN}"
    autosyncMinutes: 0
    exposure: scim
    objectTypes:
      - name: Group
        anchor: name
        mapping: { displayName: name, members: members }
        customSchema:
          id: ${TEAMS}
          name: AcmeGroup
          attributes: { description: description, costCenter: cost }
    memory:
      objectTypes:
        - name: Group
          anchor: name
          attributes:
            - { name: name, required: true, unique: true }
            - { name: description }
            - { name: cost, type: integer }
            - { name: members, type: reference, multiValued: true, referenceTo: Group }
`;

let t: TestHost;
const app = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('TEAMS', path, init);
const find = (filter: string) => app(`/Groups?filter=${encodeURIComponent(filter)}`);

before(async () => {
  t = await startTestHost({ configText: CONFIG });
});
after(() => t.stop());

test('/Schemas lists the custom schema with its attributes typed from the connector; /ResourceTypes names it', async () => {
  const s = await app('/Schemas');
  assert.equal(s.status, 200);
  const schema = s.body.Resources.find((r: { id: string }) => r.id === TEAMS);
  assert.ok(schema, JSON.stringify(s.body.Resources.map((r: { id: string }) => r.id)));
  assert.equal(schema.name, 'AcmeGroup');
  const attrs = Object.fromEntries(schema.attributes.map((a: { name: string; type: string }) => [a.name, a.type]));
  assert.deepEqual(attrs, { description: 'string', costCenter: 'integer' });
  const rt = await app('/ResourceTypes');
  const group = rt.body.Resources.find((r: { name: string }) => r.name === 'Group');
  assert.deepEqual(group.schemaExtensions, [{ schema: TEAMS, required: false }]);
});

test('POST writes it, GET reads it back, filters find it (qualified and not), PATCH changes it', async () => {
  const created = await app('/Groups', {
    method: 'POST',
    json: {
      schemas: [GROUP, TEAMS],
      displayName: 'Platform',
      [TEAMS]: { description: 'Runs the platform', costCenter: 42 },
    },
  });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.body[TEAMS], { description: 'Runs the platform', costCenter: 42 });
  assert.ok(created.body.schemas.includes(TEAMS));
  const id = created.body.id as string;
  await app('/Groups', { method: 'POST', json: { schemas: [GROUP], displayName: 'Other' } });

  for (const f of [
    `${TEAMS}:description eq "Runs the platform"`,
    'description sw "runs"',
    `${TEAMS}:costCenter gt 40`,
  ]) {
    const r = await find(f);
    assert.equal(r.status, 200, `${f}: ${r.text}`);
    assert.deepEqual(
      r.body.Resources.map((g: { displayName: string }) => g.displayName),
      ['Platform'],
      f,
    );
  }

  const patched = await app(`/Groups/${id}`, {
    method: 'PATCH',
    json: {
      schemas: [PATCH],
      Operations: [
        { op: 'replace', path: `${TEAMS}:description`, value: 'Keeps the platform running' },
        { op: 'Replace', value: { [`${TEAMS}:costCenter`]: 7 } },
      ],
    },
  });
  assert.ok(patched.status === 200 || patched.status === 204, patched.text);
  const read = await app(`/Groups/${id}`);
  assert.deepEqual(read.body[TEAMS], { description: 'Keeps the platform running', costCenter: 7 });
  assert.equal((await find('description eq "Runs the platform"')).body.totalResults, 0);
});

test('an unquoted filter value is refused with 400 invalidFilter saying to quote it', async () => {
  const r = await find('displayName sw P');
  assert.equal(r.status, 400);
  assert.equal(r.body.scimType, 'invalidFilter');
  assert.match(r.body.detail, /must be a quoted JSON string \("P"/);
});
