// The flow language against a real application on loopback: sub-flows, re-raising a caught error, computed
// kinds, compensation of a half-done create, branch scoping and regex functions, each loaded through the project
// loader (so the load-time checks run too) and run by the interpreter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { HttpCaller } from '../http-caller.ts';
import { parseProject } from '../project/load-project.ts';
import type { FlowError } from './flow-error.ts';
import { runFlow } from './interpreter.ts';

let server: Server;
let base: string;
/** The application's users, and every request it saw. */
const users = new Map<string, { login: string }>();
const seen: string[] = [];
let nextId = 1;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const json = (status: number, v: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(v));
      };
      const u = new URL(req.url!, 'http://x');
      if (req.method === 'POST' && u.pathname === '/users') {
        const id = `u${nextId++}`;
        users.set(id, JSON.parse(body || '{}'));
        return json(201, { id }, { Location: `/users/${id}` });
      }
      const m = /^\/users\/([^/]+)(\/groups)?$/.exec(u.pathname);
      if (m && req.method === 'DELETE') return users.delete(m[1]) ? json(204, {}) : json(404, {});
      // The second call of the create: refused with 503 and Retry-After, as a busy application does.
      if (m?.[2] && req.method === 'PUT') return json(503, { error: 'busy' }, { 'Retry-After': '7' });
      if (u.pathname === '/busy') return json(429, { error: 'slow down' }, { 'Retry-After': '11' });
      return json(200, { ok: true });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const yaml = (flows: string) => `name: T
services:
  app:
    http: { baseUrl: ${base}, retry: { maxAttempts: 1 } }
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes: [ { name: id, readOnly: true }, { name: login }, { name: group } ]
flows:
${flows}`;

/** Loads a project (its flows checked) and runs one of User's flows; returns the scope. */
async function run(flows: string, flow: 'add' | 'replace', scope: Record<string, unknown>) {
  const { project } = parseProject(yaml(flows), 'p.yaml');
  const caller = new HttpCaller({ baseUrl: base, retry: { maxAttempts: 1 } });
  try {
    await runFlow(
      project.flows.objectTypes.User[flow]!,
      scope,
      { project, callers: new Map([['app', caller]]), logger: pino({ level: 'silent' }) },
      { result: (r) => void (scope.$result = r) },
    );
    return scope;
  } finally {
    await caller.close();
  }
}

const object = { anchor: 'u0', type: 'User', attributes: { login: 'ann', group: 'g1' }, previous: {}, changes: [] };

test('a sub-flow runs with its parameters and gives a result; shared by two flows', async () => {
  const flows = `  subflows:
    groupPath:
      parameters: [id, group]
      do:
        - assign: { p: "/users/{{ id }}/groups/{{ lower(group) }}" }
      result: "{{ p }}"
  objectTypes:
    User:
      add:
        - call: POST /users
          body: { login: "{{ object.attributes.login }}" }
          as: created
        - run: groupPath
          with: { id: "{{ created.body.id }}", group: "G7" }
          as: path
        - result: { anchor: "{{ created.body.id }}" }
      replace:
        - run: groupPath
          with: { id: "{{ object.anchor }}", group: "{{ object.attributes.group }}" }
          as: path
`;
  const s = await run(flows, 'add', { object, params: {} });
  assert.match(String(s.path), /^\/users\/u\d+\/groups\/g7$/);
  assert.equal(s.p, undefined, "the sub-flow's variables stay inside it");
  const r = await run(flows, 'replace', { object, params: {} });
  assert.equal(r.path, '/users/u0/groups/g1');
});

test('throw: error re-raises the caught error with its kind, status and Retry-After', async () => {
  const flows = `  objectTypes:
    User:
      replace:
        - try:
            - call: GET /busy
          catch:
            - log: "the application said {{ error.status }}"
            - throw: error
`;
  await assert.rejects(
    run(flows, 'replace', { object, params: {} }),
    (e: FlowError) => e.kind === 'throttled' && e.status === 429 && e.retryAfter === 11,
  );
});

test('throw with a computed kind; a computed kind that is not one fails clearly', async () => {
  const flows = `  objectTypes:
    User:
      replace:
        - throw: "refused: {{ object.attributes.login }}"
          kind: "{{ object.attributes.group == 'g1' ? 'invalidValue' : 'uniqueness' }}"
          retryAfter: 3
`;
  await assert.rejects(
    run(flows, 'replace', { object, params: {} }),
    (e: FlowError) => e.kind === 'invalidValue' && e.message === 'refused: ann',
  );
  await assert.rejects(
    run(flows.replace("'invalidValue'", "'nonsense'"), 'replace', { object, params: {} }),
    (e: FlowError) => e.kind === 'rejected' && /"nonsense" is not an error kind/.test(e.message),
  );
});

const halfDoneAdd = (undo: boolean) => `  objectTypes:
    User:
      add:
        - call: POST /users
          body: { login: "{{ object.attributes.login }}" }
          as: created
${
  undo
    ? `          undo:
            - call: "DELETE /users/{{ created.body.id }}"
`
    : ''
}        - result: { anchor: "{{ created.body.id }}" }
        - call: "PUT /users/{{ created.body.id }}/groups"
          body: { group: "{{ object.attributes.group }}" }
`;

test('compensation: when the second call of a create fails, the user the first made is deleted', async () => {
  seen.length = 0;
  const before = users.size;
  await assert.rejects(
    run(halfDoneAdd(true), 'add', { object, params: {} }),
    (e: FlowError) =>
      e.kind === 'unavailable' && e.retryAfter === 7 && e.compensated && /1 earlier step was undone/.test(e.message),
  );
  assert.equal(users.size, before, 'the created user is gone again');
  assert.deepEqual(
    seen.map((s) => s.replace(/u\d+/, 'ID')),
    ['POST /users', 'PUT /users/ID/groups', 'DELETE /users/ID'],
  );
  // Without undo the user stays in the application: the failure is not marked compensated.
  await assert.rejects(run(halfDoneAdd(false), 'add', { object, params: {} }), (e: FlowError) => !e.compensated);
  assert.equal(users.size, before + 1);
});

test('a variable assigned on every path of an if, switch or try is known after it, and set at run time', async () => {
  const flows = `  objectTypes:
    User:
      replace:
        - if: "object.attributes.group == 'g1'"
          then: [ { assign: { target: first } } ]
          else: [ { assign: { target: other } } ]
        - switch: "object.attributes.login"
          cases:
            ann: [ { assign: { who: "A" } } ]
            bob: [ { throw: "no bob" } ]
          default: [ { assign: { who: "?" } } ]
        - try: [ { call: GET /busy, as: got }, { assign: { how: ok } } ]
          catch: [ { assign: { how: "failed {{ error.status }}" } } ]
        - assign: { all: "{{ target }} {{ who }} {{ how }}" }
`;
  const s = await run(flows, 'replace', { object, params: {} });
  assert.equal(s.all, 'first A failed 429');
});

test('regular expressions, slices and URL parts in a flow', async () => {
  const flows = `  objectTypes:
    User:
      add:
        - call: POST /users
          body: { login: "{{ object.attributes.login }}" }
          as: created
        - assign:
            id: "{{ last(url(created.headers.location).segments) }}"
            fromPattern: '{{ match(created.headers.location, "^/users/(u\\\\d+)$")[1] }}'
            day: "{{ parseDate('31.12.2024', 'dd.MM.yyyy') }}"
            short: "{{ slice(object.attributes.login, 0, 2) }}"
        - result: { anchor: "{{ id }}" }
`;
  const s = await run(flows, 'add', { object, params: {} });
  assert.match(String(s.id), /^u\d+$/);
  assert.equal(s.fromPattern, s.id);
  assert.equal(s.day, '2024-12-31T00:00:00.000Z');
  assert.equal(s.short, 'an');
  assert.deepEqual(s.$result, { anchor: s.id });
});
