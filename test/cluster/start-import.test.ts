// A host on PostgreSQL runs the start-up import only when it gets the import lease, and then start() waits for
// it (awaitInitialImport); a second host on the same schema finds the import done and does not repeat it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoApp, startDemoHost, type DemoApp } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';
import { dropSchema, requirePostgres, TEST_DATABASE_URL, testSchemaName } from '../../src/test-support/postgres.ts';

const schema = testSchemaName();
let app: DemoApp;
const hosts: TestHost[] = [];

before(async () => {
  await requirePostgres();
  app = await startDemoApp({ args: ['--seed', '40'] });
});
after(async () => {
  for (const h of hosts) await h.stop();
  await app?.stop();
  await dropSchema(schema);
});

test('the first host imports before start() resolves; the second does not import again', async () => {
  const start = () =>
    startDemoHost(app, {
      mutate: (c) => {
        c.host.store = { kind: 'postgres', url: TEST_DATABASE_URL, schema };
      },
    });
  const first = await start();
  hosts.push(first);
  assert.equal(await first.host.store.count('SCIMAPP', 'User'), 40, 'imported when start() resolved');
  assert.equal(first.host.connector('SCIMAPP')?.importStatus.last?.ok, true);
  const second = await start();
  hosts.push(second);
  assert.equal(second.host.connector('SCIMAPP')?.importStatus.last, undefined, 'not due: not imported again');
  assert.equal(await second.host.store.count('SCIMAPP', 'User'), 40);
});
