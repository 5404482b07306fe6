// A reload while a slow SCIM create is in flight on the connector it changes: the create finishes on the old
// runtime (which closes only afterwards), and the next request is served by the new one.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { type ConsoleClient, type ConsoleHost, HR_TOKEN, startSignedIn } from './console-helpers.ts';

const SLOW = `host:
  adminToken: "\${env:FERRY_ADMIN_TOKEN}"
  dataDir: data
  hostName: localhost
connectors:
  - name: HR
    kind: memory
    secretToken: "\${env:HR_TOKEN}"
    exposure: scim
    pageSize: 500
    capabilities: { import: false }
    objectTypes:
      - { name: User, anchor: userName, attributes: [userName], mapping: { userName: userName } }
    memory:
      latencyMs: 800
      objectTypes:
        - { name: User, anchor: userName, attributes: [{ name: userName, required: true }] }
`;

let h: ConsoleHost;
let c: ConsoleClient;
before(async () => {
  ({ h, c } = await startSignedIn(SLOW));
});
after(() => h.stop());

test('requests in flight finish across a reload that changes their connector', async () => {
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  const t0 = Date.now();
  const create = undiciFetch(`${h.base}/connectors/HR/scim/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HR_TOKEN}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'inflight' }),
    dispatcher: agent,
  });
  await new Promise((r) => setTimeout(r, 200));
  writeFileSync(h.file, SLOW.replace('pageSize: 500', 'pageSize: 250'));
  const r = await c.api('POST', '/reload');
  assert.deepEqual(r.body.changed, ['HR']);
  assert.ok(Date.now() - t0 < 800, 'the reload did not wait for the create');
  const res = await create;
  assert.equal(res.status, 201, await res.clone().text());
  assert.equal(h.host.connector('HR')?.config.pageSize, 250);
  const again = await undiciFetch(`${h.base}/connectors/HR/scim/Users?filter=userName%20eq%20%22inflight%22`, {
    headers: { authorization: `Bearer ${HR_TOKEN}` },
    dispatcher: agent,
  });
  assert.equal(again.status, 200);
  await agent.close();
});

test('a reload does not forgive a token guesser', async () => {
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  const guess = () =>
    undiciFetch(`${h.base}/connectors/HR/scim/Users`, {
      headers: { authorization: 'Bearer wrong-guess-0123456789' },
      dispatcher: agent,
    }).then((r) => r.status);
  for (let i = 0; i < 10; i++) assert.equal(await guess(), 401);
  assert.equal((await c.api('POST', '/reload')).status, 200);
  assert.equal(await guess(), 429);
  await agent.close();
});
