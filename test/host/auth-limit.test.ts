// Repeated failed authentications are slowed down per client address: 429 with Retry-After once an address has
// failed too often, other addresses unaffected, the address served again once it waited; tokens never logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestHost, TOKEN } from '../helpers/test-host.ts';

const ADMIN_TOKEN = 'admin-token-for-limit-0123456789';

/** GET from a chosen loopback source address (127.0.0.0/8 is all loopback on Linux). */
function get(
  url: string,
  token: string,
  localAddress: string,
): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` }, localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('1,000 wrong tokens from one address are mostly refused with 429; other addresses are not affected', async () => {
  const t = await startTestHost();
  try {
    const url = `${t.host.baseUrl}/connectors/APP1/scim/Users?count=1`;
    const statuses = new Map<number, number>();
    let retryAfter: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const r = await get(url, `wrong-token-guess-${i}-abcdef`, '127.0.0.1');
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 429) {
        retryAfter = r.retryAfter;
        assert.match(r.body, /Too many failed authentications/);
      }
    }
    // A burst of 10 is looked at, then at most one per second of the run.
    const looked = statuses.get(401) ?? 0;
    assert.ok(looked >= 10 && looked < 200, `401s: ${looked}`);
    assert.ok((statuses.get(429) ?? 0) > 800, JSON.stringify([...statuses]));
    assert.ok(Number(retryAfter) >= 1, `Retry-After ${retryAfter}`);
    // Another address with the right token: served at once.
    assert.equal((await get(url, TOKEN, '127.0.0.2')).status, 200);
    // The guessing address, even with the right token, waits; after Retry-After it is served. Its budget refills
    // one per second, so on a slow machine it may hold one again: spend it with a wrong guess first.
    for (let i = 0; i < 50 && (await get(url, `wrong-token-again-${i}-abcdef`, '127.0.0.1')).status !== 429; i++);
    const blocked = await get(url, TOKEN, '127.0.0.1');
    assert.equal(blocked.status, 429);
    await new Promise((r) => setTimeout(r, Number(blocked.retryAfter) * 1000 + 100));
    assert.equal((await get(url, TOKEN, '127.0.0.1')).status, 200);
    assert.ok(!t.logs().includes('wrong-token-guess'), 'tokens are never logged');
  } finally {
    await t.stop();
  }
});

test('guesses at the admin token are slowed per address too; the real admin at another address is served', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.host.adminToken = ADMIN_TOKEN;
    },
  });
  try {
    const url = `${t.host.baseUrl}/admin/status`;
    let refused = 0;
    let limited = 0;
    for (let i = 0; i < 60; i++) {
      const r = await get(url, `wrong-admin-guess-${i}-abcdef`, '127.0.0.3');
      if (r.status === 401) refused++;
      if (r.status === 429) {
        limited++;
        assert.ok(Number(r.retryAfter) >= 1);
      }
    }
    assert.ok(refused >= 10 && refused < 40, `401s: ${refused}`);
    assert.ok(limited > 20, `429s: ${limited}`);
    assert.equal((await get(url, ADMIN_TOKEN, '127.0.0.4')).status, 200);
    assert.ok(!t.logs().includes('wrong-admin-guess'), 'tokens are never logged');
  } finally {
    await t.stop();
  }
});
