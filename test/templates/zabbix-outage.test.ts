// The Zabbix template when Zabbix's own database is down: Zabbix still answers 200, with a JSON-RPC error ("Error
// connecting to database."). That is an outage, not a refusal of the change: a SCIM client must get 503 and retry
// later, not a 400 that marks the user as failed until it changes again. A stand-in answers as Debian's Zabbix
// frontend did with its PostgreSQL stopped and while it restarted (scripts/apps/zabbix.sh).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SCIM, scimUser, startTemplateHost } from '../apps/app-host.ts';
import type { TestHost } from '../helpers/test-host.ts';

/** Zabbix's answer while its database is unreachable. */
const OUTAGE = { code: 1, message: 'Error connecting to database.', data: '' };

let server: Server;
let t: TestHost;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const rpc = JSON.parse(body) as { method: string; id: number };
      const answer =
        rpc.method === 'user.login'
          ? { jsonrpc: '2.0', result: 'session-token-0123456789abcdef', id: rpc.id }
          : { jsonrpc: '2.0', error: OUTAGE, id: rpc.id };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTemplateHost('zabbix', url, {
    username: 'ferry-svc',
    password: 'pw-0123456789',
    userGroupId: '13',
    disabledGroupId: '9',
    roleId: '1',
    emailMediaTypeId: '1',
  });
});
after(async () => {
  await t?.stop();
  await new Promise<void>((r) => server.close(() => r()));
});

test(`a create while Zabbix's database is down is 503, to retry (${OUTAGE.message})`, async () => {
  const r = await t.scim(SCIM, '/Users', { method: 'POST', json: scimUser('outage-0') });
  assert.equal(r.status, 503, r.text);
  assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After says when');
  assert.match(r.body.detail, /Error connecting to database/);
});
