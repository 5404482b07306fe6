// The per-service concurrency limit and rate limit, measured by a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpService } from './client.ts';
import { sendJson, startTestServer } from '../test-support/http-server.ts';

test('concurrency is never exceeded under 50 parallel calls', async () => {
  let inFlight = 0;
  let peak = 0;
  const srv = await startTestServer((_req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      sendJson(res, 200, { ok: true });
    }, 15);
  });
  const svc = new HttpService({ baseUrl: srv.url, limits: { concurrency: 4 } });
  let clientPeak = 0;
  try {
    const calls = Array.from({ length: 50 }, async (_, i) => {
      const p = svc.request({
        method: i % 2 ? 'GET' : 'POST',
        path: `/items/${i}`,
        body: i % 2 ? undefined : { json: { i } },
      });
      clientPeak = Math.max(clientPeak, svc.inFlight);
      return p;
    });
    const results = await Promise.all(calls);
    assert.equal(results.length, 50);
    assert.ok(results.every((r) => r.status === 200));
  } finally {
    await svc.close();
    await srv.close();
  }
  assert.equal(srv.requests, 50);
  assert.ok(peak <= 4, `server saw ${peak} at once`);
  assert.equal(peak, 4, 'the limit is used, not undershot');
  assert.ok(clientPeak <= 4);
});

test('the rate limit spaces requests instead of failing them', async () => {
  const arrivals: number[] = [];
  const srv = await startTestServer((_req, res) => {
    arrivals.push(performance.now());
    sendJson(res, 200, {});
  });
  const svc = new HttpService({ baseUrl: srv.url, limits: { concurrency: 8, ratePerSecond: 20 } }); // 50 ms apart
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: 6 }, () => svc.request({ method: 'GET', path: '/x' })));
  } finally {
    await svc.close();
    await srv.close();
  }
  arrivals.sort((a, b) => a - b);
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
  // Requests leave 50 ms apart; their arrivals jitter by a few ms on a loaded machine (the first one also opens
  // the connection), so each gap is checked loosely and the whole span tightly. Without the limit all are ~0.
  const shown = `gaps ${gaps.map((g) => g.toFixed(0)).join(', ')}`;
  assert.ok(
    gaps.every((g) => g >= 20),
    shown,
  );
  assert.ok(arrivals[5]! - arrivals[0]! >= 200, shown);
  assert.ok(performance.now() - t0 >= 240, 'six requests at 20/s take at least 250 ms');
});

test('a burst lets the first requests go together', async () => {
  const arrivals: number[] = [];
  const srv = await startTestServer((_req, res) => {
    arrivals.push(performance.now());
    sendJson(res, 200, {});
  });
  const started = performance.now();
  const svc = new HttpService({ baseUrl: srv.url, limits: { ratePerSecond: 10, burst: 3 } });
  try {
    await Promise.all(Array.from({ length: 4 }, () => svc.request({ method: 'GET', path: '/x' })));
  } finally {
    await svc.close();
    await srv.close();
  }
  arrivals.sort((a, b) => a - b);
  assert.ok(arrivals[2]! - arrivals[0]! < 50, 'three back to back');
  // From the start, not from the first arrival: a slow first connection on a busy machine delays the first three
  // but not the fourth token, which comes 100 ms after the bucket was made.
  assert.ok(arrivals[3]! - started >= 90, 'the fourth waits its turn');
});

test('connections are kept alive and reused (one pool per origin)', async () => {
  let connections = 0;
  const srv = await startTestServer((_req, res) => sendJson(res, 200, {}));
  srv.server.on('connection', () => connections++);
  const svc = new HttpService({ baseUrl: srv.url });
  try {
    for (let i = 0; i < 20; i++) await svc.request({ method: 'GET', path: `/x/${i}` });
  } finally {
    await svc.close();
    await srv.close();
  }
  // The pool may open a second socket when a request is dispatched while the first is still settling; what
  // matters is that twenty calls do not open twenty connections. (undici closes the socket after a HEAD.)
  assert.ok(connections <= 2, `${connections} connections for 20 requests`);
});
