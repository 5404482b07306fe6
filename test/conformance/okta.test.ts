// Okta's own SCIM 2.0 test (a real client nobody here wrote) against the demo's SCIMAPP connector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { conformanceDir } from '../helpers/shared.ts';
import { startTestHost, TOKEN } from '../helpers/test-host.ts';

const dir = conformanceDir();

test('Okta SCIM 2.0 SPEC test passes in full against SCIMAPP (HTTPS)', async () => {
  const t = await startTestHost({ tls: true });
  try {
    const base = `${t.host.baseUrl}/connectors/SCIMAPP/scim`;
    const created = await fetchInsecure(`${base}/Users`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'seed.user@example.com',
      name: { givenName: 'Seed', familyName: 'User' },
      emails: [{ value: 'seed.user@example.com', type: 'work', primary: true }],
      active: true,
    });
    assert.equal(created, 201);
    // Asynchronous: the host runs in this very process and must keep answering.
    const r = await promisify(execFile)(
      process.execPath,
      [join(dir, 'okta-runner.mjs'), join(dir, 'Okta-SCIM-20-SPEC-Test.json'), base, TOKEN],
      {
        encoding: 'utf8',
        env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1' },
        timeout: 60_000,
      },
    ).catch((e: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: e.stdout ?? '',
      stderr: `${e.stderr ?? ''} exit ${e.code}`,
    }));
    const out = r.stdout + r.stderr;
    assert.match(out, /\b52 passed, 0 failed\b/, out);
  } finally {
    await t.stop();
  }
});

async function fetchInsecure(url: string, body: unknown): Promise<number> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
