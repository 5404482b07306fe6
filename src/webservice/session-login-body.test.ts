// A project's session login (as OpenStack Keystone's): the login body's placeholders are the session's own, filled
// from auth.params (which take the project's parameters); the token comes back in a response header. A JSON-RPC
// application (as Zabbix 6.0) wants the token inside the request body: the project writes a marker where the token
// goes (use: { placeholder }), and each request gets the token in its place.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
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

const RPC_PROJECT = `
name: JSON-RPC session
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
          path: /api_jsonrpc.php
          body: { jsonrpc: "2.0", method: user.login, params: { username: "{{username}}", password: "{{password}}" }, id: 1 }
          tokenFrom: { body: result }
        params: { username: "{{ params.username }}", password: "{{ params.password }}" }
        use: { placeholder: $session }
    discovery: { operations: { rpc: { method: POST, path: /api_jsonrpc.php } } }
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes: [ { name: id, readOnly: true }, { name: name } ]
flows:
  objectTypes:
    User:
      fullImport:
        - call: rpc
          body: { jsonrpc: "2.0", method: user.get, params: { output: [userid, username] }, auth: $session, id: 1 }
          records: result
          each: { as: u, do: [ { emit: { anchor: "{{ u.userid }}", attributes: { id: "{{ u.userid }}", name: "{{ u.username }}" } } } ] }
`;

let server: Server;
let baseUrl: string;
const logins: unknown[] = [];
const rpcCalls: { method: string; auth?: unknown }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api_jsonrpc.php') answerRpc(JSON.parse(text), res);
      else if (req.url === '/v3/auth/tokens') {
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

// JSON-RPC answers 200 either way; the token in the body is what counts.
function answerRpc(rpc: { method: string; auth?: unknown; id: number }, res: ServerResponse): void {
  rpcCalls.push({ method: rpc.method, ...(rpc.auth === undefined ? {} : { auth: rpc.auth }) });
  if (rpc.method === 'user.login') res.end(JSON.stringify({ jsonrpc: '2.0', result: 'tok-"1"', id: rpc.id }));
  else if (rpc.auth === 'tok-"1"')
    res.end(JSON.stringify({ jsonrpc: '2.0', result: [{ userid: '3', username: 'ann' }], id: rpc.id }));
  else res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32602, message: 'Not authorised.' }, id: rpc.id }));
}

function connector(project: string, password: string): WebServiceConnector {
  return new WebServiceConnector({
    loaded: parseProject(project, 'session.yaml'),
    parameters: { username: 'svc', password },
    baseUrl,
    exportType: 'ObjectReplace',
    logger: pino({ level: 'silent' }),
    openCaller: (_name, http, info) => new HttpCaller(http, info),
  });
}

test('the login body gets the parameters; later calls carry the token from the header', async () => {
  const password = 'pa"ss{{word}}\\';
  const c = connector(PROJECT, password);
  await c.open();
  try {
    const page = await c.fullImport({ objectType: 'User', pageSize: 10 });
    assert.deepEqual(page.objects, [{ objectType: 'User', anchor: 'u1', attributes: { id: 'u1', name: 'ann' } }]);
    assert.deepEqual(logins, [{ auth: { user: { name: 'svc', password } } }]);
  } finally {
    await c.close();
  }
});

test('the session token from the login body goes into later request bodies where the marker is', async () => {
  const c = connector(RPC_PROJECT, 'secret');
  await c.open();
  try {
    const page = await c.fullImport({ objectType: 'User', pageSize: 10 });
    assert.deepEqual(page.objects, [{ objectType: 'User', anchor: '3', attributes: { id: '3', name: 'ann' } }]);
    assert.deepEqual(rpcCalls, [{ method: 'user.login' }, { method: 'user.get', auth: 'tok-"1"' }]);
  } finally {
    await c.close();
  }
});
