import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { createConsoleApp } from './console-app.ts';

test('with no admin token the console is off and says how to turn it on', async () => {
  const app = new Hono().route('/console', createConsoleApp({}));
  const page = await app.request('/console/');
  assert.equal(page.status, 503);
  // Headers before the body: once a host has run in this process, @hono/node-server's Response stands in for the
  // global one, and reading its body first rebuilds it without the headers set after it was made.
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(await page.text(), /host\.adminToken/);
  const api = await app.request('/console/api/status');
  assert.equal(api.status, 503);
  assert.equal(((await api.json()) as { code: string }).code, 'console_off');
});
