// The batching client against a SCIM server on loopback that records what it is sent: users' searches and writes
// of one turn go in one request, each user gets its own answer, and what the target refuses or answers ambiguously
// is asked again one user at a time.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { BatchingClient, discoverBatching, type BatchingPolicy } from './batching-client.ts';
import { ScimClient, ScimRequestError, type RequestTrace } from './scim-client.ts';
import { parseTargetPath } from './target-path.ts';

interface Seen {
  method: string;
  url: string;
  body: unknown;
}

type Handler = (req: Seen, res: ServerResponse) => void;
let handler: Handler;
const seen: Seen[] = [];
const server = createServer((req: IncomingMessage, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    const s = {
      method: req.method ?? '',
      url: decodeURIComponent(req.url ?? ''),
      body: text ? JSON.parse(text) : undefined,
    };
    seen.push(s);
    handler(s, res);
  });
});
let client: ScimClient;

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  client = new ScimClient({ baseUrl: `http://127.0.0.1:${port}/scim`, token: 'secret-token-123', endpoint: '/Users' });
});
after(async () => {
  await client.close();
  server.close();
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/scim+json' });
  res.end(JSON.stringify(body));
};
const list = (res: ServerResponse, resources: unknown[]) =>
  json(res, 200, { totalResults: resources.length, Resources: resources });
const policy = (p: Partial<BatchingPolicy> = {}): BatchingPolicy => ({
  maxBatch: 50,
  orFilters: true,
  orChecked: true,
  bulk: { maxOperations: 50, maxPayloadBytes: 1_000_000 },
  ...p,
});
const USER_NAME = parseTargetPath('userName');
/** The userName values of an `or` filter the server was sent. */
const asked = (url: string) => [...url.matchAll(/userName eq "([^"]*)"/g)].map((m) => m[1]);

test('searches of one turn go as one or-filter; each user gets the resources with its own value', async () => {
  seen.length = 0;
  handler = (_s, res) =>
    list(res, [
      { id: '1', userName: 'ADA' },
      { id: '3', userName: 'cy' },
    ]);
  const b = new BatchingClient(client, policy());
  const traces: RequestTrace[][] = [[], [], []];
  const [ada, bob, cy] = await Promise.all(['ada', 'bob', 'cy'].map((v, i) => b.findEqual(USER_NAME, v, traces[i])));
  assert.equal(seen.length, 1, 'one request');
  assert.deepEqual(asked(seen[0].url), ['ada', 'bob', 'cy']);
  assert.match(seen[0].url, /&count=3$/);
  assert.deepEqual(
    ada.map((r) => r.id),
    ['1'],
    'case-insensitive, as the single query would be',
  );
  assert.deepEqual(bob, []);
  assert.deepEqual(
    cy.map((r) => r.id),
    ['3'],
  );
  assert.equal(traces[1][0].batch, 3);
  assert.match(traces[1][0].path, /filter=userName%20eq%20%22bob%22$/, "the user's own part of the request");
});

test('values that differ only in case are never asked together; a lone search is a plain request', async () => {
  seen.length = 0;
  handler = (_s, res) => list(res, []);
  const b = new BatchingClient(client, policy());
  await Promise.all([b.findEqual(USER_NAME, 'Ada'), b.findEqual(USER_NAME, 'ada'), b.findEqual(USER_NAME, 'bob')]);
  assert.equal(seen.length, 2);
  assert.deepEqual(asked(seen[0].url), ['Ada', 'bob']);
  assert.equal(seen[1].url, '/scim/Users?filter=userName eq "ada"', 'alone: no or, no count');
});

test('an answer that cannot be told apart, or more matches than the page holds, is asked one by one', async () => {
  seen.length = 0;
  handler = (s, res) =>
    / or /.test(s.url) ? list(res, [{ id: 'x' }]) : list(res, [{ id: `only-${asked(s.url)[0]}` }]);
  const b = new BatchingClient(client, policy());
  const found = await Promise.all([b.findEqual(USER_NAME, 'a'), b.findEqual(USER_NAME, 'b')]);
  assert.deepEqual(
    found.map((f) => f.map((r) => r.id)),
    [['only-a'], ['only-b']],
  );
  assert.equal(seen.length, 3, 'the or, then each alone');

  seen.length = 0;
  handler = (s, res) =>
    / or /.test(s.url)
      ? json(res, 200, {
          totalResults: 3,
          Resources: [
            { id: '1', userName: 'a' },
            { id: '2', userName: 'a' },
          ],
        })
      : list(res, [
          { id: '1', userName: 'a' },
          { id: '2', userName: 'a' },
          { id: '4', userName: 'a' },
        ]);
  const [a] = await Promise.all([b.findEqual(USER_NAME, 'a'), b.findEqual(USER_NAME, 'b')]);
  assert.equal(a.length, 3, 'the ambiguity is seen whole');
});

test('a target that refuses the or-filter is asked one by one from then on', async () => {
  seen.length = 0;
  handler = (s, res) =>
    / or /.test(s.url) ? json(res, 400, { scimType: 'invalidFilter', detail: 'no or here' }) : list(res, []);
  const p = policy();
  const b = new BatchingClient(client, p);
  await Promise.all([b.findEqual(USER_NAME, 'a'), b.findEqual(USER_NAME, 'b')]);
  assert.equal(p.orFilters, false);
  await Promise.all([b.findEqual(USER_NAME, 'c'), b.findEqual(USER_NAME, 'd')]);
  assert.equal(seen.filter((s) => / or /.test(s.url)).length, 1, 'asked with or once only');
  assert.equal(seen.length, 5);
});

test('a search failure the target causes reaches every user of the request', async () => {
  seen.length = 0;
  handler = (_s, res) => json(res, 503, { detail: 'down for maintenance' });
  const b = new BatchingClient(client, policy());
  const results = await Promise.allSettled([b.findEqual(USER_NAME, 'a'), b.findEqual(USER_NAME, 'b')]);
  assert.equal(seen.length, 1);
  for (const r of results) {
    assert.equal(r.status, 'rejected');
    assert.ok(r.reason instanceof ScimRequestError && r.reason.status === 503);
    assert.match(r.reason.message, /down for maintenance/);
  }
});

test('reads by id go as one id filter; a missing one is undefined', async () => {
  seen.length = 0;
  handler = (_s, res) => list(res, [{ id: 'k1' }, { id: 'k3' }]);
  const b = new BatchingClient(client, policy());
  const [k1, k2, k3] = await Promise.all([b.get('k1'), b.get('k2'), b.get('k3')]);
  assert.equal(seen.length, 1);
  assert.match(seen[0].url, /id eq "k1" or id eq "k2" or id eq "k3"/);
  assert.deepEqual([k1?.id, k2, k3?.id], ['k1', undefined, 'k3']);
});

test('writes of one turn go as one Bulk request; each user gets its own outcome', async () => {
  seen.length = 0;
  handler = (s, res) => {
    const ops = (s.body as { Operations: { method: string; bulkId?: string; path: string }[] }).Operations;
    json(res, 200, {
      Operations: ops.map((o) =>
        o.method === 'POST' && o.bulkId === 'u2'
          ? { method: 'POST', bulkId: o.bulkId, status: '409', response: { scimType: 'uniqueness', detail: 'taken' } }
          : o.method === 'POST'
            ? { method: 'POST', bulkId: o.bulkId, status: '201', location: `http://x/scim/Users/new%20${o.bulkId}` }
            : o.method === 'DELETE'
              ? { method: 'DELETE', status: '404', location: `http://x/scim${o.path}` }
              : { method: o.method, status: '200', location: `http://x/scim${o.path}` },
      ),
    });
  };
  const b = new BatchingClient(client, policy());
  const trace: RequestTrace[] = [];
  const results = await Promise.allSettled([
    b.create({ userName: 'a' }, trace),
    b.create({ userName: 'b' }),
    b.patch('p1', [{ op: 'Replace', path: 'displayName', value: 'P' }]),
    b.delete('d1'),
  ]);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, '/scim/Bulk');
  const body = seen[0].body as { schemas: string[]; Operations: { method: string; path: string; data?: unknown }[] };
  assert.deepEqual(body.schemas, ['urn:ietf:params:scim:api:messages:2.0:BulkRequest']);
  assert.deepEqual(
    body.Operations.map((o) => `${o.method} ${o.path}`),
    ['POST /Users', 'POST /Users', 'PATCH /Users/p1', 'DELETE /Users/d1'],
  );
  assert.deepEqual(results[0], { status: 'fulfilled', value: { id: 'new u1' } }, 'the id from the location');
  assert.equal(results[1].status, 'rejected');
  const e = (results[1] as PromiseRejectedResult).reason;
  assert.ok(e instanceof ScimRequestError);
  assert.equal(e.status, 409);
  assert.equal(e.scimType, 'uniqueness');
  assert.equal(e.message, 'POST /scim/Users: HTTP 409: taken');
  assert.deepEqual(results[2], { status: 'fulfilled', value: undefined });
  assert.deepEqual(results[3], { status: 'fulfilled', value: 'notFound' }, 'a DELETE of a gone resource');
  assert.deepEqual(trace, [
    { method: 'POST', path: '/scim/Users', status: 201, durationMs: trace[0].durationMs, batch: 4 },
  ]);
});

test('an operation the Bulk response leaves out fails on its own; no Bulk endpoint means one by one', async () => {
  seen.length = 0;
  // One entry for two operations, its status in SCIM 1.1's form ({"code": …}), which some servers still send.
  handler = (_s, res) =>
    json(res, 200, { Operations: [{ method: 'POST', bulkId: 'u1', status: { code: '201' }, location: '/Users/a' }] });
  const b = new BatchingClient(client, policy());
  const [a, c] = await Promise.allSettled([b.create({ userName: 'a' }), b.create({ userName: 'c' })]);
  assert.deepEqual(a, { status: 'fulfilled', value: { id: 'a' } });
  assert.equal(c.status, 'rejected');
  assert.match((c as PromiseRejectedResult).reason.message, /no entry for this operation/);

  seen.length = 0;
  handler = (s, res) =>
    s.url === '/scim/Bulk'
      ? json(res, 404, { detail: 'no bulk' })
      : json(res, 201, { id: `id-${(s.body as { userName: string }).userName}` });
  const p = policy();
  const b2 = new BatchingClient(client, p);
  const ids = await Promise.all([b2.create({ userName: 'a' }), b2.create({ userName: 'b' })]);
  assert.deepEqual(
    ids.map((r) => r.id),
    ['id-a', 'id-b'],
  );
  assert.equal(p.bulk, undefined);
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.url}`),
    ['POST /scim/Bulk', 'POST /scim/Users', 'POST /scim/Users'],
  );
});

test('discoverBatching reads the ServiceProviderConfig; a target without one gets one request per operation', async () => {
  handler = (_s, res) =>
    json(res, 200, {
      filter: { supported: true, maxResults: 20 },
      bulk: { supported: true, maxOperations: 10, maxPayloadSize: 65536 },
    });
  assert.deepEqual(await discoverBatching(client, 50), {
    maxBatch: 20,
    orFilters: true,
    orChecked: false,
    bulk: { maxOperations: 10, maxPayloadBytes: 65536 },
  });
  handler = (_s, res) => json(res, 200, { filter: { supported: true }, bulk: { supported: false } });
  assert.deepEqual(await discoverBatching(client, 50), {
    maxBatch: 50,
    orFilters: true,
    orChecked: false,
    bulk: undefined,
  });
  handler = (_s, res) => json(res, 404, { detail: 'not found' });
  assert.deepEqual(await discoverBatching(client, 50), { maxBatch: 1, orFilters: false, bulk: undefined });
  seen.length = 0;
  assert.deepEqual(await discoverBatching(client, 1), { maxBatch: 1, orFilters: false, bulk: undefined });
  assert.equal(seen.length, 0, 'batchSize 1 asks nothing');
});

test('a Bulk request has the time of one request for each of its operations', async () => {
  const { port } = server.address() as AddressInfo;
  const slow = new ScimClient({
    baseUrl: `http://127.0.0.1:${port}/scim`,
    token: 'secret-token-123',
    endpoint: '/Users',
    timeoutMs: 300,
  });
  try {
    handler = (s, res) => {
      if (s.url !== '/scim/Bulk') return void setTimeout(() => json(res, 201, { id: 'c' }), 450);
      const ops = (s.body as { Operations: { bulkId: string }[] }).Operations;
      setTimeout(
        () =>
          json(res, 200, {
            Operations: ops.map((o) => ({
              method: 'POST',
              bulkId: o.bulkId,
              status: '201',
              location: `/Users/${o.bulkId}`,
            })),
          }),
        450,
      );
    };
    const b = new BatchingClient(slow, policy());
    const made = await Promise.all([b.create({ userName: 'a' }), b.create({ userName: 'b' })]);
    assert.deepEqual(
      made.map((r) => r.id),
      ['u1', 'u2'],
      '450 ms for two operations, within 2 × 300 ms',
    );
    const timedOut = await Promise.allSettled([slow.create({ userName: 'c' })]);
    assert.equal(timedOut[0].status, 'rejected', 'a single request still has 300 ms');
  } finally {
    await slow.close();
  }
});

test('a lane keeps one request in flight, also when it sends one request per user', async () => {
  let inFlight = 0;
  let most = 0;
  handler = (s, res) => {
    most = Math.max(most, ++inFlight);
    setTimeout(() => {
      inFlight--;
      if (s.method === 'POST') json(res, 201, { id: (s.body as { userName: string }).userName });
      else list(res, []);
    }, 10);
  };
  const b = new BatchingClient(client, policy({ bulk: undefined, orFilters: false }));
  const made = await Promise.all(['a', 'b', 'c', 'd'].map((u) => b.create({ userName: u })));
  await Promise.all(['a', 'b', 'c'].map((u) => b.findEqual(USER_NAME, u)));
  assert.deepEqual(
    made.map((r) => r.id),
    ['a', 'b', 'c', 'd'],
  );
  assert.equal(most, 1, 'as one user per lane did');
});

test('the first or answer of a cycle is checked: a target that evaluates only part of it is asked one by one', async () => {
  seen.length = 0;
  // Evaluates only the first branch of an or, as a careless server might.
  handler = (s, res) => {
    const first = asked(s.url)[0];
    list(res, first === 'b' || / or /.test(s.url) ? [] : [{ id: first, userName: first }]);
  };
  const p = policy({ orChecked: false });
  const b = new BatchingClient(client, p);
  const found = await Promise.all(['b', 'a', 'c'].map((v) => b.findEqual(USER_NAME, v)));
  assert.deepEqual(
    found.map((f) => f.map((r) => r.id)),
    [[], ['a'], ['c']],
    'nobody looks absent who is there',
  );
  assert.equal(p.orFilters, false);
  assert.equal(p.orChecked, true);

  seen.length = 0;
  handler = (s, res) =>
    list(
      res,
      asked(s.url)
        .filter((v) => v !== 'y')
        .map((v) => ({ id: v, userName: v })),
    );
  const q = policy({ orChecked: false });
  const good = new BatchingClient(client, q);
  await Promise.all(['x', 'y'].map((v) => good.findEqual(USER_NAME, v)));
  assert.equal(q.orFilters, true, 'a target that evaluates or fully keeps it');
  assert.deepEqual(
    seen.map((s) => asked(s.url)),
    [['x', 'y'], ['y']],
    'only the absent value is asked again, once a cycle',
  );
  seen.length = 0;
  await Promise.all(['v', 'w'].map((v) => good.findEqual(USER_NAME, v)));
  assert.equal(seen.length, 1);
});
