// The host's body reader over real HTTP (Node's server under Hono's adapter) and through app.request().
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { FerryError } from '../errors/catalogue.ts';
import { requestBodyReader } from './request-body.ts';

const MAX = 1000;
const app = new Hono();
const read = requestBodyReader(MAX);
app.post('/echo', async (c) => c.json({ bytes: (await read(c)).byteLength }));
app.onError((e, c) =>
  c.json({ status: e instanceof FerryError ? e.status : 500 }, e instanceof FerryError ? 413 : 500),
);

const server = createAdaptorServer({ fetch: app.fetch });
let port = 0;
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

/** Sends a POST, its body in `chunks` (chunked when `length` is not given), and reads the whole answer. */
function post(chunks: Buffer[], length?: number): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (length !== undefined) headers['content-length'] = length;
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/echo', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => {
        body += s;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e),
    );
    for (const c of chunks) req.write(c);
    req.end();
  });
}

test('a body within the limit is read whole, with a length or chunked', async () => {
  const part = Buffer.alloc(400, 'a');
  assert.deepEqual(await post([part, part], 800), { status: 200, body: '{"bytes":800}', connection: 'keep-alive' });
  assert.equal((await post([part, part])).body, '{"bytes":800}');
  assert.equal((await post([], 0)).body, '{"bytes":0}');
});

test('a declared length over the limit is refused before reading, and the connection closes', async () => {
  const r = await post([Buffer.alloc(10, 'a')], MAX + 1);
  assert.equal(r.status, 413);
  assert.equal(r.connection, 'close');
});

test('a chunked body that grows past the limit is refused, and the connection closes', async () => {
  const part = Buffer.alloc(600, 'a');
  const r = await post([part, part, part]);
  assert.equal(r.status, 413);
  assert.equal(r.connection, 'close');
});

test('without a Node request (app.request), the web body is read with the same limit', async () => {
  const ok = await app.request('/echo', { method: 'POST', body: 'x'.repeat(MAX) });
  assert.equal(((await ok.json()) as { bytes: number }).bytes, MAX);
  const big = await app.request('/echo', { method: 'POST', body: 'x'.repeat(MAX + 1) });
  assert.equal(big.status, 413);
});
