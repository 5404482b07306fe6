// Retries against real servers: 429 with Retry-After (seconds and date), 503, timeouts, refused and reset
// connections, non-idempotent requests, jitter, and the operation deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpService, type AttemptEvent } from './client.ts';
import type { HttpSettingsInput } from './config.ts';
import { HttpCallError } from './http-call-error.ts';
import { closedPort, sendJson, startTestServer, type TestHandler } from '../test-support/http-server.ts';

async function withServer(
  handler: TestHandler,
  settings: Omit<HttpSettingsInput, 'baseUrl'>,
  fn: (svc: HttpService, srv: { requests: number }, events: AttemptEvent[]) => Promise<void>,
) {
  const srv = await startTestServer(handler);
  const events: AttemptEvent[] = [];
  const svc = new HttpService({ baseUrl: srv.url, ...settings }, { onAttempt: (e) => events.push(e) });
  try {
    await fn(svc, srv, events);
  } finally {
    await svc.close();
    await srv.close();
  }
}

const fast = { baseDelayMs: 1, maxDelayMs: 5000 };

async function callError(p: Promise<unknown>): Promise<HttpCallError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HttpCallError, `expected an HttpCallError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

test('429 with Retry-After in seconds: waits that long, then succeeds', async () => {
  let n = 0;
  await withServer(
    (_req, res) =>
      ++n === 1 ? sendJson(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { ok: true }),
    { retry: fast },
    async (svc, _srv, events) => {
      const t0 = Date.now();
      const res = await svc.request({ method: 'GET', path: '/users' });
      assert.equal(res.status, 200);
      assert.equal(res.attempts, 2);
      assert.ok(Date.now() - t0 >= 950, `waited ${Date.now() - t0} ms`);
      assert.equal(events[0]?.outcome, 'retry');
      assert.equal(events[0]?.retryInMs, 1000);
    },
  );
});

test('429 with Retry-After as an HTTP-date', async () => {
  let n = 0;
  await withServer(
    (_req, res) =>
      ++n === 1
        ? sendJson(res, 429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() })
        : sendJson(res, 200, {}),
    { retry: fast },
    async (svc) => {
      const t0 = Date.now();
      const res = await svc.request({ method: 'GET', path: '/x' });
      assert.equal(res.attempts, 2);
      // HTTP-dates have whole seconds: the wait is between 1 and 2 s.
      assert.ok(Date.now() - t0 >= 900, `waited ${Date.now() - t0} ms`);
    },
  );
});

test('a Retry-After longer than maxDelayMs ends the retries and is passed on', async () => {
  await withServer(
    (_req, res) => sendJson(res, 429, { error: 'quota' }, { 'retry-after': '120' }),
    { retry: fast },
    async (svc, srv) => {
      const e = await callError(svc.request({ method: 'GET', path: '/x' }));
      assert.equal(e.kind, 'throttled');
      assert.equal(e.status, 429);
      assert.equal(e.retryAfterSeconds, 120);
      assert.equal(e.attempts, 1);
      assert.equal(srv.requests, 1);
    },
  );
});

test('503 is retried with backoff until it succeeds', async () => {
  let n = 0;
  await withServer(
    (_req, res) => (++n <= 2 ? sendJson(res, 503, { error: 'down' }) : sendJson(res, 200, { ok: 1 })),
    { retry: fast },
    async (svc) => {
      const res = await svc.request({ method: 'GET', path: '/x' });
      assert.equal(res.attempts, 3);
      assert.deepEqual(res.json, { ok: 1 });
    },
  );
});

test('503 every time: unavailable after maxAttempts, with the application text', async () => {
  await withServer(
    (_req, res) => sendJson(res, 503, { error: 'maintenance window' }),
    { retry: fast },
    async (svc, srv) => {
      const e = await callError(svc.request({ method: 'GET', path: '/users' }));
      assert.equal(e.kind, 'unavailable');
      assert.equal(e.status, 503);
      assert.equal(e.attempts, 4);
      assert.equal(srv.requests, 4);
      assert.match(e.message, /^GET \/users → 503: \{"error":"maintenance window"\}$/);
    },
  );
});

test('statuses outside retryOn are not retried (500, 400, 404)', async () => {
  for (const status of [500, 400, 404]) {
    await withServer(
      (_req, res) => sendJson(res, status, { error: 'no' }),
      { retry: fast },
      async (svc, srv) => {
        const e = await callError(svc.request({ method: 'GET', path: '/x' }));
        assert.equal(e.attempts, 1);
        assert.equal(srv.requests, 1);
        assert.equal(e.kind, { 500: 'unavailable', 400: 'invalidValue', 404: 'notFound' }[status]);
      },
    );
  }
});

test('a timed-out attempt is retried; every attempt timing out gives a timeout error', async () => {
  let n = 0;
  const slowFirst: TestHandler = (_req, res) => {
    if (++n === 1) setTimeout(() => sendJson(res, 200, { late: true }), 400);
    else sendJson(res, 200, { late: false });
  };
  await withServer(slowFirst, { retry: fast, timeouts: { requestMs: 100 } }, async (svc) => {
    const res = await svc.request({ method: 'GET', path: '/x' });
    assert.equal(res.attempts, 2);
    assert.deepEqual(res.json, { late: false });
  });
  await withServer(
    (_req, res) => setTimeout(() => sendJson(res, 200, {}), 300),
    { retry: { ...fast, maxAttempts: 3 }, timeouts: { requestMs: 60 } },
    async (svc) => {
      const e = await callError(svc.request({ method: 'GET', path: '/slow' }));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.attempts, 3);
      assert.match(e.message, /GET \/slow: no complete answer within 60 ms/);
    },
  );
});

test('connection refused: retried (nothing was sent), then unavailable — for POST too', async () => {
  const port = await closedPort();
  const svc = new HttpService({ baseUrl: `http://127.0.0.1:${port}`, retry: fast });
  try {
    for (const method of ['GET', 'POST']) {
      const e = await callError(
        svc.request({ method, path: '/users', body: method === 'POST' ? { json: {} } : undefined }),
      );
      assert.equal(e.kind, 'unavailable');
      assert.equal(e.code, 'ECONNREFUSED');
      assert.equal(e.attempts, 4, method);
    }
  } finally {
    await svc.close();
  }
});

test('a reset connection is retried for GET', async () => {
  let n = 0;
  await withServer(
    (req, res) => (++n === 1 ? req.raw.socket.destroy() : sendJson(res, 200, {})),
    { retry: fast },
    async (svc) => {
      const res = await svc.request({ method: 'GET', path: '/x' });
      assert.equal(res.attempts, 2);
    },
  );
});

test('POST is not retried once sent: not on 503, not on timeout, not on a reset', async () => {
  await withServer(
    (_req, res) => sendJson(res, 503, {}),
    { retry: fast },
    async (svc, srv) => {
      const e = await callError(svc.request({ method: 'POST', path: '/users', body: { json: { login: 'a' } } }));
      assert.equal(e.attempts, 1);
      assert.equal(srv.requests, 1);
    },
  );
  await withServer(
    (_req, res) => setTimeout(() => sendJson(res, 201, {}), 300),
    { retry: fast, timeouts: { requestMs: 50 } },
    async (svc, srv) => {
      const e = await callError(svc.request({ method: 'POST', path: '/users', body: { json: {} } }));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.attempts, 1);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(srv.requests, 1);
    },
  );
  await withServer(
    (req) => req.raw.socket.destroy(),
    { retry: fast },
    async (svc, srv) => {
      const e = await callError(svc.request({ method: 'PATCH', path: '/users/1', body: { json: {} } }));
      assert.equal(e.kind, 'unavailable');
      assert.equal(e.attempts, 1);
      assert.equal(srv.requests, 1);
    },
  );
});

test('POST is retried when declared idempotent or when retryNonIdempotent is set', async () => {
  let n = 0;
  const flaky: TestHandler = (_req, res) => (++n % 2 === 1 ? sendJson(res, 503, {}) : sendJson(res, 201, { id: n }));
  await withServer(flaky, { retry: fast }, async (svc) => {
    const res = await svc.request({ method: 'POST', path: '/search', body: { json: {} } }, { idempotent: true });
    assert.equal(res.attempts, 2);
  });
  await withServer(flaky, { retry: { ...fast, retryNonIdempotent: true } }, async (svc) => {
    const res = await svc.request({ method: 'POST', path: '/users', body: { json: {} } });
    assert.equal(res.attempts, 2);
  });
});

test('backoff delays use full jitter within the exponential window', async () => {
  const srv = await startTestServer((_req, res) => sendJson(res, 503, {}));
  const events: AttemptEvent[] = [];
  const svc = new HttpService(
    { baseUrl: srv.url, retry: { baseDelayMs: 10, maxDelayMs: 25, maxAttempts: 5 } },
    { onAttempt: (e) => events.push(e), random: () => 0.5 },
  );
  try {
    await callError(svc.request({ method: 'GET', path: '/x' }));
  } finally {
    await svc.close();
    await srv.close();
  }
  // random 0.5 → half of min(25, 10 × 2^(n-1)): 5, 10, 12, 12
  assert.deepEqual(
    events.filter((e) => e.outcome === 'retry').map((e) => e.retryInMs),
    [5, 10, 12, 12],
  );
  assert.deepEqual(
    events.map((e) => e.outcome),
    ['retry', 'retry', 'retry', 'retry', 'fail'],
  );
});

test('the operation deadline bounds retries and waits', async () => {
  await withServer(
    (_req, res) => sendJson(res, 503, {}),
    { retry: { baseDelayMs: 400, maxDelayMs: 800, maxAttempts: 20 } },
    async (svc, srv) => {
      const t0 = Date.now();
      // A deadline the first answer meets even on a busy machine (else the failure is rightly a timeout).
      const e = await callError(svc.request({ method: 'GET', path: '/x' }, { deadline: Date.now() + 1500 }));
      assert.ok(Date.now() - t0 < 3500, `took ${Date.now() - t0} ms`); // 20 attempts without the deadline: about 7 s
      assert.equal(e.kind, 'unavailable', 'the last real failure, not a made-up timeout');
      assert.ok(srv.requests < 20);
    },
  );
  await withServer(
    (_req, res) => setTimeout(() => sendJson(res, 200, {}), 1000),
    { timeouts: { requestMs: 10000, operationMs: 250 } },
    async (svc) => {
      const t0 = Date.now();
      const e = await callError(svc.request({ method: 'GET', path: '/slow' }));
      assert.ok(Date.now() - t0 < 950, `took ${Date.now() - t0} ms`); // the answer itself takes 1000 ms
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /operation deadline/);
    },
  );
});

test('a caller abort rejects with the caller reason', async () => {
  await withServer(
    (_req, res) => setTimeout(() => sendJson(res, 200, {}), 1000),
    {},
    async (svc) => {
      const ac = new AbortController();
      const p = svc.request({ method: 'GET', path: '/x' }, { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('shutting down')), 50);
      await assert.rejects(p, /shutting down/);
    },
  );
});

test('401 without a refreshable credential is not retried', async () => {
  await withServer(
    (_req, res) => sendJson(res, 401, { error: 'who are you' }),
    { retry: fast, auth: { type: 'bearer', token: 'static-token-123' } },
    async (svc, srv) => {
      const e = await callError(svc.request({ method: 'GET', path: '/x' }));
      assert.equal(e.kind, 'unauthorized');
      assert.equal(srv.requests, 1);
    },
  );
});
