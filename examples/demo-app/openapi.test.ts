// The OpenAPI document: the committed YAML, the served JSON and the route table all say the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { startDemoApp } from './app.ts';
import { type Json, openApiDocument } from './openapi.ts';
import { KEY, startApp, tempDir } from './test-server.ts';
import { OPENAPI_YAML, openApiYaml } from './write-openapi.ts';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

test('openapi.yaml is the document, up to date (else run write-openapi.ts)', () => {
  const committed = readFileSync(OPENAPI_YAML, 'utf8');
  assert.deepEqual(parse(committed), openApiDocument);
  assert.equal(committed, openApiYaml(), 'regenerate with: node --import tsx examples/demo-app/write-openapi.ts');
});

test('GET /openapi.json serves the same document', async (t) => {
  const app = await startApp(t);
  const res = await fetch(`${app.url}/openapi.json`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), openApiDocument);
});

test('every route is described and every described operation is routed', async (t) => {
  const app = await startDemoApp({
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir(t),
    apiKeys: [KEY],
    seed: 0,
    rate: 0,
    faults: true,
    passwordCost: 1024,
    verbose: false,
  });
  t.after(() => app.close());
  // Not part of the described API: the document itself, and test-only fault injection.
  const routed = app.routes
    .filter((r) => r.path !== '/openapi.json' && !r.path.startsWith('/_faults'))
    .map((r) => `${r.method} ${r.path}`);
  const paths = openApiDocument.paths as Record<string, Record<string, Json>>;
  const described = Object.entries(paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
  assert.deepEqual([...routed].sort(), [...described].sort());
});

test('every $ref points at a component, and every operation has an id and a success response', () => {
  const refs: string[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') refs.push(x);
        else walk(x);
      }
    }
  };
  walk(openApiDocument);
  assert.ok(refs.length > 50);
  for (const ref of refs) {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Json | undefined>(
        (o, key) => (o && typeof o === 'object' && !Array.isArray(o) ? o[key] : undefined),
        openApiDocument,
      );
    assert.ok(target !== undefined, `dangling ${ref}`);
  }
  const ids = new Set<string>();
  for (const item of Object.values(openApiDocument.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      assert.equal(typeof op.operationId, 'string');
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      assert.ok(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        op.operationId,
      );
    }
  }
});
