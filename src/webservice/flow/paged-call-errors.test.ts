// A call's own status map (`errors`) holds for its paged form too: the page that fails (the second, here) is
// classified by the call's rows before the service's and the defaults, as a single call is. Against a real
// application on loopback, through the project loader and the interpreter.
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

before(async () => {
  // Page 1 of /members answers, page 2 fails with a 400 whose body says the team is gone (the application's
  // way of saying "not found"); /single fails the same way in one answer.
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (u.pathname === '/members' && u.searchParams.get('page') === '1') return json(200, { data: [{ id: 'a' }] });
    return json(400, { error: 'team gone' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const project = (serviceErrors: string, call: string) => `name: T
services:
  app:
    http: { baseUrl: ${base}, retry: { maxAttempts: 1 }${serviceErrors} }
schema:
  objectTypes:
    - name: Team
      anchor: id
      attributes: [ { name: id }, { name: members, multiValued: true } ]
flows:
  objectTypes:
    Team:
      replace:
${call}
        - result: { anchor: "{{ object.anchor }}" }
`;

const paged = (errors: string) => `        - call: GET /members
          paginate: { type: pageNumber, pageParam: page, sizeParam: size, pageSize: 1 }
          records: data
          collect: { as: m, value: "{{ m.id }}", into: members }${errors}`;
const single = (errors: string) => `        - call: GET /single
          records: data
          collect: { as: m, value: "{{ m.id }}", into: members }${errors}`;
const CALL_ROWS = `
          errors: [ { status: 400, match: "gone", kind: notFound } ]`;

/** Runs the Team replace flow of a project; resolves to the failure's kind (or 'ok'). */
async function kindOf(yaml: string): Promise<string> {
  const { project: p } = parseProject(yaml, 'p.yaml');
  const caller = new HttpCaller(p.services.app.http);
  const object = { anchor: 't1', type: 'Team', attributes: {}, previous: {}, changes: [] };
  try {
    await runFlow(
      p.flows.objectTypes.Team.replace!,
      { object, params: {} },
      {
        project: p,
        callers: new Map([['app', caller]]),
        logger: pino({ level: 'silent' }),
      },
    );
    return 'ok';
  } catch (e) {
    return (e as FlowError).kind;
  } finally {
    await caller.close();
  }
}

test("a paged call's own errors table classifies the page that failed", async () => {
  assert.equal(await kindOf(project('', paged(''))), 'invalidValue', 'the default: a 400 is an invalid value');
  assert.equal(await kindOf(project('', paged(CALL_ROWS))), 'notFound');
});

test("a call read as one page (records without paginate) applies the call's errors table too", async () => {
  assert.equal(await kindOf(project('', single(''))), 'invalidValue');
  assert.equal(await kindOf(project('', single(CALL_ROWS))), 'notFound');
});

test("the service's table holds for paged calls, and the call's rows come first", async () => {
  const service = ', errors: [ { status: 400, kind: uniqueness } ]';
  assert.equal(await kindOf(project(service, paged(''))), 'uniqueness');
  assert.equal(await kindOf(project(service, paged(CALL_ROWS))), 'notFound');
});
