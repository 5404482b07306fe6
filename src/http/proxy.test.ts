// Through an HTTP proxy: plain http targets as absolute-form requests (no CONNECT), https targets through a
// CONNECT tunnel (TLS stays end to end), and proxy credentials that never show in a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { HttpService } from './client.ts';
import { HttpCallError } from './http-call-error.ts';
import { createTestCa } from '../test-support/pki.ts';
import { sendJson, startTestServer } from '../test-support/http-server.ts';

interface TestProxy {
  url: string;
  forwarded: string[];
  tunnels: string[];
  close(): Promise<void>;
}

/** A tiny forward proxy; with `credentials` ("user:pass") it answers 407 to anyone else. */
async function startProxy(credentials?: string): Promise<TestProxy> {
  const forwarded: string[] = [];
  const tunnels: string[] = [];
  const allowed = (h: string | undefined) =>
    !credentials || h === `Basic ${Buffer.from(credentials).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    if (!allowed(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    forwarded.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: { ...headers, via: '1.1 test-proxy' },
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connect', (req, socket, head) => {
    if (!allowed(req.headers['proxy-authorization'])) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const up = netConnect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${credentials ? `${credentials}@` : ''}127.0.0.1:${port}`,
    forwarded,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

test('an http target goes through the proxy as an absolute-form request (no CONNECT)', async () => {
  const target = await startTestServer((req, res) =>
    sendJson(res, 200, { via: req.headers.via, path: req.url.pathname }),
  );
  const proxy = await startProxy();
  const svc = new HttpService({
    baseUrl: `${target.url}/api`,
    proxy: proxy.url,
    auth: { type: 'bearer', token: 'token-through-proxy' },
  });
  try {
    const res = await svc.request({ method: 'GET', path: '/users', query: { page: 2 } });
    assert.deepEqual(res.json, { via: '1.1 test-proxy', path: '/api/users' });
    assert.deepEqual(proxy.forwarded, [`GET ${target.url}/api/users?page=2`]);
    assert.deepEqual(proxy.tunnels, []);
  } finally {
    await svc.close();
    await proxy.close();
    await target.close();
  }
});

test('an https target is tunnelled with CONNECT, TLS end to end with the custom CA', async () => {
  const ca = createTestCa();
  const target = await startTestServer(
    (req, res) => sendJson(res, 200, { via: req.headers.via ?? null }),
    ca.issueServer(),
  );
  const proxy = await startProxy();
  const svc = new HttpService({ baseUrl: target.url, proxy: proxy.url, tls: { ca: ca.cert } });
  try {
    const res = await svc.request({ method: 'GET', path: '/x' });
    assert.deepEqual(res.json, { via: null }, 'the proxy saw only encrypted bytes');
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${target.port}`]);
  } finally {
    await svc.close();
    await proxy.close();
    await target.close();
  }
});

test('proxy credentials in the URL are used, and a refusal never shows them', async () => {
  const target = await startTestServer((_req, res) => sendJson(res, 200, { ok: true }));
  const proxy = await startProxy('proxyuser:proxy-secret-pw');
  const good = new HttpService({ baseUrl: target.url, proxy: proxy.url });
  const bad = new HttpService({
    baseUrl: target.url,
    proxy: proxy.url.replace('proxy-secret-pw', 'wrong-secret-pw'),
    retry: { baseDelayMs: 1 },
  });
  try {
    assert.deepEqual((await good.request({ method: 'GET', path: '/x' })).json, { ok: true });
    const e = await bad.request({ method: 'GET', path: '/x' }).then(
      () => undefined,
      (x: unknown) => x,
    );
    assert.ok(e instanceof HttpCallError);
    assert.equal(e.kind, 'unauthorized');
    assert.ok(!e.message.includes('wrong-secret-pw') && !e.message.includes('proxyuser:'), e.message);
  } finally {
    await good.close();
    await bad.close();
    await proxy.close();
    await target.close();
  }
});
