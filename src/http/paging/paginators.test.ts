// Every paging strategy through the shared contract, then what is particular to one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpService } from '../client.ts';
import { HttpCallError } from '../http-call-error.ts';
import { sendJson, startTestServer } from '../../test-support/http-server.ts';
import { paginate, selectRecords } from './paginate.ts';
import { runPaginatorContract, untilShortPage, untilTold } from '../../test-support/paginator-contract.ts';
import type { HttpResponse } from '../types.ts';

const P = 100;

runPaginatorContract('offsetLimit (offset from 0)', {
  settings: { type: 'offsetLimit', offsetParam: 'offset', limitParam: 'limit', pageSize: P },
  pageSize: P,
  expectedRequests: untilShortPage(P),
});
runPaginatorContract('offsetLimit (1-based startIndex/count, stopping at the total)', {
  settings: {
    type: 'offsetLimit',
    offsetParam: 'startIndex',
    limitParam: 'count',
    pageSize: P,
    start: 1,
    totalFrom: 'total',
  },
  pageSize: P,
  expectedRequests: untilTold(P),
});
runPaginatorContract('pageNumber', {
  settings: { type: 'pageNumber', pageParam: 'page', sizeParam: 'size', pageSize: P },
  pageSize: P,
  expectedRequests: untilShortPage(P),
});
runPaginatorContract('cursor', {
  settings: { type: 'cursor', param: 'cursor', from: 'paging.next', sizeParam: 'limit', pageSize: P },
  pageSize: P,
  expectedRequests: untilTold(P),
});
runPaginatorContract('nextLink in the body', {
  settings: { type: 'nextLink', from: 'paging.nextUrl', sizeParam: 'limit', pageSize: P },
  pageSize: P,
  expectedRequests: untilTold(P),
});
runPaginatorContract('nextLink in the Link header', {
  settings: { type: 'nextLink', from: 'link-header', sizeParam: 'limit', pageSize: P },
  pageSize: P,
  expectedRequests: untilTold(P),
});
runPaginatorContract('keyset', {
  settings: { type: 'keyset', param: 'after', field: 'id', sizeParam: 'limit', pageSize: P },
  pageSize: P,
  expectedRequests: untilShortPage(P),
});

const res = (json: unknown, text = JSON.stringify(json)): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  text,
  json,
  durationMs: 1,
  attempts: 1,
  url: 'http://x/items',
});

test('records: the array at the path, none when null; missing, empty or another shape is an error', () => {
  assert.deepEqual(selectRecords(res({ data: { items: [1, 2] } }), 'data.items'), [1, 2]);
  assert.deepEqual(selectRecords(res([3]), '$'), [3]);
  assert.deepEqual(selectRecords(res({ data: { items: null } }), 'data.items'), []);
  // A page without its records is not an empty page: taken as the last one, it would end a full import early
  // and remove every object not yet seen.
  const invalid = (e: unknown) => e instanceof HttpCallError && e.kind === 'invalidResponse';
  assert.throws(() => selectRecords(res({}), 'data.items'), invalid);
  assert.throws(() => selectRecords(res({ data: null }), 'data.items'), invalid);
  assert.throws(() => selectRecords(res({ error: { code: 'x' } }), 'data'), /no "data"/);
  assert.throws(() => selectRecords(res(undefined, ''), 'data'), /empty/);
  assert.throws(() => selectRecords(res(undefined, ''), '$'), invalid);
  assert.throws(() => selectRecords(res({ data: [] }), '$'), invalid);
  assert.throws(
    () => selectRecords(res({ data: { items: 'x' } }), 'data.items'),
    (e: unknown) => e instanceof HttpCallError && e.kind === 'invalidResponse',
  );
  assert.throws(
    () => selectRecords({ ...res(undefined, '<xml/>'), headers: { 'content-type': 'text/xml' } }, 'data'),
    /not JSON/,
  );
});

test('a next link to another origin is refused', async () => {
  const srv = await startTestServer((_req, r) =>
    sendJson(r, 200, { items: [1], next: 'https://elsewhere.example/items?page=2' }),
  );
  const svc = new HttpService({ baseUrl: srv.url });
  try {
    const pages = paginate(svc, { method: 'GET', path: '/items' }, { type: 'nextLink', from: 'next' }, 'items');
    const first = await pages.next();
    assert.equal(first.done, false);
    await assert.rejects(
      pages.next(),
      (e: unknown) => e instanceof HttpCallError && e.kind === 'invalidResponse' && /another origin/.test(e.message),
    );
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('paging keeps the base request (headers, other query parameters) on every page', async () => {
  const seen: string[] = [];
  const srv = await startTestServer((req, r) => {
    seen.push(`${req.headers['x-tenant']} ${req.url.searchParams.get('filter')} ${req.url.searchParams.get('offset')}`);
    const offset = Number(req.url.searchParams.get('offset'));
    sendJson(r, 200, offset === 0 ? [1, 2] : offset === 2 ? [3] : []);
  });
  const svc = new HttpService({ baseUrl: srv.url });
  try {
    const all: unknown[] = [];
    for await (const p of paginate(
      svc,
      { method: 'GET', path: '/u', query: { filter: 'active' }, headers: { 'X-Tenant': 't1' } },
      { type: 'offsetLimit', offsetParam: 'offset', limitParam: 'limit', pageSize: 2 },
      '$',
    ))
      all.push(...p.items);
    assert.deepEqual(all, [1, 2, 3]);
    assert.deepEqual(seen, ['t1 active 0', 't1 active 2']);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('read ahead: page 2 is requested before page 1 is taken; stopping early aborts it', async () => {
  const asked: string[] = [];
  const srv = await startTestServer((req, r) => {
    const page = Number(new URL(req.url!, 'http://x').searchParams.get('page') ?? 1);
    asked.push(String(page));
    // Page 3 answers late: the read stops before it and the request must not be left running.
    setTimeout(
      () => sendJson(r, 200, { items: [page], next: page < 5 ? `/items?page=${page + 1}` : null }),
      page === 3 ? 2000 : 0,
    );
  });
  const svc = new HttpService({ baseUrl: srv.url, retry: { maxAttempts: 1 } });
  try {
    const pages = paginate(svc, { method: 'GET', path: '/items' }, { type: 'nextLink', from: 'next' }, 'items', {
      readAhead: true,
    });
    assert.deepEqual((await pages.next()).value?.items, [1]);
    for (const until = performance.now() + 1500; asked.length < 2 && performance.now() < until; )
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(asked, ['1', '2'], 'page 2 asked for while page 1 is with the caller');
    assert.deepEqual((await pages.next()).value?.items, [2]);
    const t0 = performance.now();
    await pages.return(undefined);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(svc.inFlight, 0, 'the request of page 3 was abandoned');
    assert.ok(performance.now() - t0 < 1800, 'stopping did not wait for page 3 (2 s late)');
  } finally {
    await svc.close();
    await srv.close();
  }
});
