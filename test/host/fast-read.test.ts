// Entra's matching query takes the host's fast read path (src/host/fast-read.ts): its answers, metrics and logs
// are those of the Hono route, and whatever the path does not take (a wrong token, another parameter, a filter
// that does not parse) is answered by the Hono app as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestHost, TOKEN, type TestHost } from '../helpers/test-host.ts';

let t: TestHost;
const USER = 'fast.read@example.com';

before(async () => {
  t = await startTestHost();
  const created = await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: USER,
      name: { givenName: 'Fast', familyName: 'Read' },
      emails: [{ type: 'work', value: USER, primary: true }],
    },
  });
  assert.equal(created.status, 201, created.text);
});
after(() => t.stop());

/** A raw GET (the path exactly as given, any Host header); resolves status, headers and body. */
function get(
  path: string,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(t.host.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const filterOf = (name: string) => `filter=${encodeURIComponent(`userName eq "${name}"`)}`;
const fastLines = () =>
  t
    .logs()
    .split('\n')
    .filter((l) => l.includes('"fast":true')).length;

async function requestsCounted(status: string): Promise<number> {
  const text = await (await fetch(`${t.host.baseUrl}/metrics`)).text();
  const re = new RegExp(
    `^ferry_scim_requests_total\\{connector="SCIMAPP",method="GET",resource="Users",status="${status}"\\} (\\d+)$`,
    'm',
  );
  return Number(re.exec(text)?.[1] ?? 0);
}

test('the matching query answers as the Hono route does (body, status, headers), through the fast path', async () => {
  const before = fastLines();
  const fast = await get(`/connectors/SCIMAPP/scim/Users?${filterOf(USER.toUpperCase())}`);
  assert.equal(fastLines(), before + 1, 'the fast path answered');
  // startIndex=1 changes nothing in the answer but is not the plain query: the Hono route answers it.
  const hono = await get(`/connectors/SCIMAPP/scim/Users?${filterOf(USER.toUpperCase())}&startIndex=1`);
  assert.equal(fastLines(), before + 1, 'the Hono route answered');
  assert.equal(fast.status, 200);
  assert.equal(fast.body, hono.body);
  assert.equal(JSON.parse(fast.body).Resources[0].userName, USER);
  for (const h of ['content-type', 'content-length', 'connection', 'keep-alive'])
    assert.equal(fast.headers[h], hono.headers[h], h);
  assert.equal(fast.headers['x-request-id'], undefined);
  // No match: an empty ListResponse, as before.
  const none = await get(`/connectors/SCIMAPP/scim/Users?${filterOf('nobody@example.com')}`);
  assert.deepEqual(JSON.parse(none.body), {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: 0,
    itemsPerPage: 0,
    startIndex: 1,
    Resources: [],
  });
});

test('meta.location follows the Host header the way the adapter builds the URL ("+" is a space)', async () => {
  const headers = { authorization: `Bearer ${TOKEN}`, host: 'ferry.example.test:80' };
  const plus = `filter=userName+eq+%22${encodeURIComponent(USER)}%22`;
  const fast = await get(`/connectors/SCIMAPP/scim/Users?${plus}`, headers);
  const hono = await get(`/connectors/SCIMAPP/scim/Users?${plus}&count=100`, headers);
  assert.equal(fast.body, hono.body);
  assert.match(JSON.parse(fast.body).Resources[0].meta.location, /^http:\/\/ferry\.example\.test\/connectors\/SCIMAPP/);
});

test('metrics count each fast read once; a wrong token or a bad filter is answered by the Hono app', async () => {
  const ok0 = await requestsCounted('200');
  const unauthorized0 = await requestsCounted('401');
  const before = fastLines();
  for (let i = 0; i < 3; i++) await get(`/connectors/SCIMAPP/scim/Users?${filterOf(USER)}`);
  assert.equal(await requestsCounted('200'), ok0 + 3);

  const wrong = await get(`/connectors/SCIMAPP/scim/Users?${filterOf(USER)}`, {
    authorization: 'Bearer wrong-token-xyz',
  });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers['www-authenticate'], 'Bearer realm="ferry"');
  assert.equal(JSON.parse(wrong.body).detail, 'Missing or wrong bearer token for this connector.');
  assert.equal(await requestsCounted('401'), unauthorized0 + 1);

  const badFilter = await get(`/connectors/SCIMAPP/scim/Users?filter=${encodeURIComponent('userName eq')}`);
  assert.equal(badFilter.status, 400);
  assert.equal(JSON.parse(badFilter.body).scimType, 'invalidFilter');
  assert.equal(fastLines(), before + 3, 'only the three good reads took the fast path');
});

test('answers written together at the end of a loop turn each reach their own client', async () => {
  // Twenty reads on twenty connections at once: the host handles several in one turn and writes their answers
  // together (fast-read.ts, WriteBatch); each must get the answer to its own query.
  const names = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? USER : `nobody.${i}@example.com`));
  const answers = await Promise.all(names.map((n) => get(`/connectors/SCIMAPP/scim/Users?${filterOf(n)}`)));
  answers.forEach((a, i) => {
    assert.equal(a.status, 200);
    assert.equal(JSON.parse(a.body).totalResults, i % 2 === 0 ? 1 : 0, `query ${i}`);
  });
});
