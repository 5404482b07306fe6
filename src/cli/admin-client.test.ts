// The admin commands against a real host on TLS with its generated (self-signed) certificate: each one that
// cannot verify the certificate says what to do (--ca FILE, and which file the host wrote), and --ca works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost } from '../../test/helpers/test-host.ts';
import { runFerry } from '../test-support/run-ferry.ts';
import { runFerryInProcess as ferry } from '../test-support/run-ferry-in-process.ts';

const ADMIN = 'test-admin-token-0123456789';

test('every admin command against a self-signed host names --ca and the certificate file; --ca then works', async () => {
  const t = await startTestHost({
    tls: true,
    mutate: (c) => {
      c.host.adminToken = ADMIN;
    },
  });
  // A folder without .ferry-demo, so that no default CA file is picked up.
  const cwd = mkdtempSync(join(tmpdir(), 'ferry-admin-cli-'));
  try {
    const url = `https://127.0.0.1:${t.host.port}`;
    const common = ['--url', url, '--token', ADMIN];
    for (const cmd of [['status'], ['import', 'APP1'], ['test-connection', 'APP1'], ['logs']]) {
      const r = await ferry([...cmd, ...common], cwd);
      assert.equal(r.code, 1, `${cmd[0]}: ${r.stderr}`);
      assert.match(r.stderr, /SELF_SIGNED_CERT/, cmd[0]);
      assert.match(r.stderr, /pass --ca FILE \(or set FERRY_CA\)/, cmd[0]);
      assert.match(r.stderr, /DATADIR\/tls\/ferry-cert\.pem/, cmd[0]);
      assert.doesNotMatch(r.stderr, new RegExp(ADMIN), 'the token is never printed');
    }
    // The real binary, in a child process; the refusals above ran in this process (main(argv)).
    const ok = await runFerry(['status', ...common, '--ca', join(t.dataDir, 'tls', 'ferry-cert.pem')], cwd);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /APP1/);
  } finally {
    await t.stop();
  }
});
