// An application that echoes the password it refuses, in every encoding applications use: the password reaches
// neither the SCIM error, nor the provisioning log (space.db and /admin/logs), nor the host log. Passwords are
// drawn from the whole Unicode range (lone surrogates included), with quotes, backslashes and spaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { ECHO_ENCODINGS } from '../../src/test-support/echo-encodings.ts';
import { startTestHost } from '../helpers/test-host.ts';

const DEMO_CONFIG = new URL('../../examples/demo/ferry.yaml', import.meta.url).pathname;
const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const ADMIN = 'test-admin-token-0123456789';

/** Just enough of the Acme API for an import (empty) and a create that is refused with the password echoed. */
async function startEchoingApp(): Promise<{ url: string; encoding: { name: string }; close: () => Promise<void> }> {
  const encoding = { name: 'raw' };
  const reply = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === '/api/v1/changes/latest')
        return reply(res, 200, 'application/json', '{"seq":0}');
      if (req.method === 'GET') return reply(res, 200, 'application/json', '{"data":[],"paging":{}}');
      if (req.method === 'POST' && path === '/api/v1/accounts') {
        const pw = String(JSON.parse(body).password);
        const echoed = ECHO_ENCODINGS[encoding.name](pw);
        return encoding.name.startsWith('json')
          ? reply(res, 400, 'application/json', `{"error":"too weak: password \\"${echoed}\\"","code":"weak"}`)
          : reply(res, 422, 'text/plain; charset=utf-8', `too weak: password ${echoed}`);
      }
      reply(res, 404, 'application/json', '{"error":"not found"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    encoding,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The forms in which `pw` must not appear anywhere (every echo encoding, as text). */
function forms(pw: string): string[] {
  return [...new Set(Object.values(ECHO_ENCODINGS).map((enc) => enc(pw)))];
}

test('a password the application echoes in any encoding is in no reply, log or file', async () => {
  const app = await startEchoingApp();
  const t = await startTestHost({
    configFile: DEMO_CONFIG,
    env: { FERRY_DEMO_APP_URL: app.url, FERRY_DEMO_APP_KEY: 'app-key-0123456789' },
    mutate: (c) => {
      c.connectors = c.connectors.filter((x) => x.name === 'APP1');
      c.connectors[0].capabilities.exportPasswordInFirstPass = true;
    },
  });
  const used: string[] = [];
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
        fc.constantFrom(...Object.keys(ECHO_ENCODINGS)),
        async (chars, name) => {
          // A unique start keeps the password from matching ordinary bytes of the files by chance.
          const pw = `Pw${(n++).toString(36).padStart(3, '0')}"\\${chars}`;
          used.push(pw);
          app.encoding.name = name;
          const r = await t.scim('APP1', '/Users', {
            method: 'POST',
            json: {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
              [EXT]: { userName: `u${n}`, firstName: 'F', export_password: pw },
            },
          });
          assert.ok(r.status >= 400, `${name}: ${r.status}`);
          const detail = String(r.body?.detail ?? r.text);
          // Refused by the application, or earlier by the host (a control character).
          assert.match(detail, /too weak|control character/, detail);
          for (const f of forms(pw))
            assert.ok(
              !detail.includes(f) && !r.text.includes(f),
              `${name}: ${JSON.stringify(f)} in ${JSON.stringify(r.text)}`,
            );
        },
      ),
      { numRuns: 100 },
    );
    // The provisioning log, as the admin API serves it and as the files hold it.
    const logs = await fetch(`${t.host.baseUrl}/admin/logs?limit=1000`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    assert.equal(logs.status, 200);
    const logText = await logs.text();
    assert.match(logText, /too weak/);
    await t.host.provisioningLog.flush();
    const files = readdirSync(t.dataDir)
      .filter((f) => f.startsWith('space.db'))
      .map((f) => readFileSync(join(t.dataDir, f)));
    const hostLog = t.logs();
    for (const pw of used) {
      for (const f of forms(pw)) {
        assert.ok(!logText.includes(f), `/admin/logs holds ${JSON.stringify(f)}`);
        assert.ok(!hostLog.includes(f), `the host log holds ${JSON.stringify(f)}`);
        // As stored: UTF-8, and JSON-escaped inside the log's JSON columns.
        for (const bytes of new Set([f, JSON.stringify(f).slice(1, -1)]))
          for (const file of files)
            assert.ok(!file.includes(Buffer.from(bytes)), `space.db holds ${JSON.stringify(f)}`);
      }
    }
  } finally {
    await t.stop();
    await app.close();
  }
});
