import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.ts';
import { parseHostConfig, redactConfig } from './load-config.ts';

const ENV = { T: 'a-secret-token-1234', DB: 'postgres://ferry:db-pass-word@db.example:5432/ferry' };

/** A minimal memory connector host with the given `store` lines under host. */
function config(store: string): string {
  return `host:
${store}
connectors:
  - name: APP1
    kind: memory
    secretToken: "\${env:T}"
    objectTypes:
      - name: User
        anchor: id
        attributes: [id]
        mapping: { userName: id }
    memory:
      objectTypes:
        - name: User
          anchor: id
          attributes: [{ name: id }]
`;
}

test('store: absent is SQLite; postgres takes a url from a variable, which redactConfig hides', () => {
  assert.equal(parseHostConfig(config('  log: { level: info }'), 'ferry.yaml', ENV).host.store, undefined);
  const cfg = parseHostConfig(
    config('  store: { kind: postgres, url: "${env:DB}", schema: ferry_prod }'),
    'ferry.yaml',
    ENV,
  );
  assert.deepEqual(cfg.host.store, { kind: 'postgres', url: ENV.DB, schema: 'ferry_prod' });
  const red = redactConfig(cfg);
  assert.ok(red.host.store?.kind === 'postgres');
  assert.equal(red.host.store.url, '[redacted]');
  assert.ok(!JSON.stringify(red).includes('db-pass-word'));
});

test('store: a schema that is not a plain name, or an unknown kind, is refused at the setting', () => {
  for (const bad of ['  store: { kind: postgres, url: x, schema: "Bad-Name" }', '  store: { kind: mysql, url: x }']) {
    assert.throws(
      () => parseHostConfig(config(bad), 'ferry.yaml', ENV),
      (e: Error) => e instanceof ConfigError && /store/.test(e.message),
    );
  }
});
