// A server that closes the connection after every answer without saying so (as uWSGI's plain --http-socket does):
// after the first close, Ferry's client stops reusing connections to it; and the bookkeeping on its own.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ClosingOrigins } from './closing-origins.ts';
import { HttpService } from './client.ts';
import { HttpCallError } from './http-call-error.ts';

/** Answers the first request of each connection with `{}` (HTTP/1.1, nothing said of keep-alive), then ends it. */
async function closingServer(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const answered = new WeakSet<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = '';
    sock.on('data', (d) => {
      buf += String(d);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
      if (buf.length < end + 4 + length || sock.writableEnded || answered.has(sock)) return;
      answered.add(sock);
      requests.push(buf.slice(0, buf.indexOf('\r\n')));
      // The close comes a moment after the answer, as from a server that finishes its request cycle first: the
      // client's next request is already on the wire and is never read.
      sock.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
      setTimeout(() => sock.end(), 5);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

test('a server that closes after each answer: after the first close, every request gets its own connection', async () => {
  const srv = await closingServer();
  const svc = new HttpService({ baseUrl: srv.url, retry: { maxAttempts: 1 } });
  const failed: number[] = [];
  try {
    // Creates right after reads, as a flow does: on a reused connection each create would meet the close.
    for (let i = 0; i < 20; i++) {
      try {
        await svc.request(
          i % 2 === 0 ? { method: 'GET', path: '/u' } : { method: 'POST', path: '/u', body: { json: { n: i } } },
        );
      } catch (e) {
        assert.ok(e instanceof HttpCallError, String(e));
        failed.push(i);
      }
    }
  } finally {
    await svc.close();
    await srv.close();
  }
  // The first create waits 20 ms for the first answer's close (the origin is not trusted yet), then every request
  // has a connection of its own. Only the first create may meet the close: when the test process is so loaded that
  // the server's 5 ms timer fires after that wait (seen once in CI); never a later one.
  assert.ok(
    failed.length === 0 || (failed.length === 1 && failed[0] === 1),
    `requests ${failed.join(', ')} of 20 failed`,
  );
  assert.equal(srv.requests.length, 20 - failed.length);
});

test('a create waits briefly after an answer until the origin has shown it keeps connections', () => {
  let now = 0;
  const o = new ClosingOrigins(() => now);
  assert.equal(o.settleDelay('http://k'), 0, 'nothing to wait for before any answer');
  o.answered('http://k');
  now += 5;
  assert.equal(o.settleDelay('http://k'), 15);
  now += 100;
  assert.equal(o.settleDelay('http://k'), 0);
  o.answered('http://k');
  o.answered('http://k');
  assert.equal(o.settleDelay('http://k'), 0, 'three answers and no close: trusted');
  o.answered('http://c');
  o.serverClosed('http://c');
  assert.equal(o.settleDelay('http://c'), 0, 'marked: a connection per request, no wait needed');
});

test('an origin is marked only by a close soon after an answer, and only for a while', () => {
  let now = 0;
  const o = new ClosingOrigins(() => now);
  o.serverClosed('http://a');
  assert.equal(o.closesConnections('http://a'), false, 'a close with no answer before it says nothing');
  o.answered('http://a');
  now = 5_000;
  o.serverClosed('http://a');
  assert.equal(o.closesConnections('http://a'), false, "an idle connection's timeout is not a close after each answer");
  o.answered('http://a');
  now += 10;
  o.serverClosed('http://a');
  assert.equal(o.closesConnections('http://a'), true);
  assert.equal(o.closesConnections('http://b'), false);
  now += 11 * 60_000;
  assert.equal(o.closesConnections('http://a'), false, 'keep-alive is tried again later');
});
