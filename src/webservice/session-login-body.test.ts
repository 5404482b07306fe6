// A project's session login (as OpenStack Keystone's): the login body's placeholders are the session's own, filled
// from auth.params (which take the project's parameters); the token comes back in a response header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseProject } from './project/load-project.ts';
import { WebServiceConnector } from './web-service-connector.ts';
import { HttpCaller } from './http-caller.ts';

const PROJECT = `
name: Session login
parameters:
  - { name: username, required: true }
  - { name: password, type: secret, required: true }
services:
  app:
    http:
      baseUrl: http://127.0.0.1:1
      auth:
        type: session
        login:
          path: /v3/auth/tokens
          body: { auth: { user: { name: "{{username}}", password: "{{password}}" } } }
          tokenFrom: { header: X-Subject-Token }
        params: { username: "{{ params.username }}", password: "{{ params.password }}" }
        use: { header: X-Auth-Token }
    discovery: { operations: { listUsers: { method: GET, path: /v3/users } } }
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes: [ { name: id, readOnly: true }, { name: name } ]
flows:
  objectTypes:
    User:
      fullImport:
        - call: listUsers
          records: users
          each: { as: u, do: [ { emit: { anchor: "{{ u.id }}", attributes: { id: "{{ u.id }}", name: "{{ u.name }}" } } } ] }
`;

let server: Server;
let baseUrl: string;
const logins: unknown[] = [];

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v3/auth/tokens') {
        logins.push(JSON.parse(text));
        res.writeHead(201, { 'x-subject-token': 'tok-1' }).end('{}');
      } else if (req.headers['x-auth-token'] === 'tok-1') res.end('{"users":[{"id":"u1","name":"ann"}]}');
      else res.writeHead(401).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('the login body gets the parameters; later calls carry the token from the header', async () => {
  const password = 'pa"ss{{word}}\\';
  const c = new WebServiceConnector({
    loaded: parseProject(PROJECT, 'session.yaml'),
    parameters: { username: 'svc', password },
    baseUrl,
    exportType: 'ObjectReplace',
    logger: pino({ level: 'silent' }),
    openCaller: (_name, http, info) => new HttpCaller(http, info),
  });
  await c.open();
  try {
    const page = await c.fullImport({ objectType: 'User', pageSize: 10 });
    assert.deepEqual(page.objects, [{ objectType: 'User', anchor: 'u1', attributes: { id: 'u1', name: 'ann' } }]);
    assert.deepEqual(logins, [{ auth: { user: { name: 'svc', password } } }]);
  } finally {
    await c.close();
  }
});
