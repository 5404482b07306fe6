// host.store.url is a secret (a PostgreSQL URL carries its password): a host started with it written in clear
// never shows it through the console's config editor, the audit log, reload answers, status or its own log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  SKIP_PG,
  TEST_DATABASE_URL,
  dropSchema,
  requirePostgres,
  testSchemaName,
} from '../../src/test-support/postgres.ts';
import { CONFIG, type ConsoleClient, type ConsoleHost, startSignedIn } from './console-helpers.ts';

const PASSWORD = 'store-pw-Zq81xv';
const schema = testSchemaName();
// Trust authentication ignores the password, so the host connects with it written in the URL.
const url = TEST_DATABASE_URL.replace('postgres://postgres@', `postgres://postgres:${PASSWORD}@`);

if (SKIP_PG || !url.includes(PASSWORD)) {
  test('host.store.url stays hidden (skipped: no PostgreSQL, or FERRY_TEST_DATABASE_URL of another form)', (t) =>
    t.skip());
} else {
  let h: ConsoleHost;
  let c: ConsoleClient;
  before(async () => {
    await requirePostgres();
    const text = CONFIG.replace(
      '  hostName: localhost\n',
      `  hostName: localhost\n  store: { kind: postgres, url: "${url}", schema: ${schema} }\n`,
    );
    ({ h, c } = await startSignedIn(text));
  });
  after(async () => {
    await h?.stop();
    await dropSchema(schema);
  });

  test('the config editor, the audit log, reloads, status and the host log never show it', async () => {
    const seen: string[] = [];
    const get = async (path: string) => {
      const r = await c.api('GET', path);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
      seen.push(JSON.stringify(r.body));
      return r;
    };
    const raw = (await get('/connectors/HR/config')).body.raw;
    const put = await c.api('PUT', '/connectors/HR/config', { connector: { ...raw, pageSize: 321 } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    seen.push(JSON.stringify(put.body));
    const reload = await c.api('POST', '/reload');
    seen.push(JSON.stringify(reload.body));
    const bad = await c.api('PUT', '/connectors/HR/config', { connector: { ...raw, pageSize: 0 } });
    assert.equal(bad.status, 400);
    seen.push(JSON.stringify(bad.body));
    const audit = await get('/audit');
    assert.ok(audit.body.records.length >= 3, 'the changes were audited');
    await get('/status');
    await get('/dashboard');
    for (const text of [...seen, h.logs()]) assert.ok(!text.includes(PASSWORD), `the store password leaked: ${text}`);
    assert.match(h.logs(), /reload/i, 'the host log was captured');
  });
}
