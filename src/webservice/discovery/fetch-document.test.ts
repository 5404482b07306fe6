// Reading OpenAPI documents from files and from http(s) URLs served on 127.0.0.1: redirects, relative server
// URLs, HTTP errors, size limit, unreachable hosts, and TLS trust (--ca, --insecure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestCa } from '../../test-support/pki.ts';
import { closedPort, startTestServer, type TestHandler } from '../../test-support/http-server.ts';
import { DiscoveryError } from './discovered-service.ts';
import { loadOpenApiDocument } from './fetch-document.ts';
import { discoverOpenApi } from './openapi.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tickets = readFileSync(fixture('openapi31-tickets.json'), 'utf8');

const swaggerNoHost = `swagger: "2.0"
info: { title: Old, version: "1" }
basePath: /legacy
paths:
  /things:
    get:
      responses:
        "200": { description: ok }
`;

const handler: TestHandler = (req, res) => {
  switch (req.url.pathname) {
    case '/specs/tickets.json':
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(tickets);
    case '/old':
      res.writeHead(302, { location: '/specs/v2/swagger.yaml' });
      return res.end();
    case '/specs/v2/swagger.yaml':
      res.writeHead(200, { 'content-type': 'application/yaml' });
      return res.end(swaggerNoHost);
    case '/page':
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>Welcome</body></html>');
    case '/big':
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(`{"openapi":"3.0.0","paths":{},"x":"${'a'.repeat(5000)}"}`);
    default:
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('no');
  }
};

function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  return assert.rejects(p, (e: unknown) => e instanceof DiscoveryError && pattern.test(e.message));
}

test('a document fetched over HTTP: relative servers resolve against its URL, redirects followed', async () => {
  const server = await startTestServer(handler);
  try {
    const loaded = await loadOpenApiDocument(`${server.url}/specs/tickets.json`);
    assert.equal(loaded.url, `${server.url}/specs/tickets.json`);
    const s = discoverOpenApi(loaded.doc, { source: loaded.location, documentUrl: loaded.url });
    assert.equal(s.baseUrl, `${server.url}/tickets-api/v1`);
    assert.equal(s.source, `${server.url}/specs/tickets.json`);
    assert.deepEqual(
      s.warnings.filter((w) => /relative/.test(w)),
      [],
    );

    const moved = await loadOpenApiDocument(`${server.url}/old`);
    assert.equal(moved.url, `${server.url}/specs/v2/swagger.yaml`);
    // Swagger 2.0 without host: the server it came from.
    assert.equal(discoverOpenApi(moved.doc, { documentUrl: moved.url }).baseUrl, `${server.url}/legacy`);
  } finally {
    await server.close();
  }
});

test('HTTP errors, a page that is not a document, a document over the size limit', async () => {
  const server = await startTestServer(handler);
  try {
    await rejects(
      loadOpenApiDocument(`${server.url}/nope.json`),
      /cannot fetch http:\/\/127\.0\.0\.1:\d+\/nope\.json: the server answered 404 Not Found/,
    );
    const page = await loadOpenApiDocument(`${server.url}/page`);
    assert.throws(() => discoverOpenApi(page.doc, { source: `${server.url}/page` }), /page: not an OpenAPI document/);
    await rejects(loadOpenApiDocument(`${server.url}/big`, { maxBytes: 1000 }), /more than 1000/);
  } finally {
    await server.close();
  }
});

test('unreachable host and missing file: clear errors', async () => {
  const port = await closedPort();
  await rejects(
    loadOpenApiDocument(`http://127.0.0.1:${port}/openapi.json`),
    /cannot fetch http:\/\/127\.0\.0\.1:\d+\/openapi\.json: ECONNREFUSED/,
  );
  await rejects(loadOpenApiDocument('/no/such/openapi.yaml'), /cannot read \/no\/such\/openapi\.yaml \(ENOENT\)/);
});

test('HTTPS: an unknown CA is refused with a hint; --ca trusts it, --insecure skips the check', async () => {
  const ca = createTestCa();
  const server = await startTestServer(handler, ca.issueServer());
  try {
    const url = `${server.url}/specs/tickets.json`;
    await rejects(
      loadOpenApiDocument(url),
      /cannot fetch https:.*\(trust the server with --ca FILE, or for a test system --insecure\)/,
    );
    const trusted = await loadOpenApiDocument(url, { ca: ca.cert });
    assert.equal(discoverOpenApi(trusted.doc, { documentUrl: trusted.url }).baseUrl, `${server.url}/tickets-api/v1`);
    const insecure = await loadOpenApiDocument(url, { insecure: true });
    assert.equal((insecure.doc as { openapi: string }).openapi, '3.1.0');
  } finally {
    await server.close();
  }
});
