// `ferry serve` end to end in a child process: the start-up banner gives each connector the tenant URL that fits
// its exposure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFerryUntil } from '../test-support/run-ferry.ts';

const TOKEN = 'serve-test-token-0123456789';

function connector(name: string, exposure: string): string {
  return `
  - name: ${name}
    kind: memory
    secretToken: "\${env:SERVE_TEST_TOKEN}"
    autosyncMinutes: 0
    exposure: ${exposure}
    objectTypes:
      - name: User
        anchor: userName
        mapping: { userName: userName }
    memory:
      objectTypes:
        - name: User
          anchor: userName
          attributes: [{ name: userName, required: true }]
`;
}

test('the banner prints /ecma2host_ for ECMA style, /connectors/ for SCIM style and both for both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-serve-'));
  writeFileSync(
    join(dir, 'ferry.yaml'),
    `host: { listen: { host: 127.0.0.1, port: 0 }, dataDir: ./data, log: { level: warn } }
connectors:${connector('ECMAONE', 'ecma')}${connector('SCIMONE', 'scim')}${connector('BOTHONE', 'both')}`,
  );
  const r = await runFerryUntil(['serve', '--config', 'ferry.yaml', '--http'], dir, /BOTHONE.*\n.*BOTHONE.*\n/, {
    SERVE_TEST_TOKEN: TOKEN,
  });
  const lines = r.stderr.split('\n');
  const urlsOf = (name: string) =>
    lines.filter((l) => l.trimStart().startsWith(name)).map((l) => /http:\/\/[^\s]+/.exec(l)?.[0]);
  const base = /Ferry is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(r.stderr)?.[1];
  assert.ok(base, r.stderr);
  assert.deepEqual(urlsOf('ECMAONE'), [`${base}/ecma2host_ECMAONE/scim`]);
  assert.deepEqual(urlsOf('SCIMONE'), [`${base}/connectors/SCIMONE/scim`]);
  assert.deepEqual(urlsOf('BOTHONE'), [`${base}/ecma2host_BOTHONE/scim`, `${base}/connectors/BOTHONE/scim`]);
  assert.doesNotMatch(r.stderr, new RegExp(TOKEN), 'the token is never printed');
});
