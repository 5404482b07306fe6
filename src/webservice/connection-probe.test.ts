// WebServiceConnector.test() against a real loopback application: it passes only when the application answered
// a call, and it names that call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { HttpCaller } from './http-caller.ts';
import { parseProject } from './project/load-project.ts';
import { WebServiceConnector } from './web-service-connector.ts';

/** A loopback application that answers every request with the given status, and remembers what it was asked. */
async function startApp(status: number): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status < 300 ? JSON.stringify({ data: [{ id: 'a1', login: 'ann' }] }) : '{"error":"no"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** A URL where nothing listens: a port that was just free. */
async function downUrl(): Promise<string> {
  const app = await startApp(200);
  await new Promise<void>((r) => app.server.close(() => r()));
  return app.url;
}

/**
 * A project over `baseUrl` with the given User flows (YAML, indented for the flows block); `secrets` are declared
 * as secret parameters and given these values.
 */
function connector(
  baseUrl: string,
  userFlows: string,
  extra = '',
  secrets: Record<string, string> = {},
): WebServiceConnector {
  const declared = Object.keys(secrets).map((name) => `  - { name: ${name}, type: secret, required: true }\n`);
  const yaml = `name: probe
version: 1
${declared.length ? `parameters:\n${declared.join('')}` : ''}services:
  app:
    http:
      baseUrl: ${baseUrl}
      retry: { maxAttempts: 1 }
    discovery:
      operations:
        listAccounts: { method: GET, path: /api/accounts }
        getAccount: { method: GET, path: "/api/accounts/{id}" }
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes:
        - { name: id }
        - { name: login }
flows:
${extra}  objectTypes:
    User:
${userFlows}`;
  return new WebServiceConnector({
    loaded: parseProject(yaml, 'probe.yaml'),
    parameters: secrets,
    exportType: 'ObjectReplace',
    logger: pino({ level: 'silent' }),
    openCaller: (_name, http, info) => new HttpCaller(http, info),
  });
}

const IMPORT_ONLY = `      fullImport:
        - call: listAccounts
          query: { limit: 500 }
          records: data
          each:
            as: a
            do:
              - emit: { anchor: "{{ a.id }}", attributes: { id: "{{ a.id }}", login: "{{ a.login }}" } }
`;

const WITH_GET = `${IMPORT_ONLY}      get:
        - call: getAccount
          path: { id: "{{ anchor }}" }
          as: got
        - emit: { anchor: "{{ got.body.id }}", attributes: { id: "{{ got.body.id }}" } }
`;

/** Runs test() on an opened connector and closes it. */
async function testOf(c: WebServiceConnector) {
  await c.open();
  try {
    return await c.test();
  } finally {
    await c.close();
  }
}

test('an import-only project: an app that is up passes, naming the call; one that is down fails', async () => {
  const app = await startApp(200);
  try {
    const up = await testOf(connector(app.url, IMPORT_ONLY));
    assert.equal(up.ok, true, up.message);
    assert.match(up.message, /app answered GET \/api\/accounts with 200/);
    assert.equal(app.seen.length, 1, 'one call is enough');
    assert.match(app.seen[0]!, /^GET \/api\/accounts\?limit=500$/);
    assert.doesNotMatch(up.message, /limit=/, 'the query string stays out of the message');
    assert.deepEqual(
      up.calls?.map(({ durationMs: _, ...call }) => call),
      [{ service: 'app', method: 'GET', path: '/api/accounts', status: 200, ok: true }],
      'the report lists each call and its outcome',
    );
  } finally {
    await new Promise<void>((r) => app.server.close(() => r()));
  }
  const down = await testOf(connector(await downUrl(), IMPORT_ONLY));
  assert.equal(down.ok, false, down.message);
  assert.doesNotMatch(down.message, /Connection works/);
  const refused = down.calls?.[0];
  assert.ok(refused && !refused.ok && refused.status === undefined && refused.error, JSON.stringify(down.calls));
});

test('a project with a get flow: a 404 for the probe anchor proves the connection; a 500 does not', async () => {
  const missing = await startApp(404);
  const broken = await startApp(500);
  try {
    const r = await testOf(connector(missing.url, WITH_GET));
    assert.equal(r.ok, true, r.message);
    assert.match(r.message, /app answered GET \/api\/accounts\/__ferry_connection_test__ with 404/);
    assert.match(r.message, /get flow of User/);
    const bad = await testOf(connector(broken.url, WITH_GET));
    assert.equal(bad.ok, false, bad.message);
    assert.equal(bad.calls?.[0]?.status, 500);
    assert.equal(bad.calls?.[0]?.ok, false);
    assert.ok(broken.seen.length >= 1, 'the call was made');
  } finally {
    await new Promise<void>((r) => missing.server.close(() => r()));
    await new Promise<void>((r) => broken.server.close(() => r()));
  }
  const down = await testOf(connector(await downUrl(), WITH_GET));
  assert.equal(down.ok, false, down.message);
});

test('a testConnection flow that calls nothing does not pass; one that calls the app does', async () => {
  const app = await startApp(200);
  try {
    const silent = await testOf(connector(app.url, IMPORT_ONLY, '  testConnection:\n    - log: "hello"\n'));
    assert.equal(silent.ok, false, silent.message);
    assert.match(silent.message, /no call/);
    assert.equal(app.seen.length, 0);
    const calling = await testOf(connector(app.url, IMPORT_ONLY, '  testConnection:\n    - call: listAccounts\n'));
    assert.equal(calling.ok, true, calling.message);
    assert.match(calling.message, /app answered GET \/api\/accounts with 200 \(testConnection flow\)/);
  } finally {
    await new Promise<void>((r) => app.server.close(() => r()));
  }
});

test('a project without a flow to test with does not claim the connection works', async () => {
  const r = await testOf(
    connector(
      await downUrl(),
      '      delete:\n        - call: getAccount\n          path: { id: "{{ object.anchor }}" }\n',
    ),
  );
  assert.equal(r.ok, false);
  assert.match(r.message, /add a testConnection flow/);
});

test("a secret parameter a call puts in its path is masked in the report's calls and message", async () => {
  const key = 'k3y-0f-the-app-5678';
  const app = await startApp(200);
  const flow = '  testConnection:\n    - call: getAccount\n      path: { id: "{{ params.key }}" }\n';
  try {
    const r = await testOf(connector(app.url, IMPORT_ONLY, flow, { key }));
    assert.equal(r.ok, true, r.message);
    assert.equal(app.seen[0], `GET /api/accounts/${key}`, 'the application got the real value');
    assert.equal(r.calls?.[0]?.path, '/api/accounts/[redacted]');
    assert.doesNotMatch(JSON.stringify(r), new RegExp(key));
  } finally {
    await new Promise<void>((r) => app.server.close(() => r()));
  }
  const down = await testOf(connector(await downUrl(), IMPORT_ONLY, flow, { key }));
  assert.equal(down.ok, false);
  assert.equal(down.calls?.[0]?.ok, false);
  assert.doesNotMatch(JSON.stringify(down), new RegExp(key));
});
