// `ferry demo` (what `npm start` runs) end to end: the Acme application with its sample staff, the host's two
// connectors onto it, and a restart without the host's state that rebuilds both connector spaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { conformanceDir } from '../../test/helpers/shared.ts';

const bin = fileURLToPath(new URL('../../bin/ferry.mjs', import.meta.url));
const TOKEN = 'demo-test-token-0123456789';
const env = {
  ...process.env,
  FERRY_DEMO_TOKEN: TOKEN,
  FERRY_ADMIN_TOKEN: 'demo-test-admin-0123456789',
  FERRY_DEMO_APP_KEY: 'demo-test-app-key-0123456789',
  NODE_NO_WARNINGS: '1',
};

interface Demo {
  child: ChildProcess;
  urls: Record<string, string>;
  out: () => string;
}

/** Starts `ferry demo` on free ports and waits for its tenant URLs. */
async function startDemo(dataDir: string, seed: string): Promise<Demo> {
  const child = spawn(
    process.execPath,
    [bin, 'demo', '--http', '--port', '0', '--app-port', '0', '--seed', seed, '-d', dataDir],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    // Three processes (the command, the demo application, the host) start here; on a machine busy with other suites
    // one start took a minute.
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${out}`)), 120_000);
    const check = () => {
      const found = Object.fromEntries(
        [...out.matchAll(/^ {2}(APP1|SCIMAPP) +(http:\S+)$/gm)].map((m) => [m[1], m[2]]),
      );
      if (found.APP1 && found.SCIMAPP) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}):\n${out}`)));
  });
  return { child, urls, out: () => out };
}

async function stop(d: Demo): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => d.child.on('exit', (code) => resolve(code)));
  d.child.kill('SIGINT');
  return exited;
}

async function scim(url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json', ...(init.headers ?? {}) },
  });
  return { status: res.status, body: await res.json() };
}

/** Users of a connector once its start-up import has read them all (polls: the import runs beside SCIM). */
async function usersWhenImported(base: string, expected: number): Promise<any> {
  const until = Date.now() + 20_000;
  for (;;) {
    const r = await scim(`${base}/Users?count=100`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.totalResults === expected || Date.now() > until) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
}

test('ferry demo: sample staff in both connectors; without the host state a restart rebuilds the spaces', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-demo-test-'));
  try {
    let demo = await startDemo(dir, '12');
    let total = 0;
    try {
      const list = await usersWhenImported(demo.urls.SCIMAPP!, 12);
      assert.equal(list.totalResults, 12);
      const first = list.Resources.find((u: any) => u.id === 'acc_000001');
      assert.equal(first.userName, 'user1');
      assert.ok(first.name.givenName && first.name.familyName, 'the sample staff have names');
      assert.equal((await usersWhenImported(demo.urls.APP1!, 12)).totalResults, 12, 'APP1 shows the same application');
      // Okta's own SCIM test (a client nobody here wrote) against both connectors, as npm start leaves them.
      const dir = conformanceDir();
      for (const url of [demo.urls.APP1!, demo.urls.SCIMAPP!]) {
        const r = await promisify(execFile)(
          process.execPath,
          [join(dir, 'okta-runner.mjs'), join(dir, 'Okta-SCIM-20-SPEC-Test.json'), url, TOKEN],
          { encoding: 'utf8', timeout: 60_000 },
        ).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
        assert.match(r.stdout + r.stderr, /\b52 passed, 0 failed\b/, `${url}\n${r.stdout}${r.stderr}`);
      }
      const created = await scim(`${demo.urls.SCIMAPP}/Users`, {
        method: 'POST',
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'alice@example.com',
          name: { givenName: 'Alice', familyName: 'Smith' },
        }),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      // What the application holds (the Okta runs wrote through both connectors; each space sees its own writes).
      const app = /Demo application \(Acme HR\): (http:\S+)/.exec(demo.out())![1];
      const accounts = await fetch(`${app}/api/v1/accounts?limit=500`, {
        headers: { 'X-Api-Key': env.FERRY_DEMO_APP_KEY },
      });
      total = ((await accounts.json()) as { data: unknown[] }).data.length;
    } finally {
      assert.equal(await stop(demo), 0, demo.out());
    }

    // The host's state gone: the application (and its seed, which is not repeated) rebuilds both spaces.
    rmSync(join(dir, 'host'), { recursive: true, force: true });
    demo = await startDemo(dir, '12');
    try {
      const list = await usersWhenImported(demo.urls.SCIMAPP!, total);
      assert.equal(
        list.totalResults,
        total,
        "the 12 sample accounts and those created through SCIM (Okta's test creates some)",
      );
      assert.ok(total >= 13);
      assert.ok(list.Resources.some((u: any) => u.userName === 'alice@example.com'));
      assert.equal((await usersWhenImported(demo.urls.APP1!, total)).totalResults, total);
    } finally {
      assert.equal(await stop(demo), 0, demo.out());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ferry demo --seed refuses what is not a count', async () => {
  const child = spawn(process.execPath, [bin, 'demo', '--seed', 'many'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(err, /--seed.*a whole number from 0 to 100000/);
});
