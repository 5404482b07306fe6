// The provisioning log's error codes come from the one catalogue: failures of real SCIM requests against a
// loopback server, a closed port, and real mapping evaluations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from '../errors/catalogue.ts';
import { startTestServer, type TestServer } from '../test-support/http-server.ts';
import { compileMapping } from './compiled-mapping.ts';
import { AmbiguousMatchError, classifyError } from './error-classification.ts';
import { compileExpression } from './expression-compiler.ts';
import { evaluateMappings } from './mapping-evaluation.ts';
import type { MappingConfig } from './mapping-file.ts';
import type { ProvisioningReport } from './report.ts';
import { formatReport } from './report-format.ts';
import { ScimClient } from './scim-client.ts';

let server: TestServer;
before(async () => {
  // Answers a POST with the status its body asks for, as a SCIM error.
  server = await startTestServer((req, res) => {
    const status = (JSON.parse(req.body) as { status: number }).status;
    res.writeHead(status, { 'content-type': 'application/scim+json' });
    res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: `said ${status}` }));
  });
});
after(() => server.close());

async function failureOf(baseUrl: string, status: number): Promise<unknown> {
  const client = new ScimClient({ baseUrl, token: 'secret-token-123', endpoint: '/Users', timeoutMs: 10_000 });
  try {
    await client.create({ status });
    return assert.fail('the request should have failed');
  } catch (e) {
    return e;
  } finally {
    await client.close();
  }
}

test('a failed SCIM request gets the catalogue code of its status, as the host sorts an application answer', async () => {
  const expected: [number, string][] = [
    [400, 'target_invalid_value'],
    [401, 'target_credentials'],
    [403, 'target_credentials'],
    [404, 'target_not_found'],
    [405, 'export_failed'],
    [409, 'target_uniqueness'],
    [429, 'target_throttled'],
    [500, 'target_unavailable'],
    [503, 'target_unavailable'],
  ];
  for (const [status, code] of expected) {
    const error = classifyError(await failureOf(server.url, status));
    assert.equal(error.code, code, `HTTP ${status}`);
    assert.ok(error.code in CATALOGUE);
    assert.match(error.message, new RegExp(`HTTP ${status}: said ${status}`));
    assert.doesNotMatch(error.message, /secret-token-123/);
    // The engine's target is a SCIM endpoint set in the job: its recommendations speak of the target.
    assert.match(error.recommendation, /target/i, `HTTP ${status}`);
  }
  assert.match(classifyError(await failureOf(server.url, 401)).recommendation, /target\.token/);
});

test('an unreachable target is target_unavailable, with advice on its URL and certificate', async () => {
  const closed = await startTestServer(() => undefined);
  const url = closed.url;
  await closed.close();
  const error = classifyError(await failureOf(url, 201));
  assert.equal(error.code, 'target_unavailable');
  assert.match(error.recommendation, /target URL.*target\.tls/);
});

test('matching and expression failures have codes of their own in the catalogue', async () => {
  assert.equal(classifyError(new AmbiguousMatchError('2 target objects have userName = "A"')).code, 'ambiguous_match');
  const mapping = (expression: string) =>
    compileMapping(
      { type: 'expression', expression, target: 'userName', apply: 'always', flowNullValues: false } as MappingConfig,
      0,
      compileExpression,
    );
  const taken = await evaluateMappings(
    [mapping('SelectUniqueValue("A", "B")')],
    {},
    {
      forCreate: true,
      isTakenAt: () => () => true,
    },
  ).catch((e: unknown) => e);
  assert.equal(classifyError(taken).code, 'all_values_taken');
  assert.match(classifyError(taken).recommendation, /SelectUniqueValue/);
  const broken = await evaluateMappings(
    [mapping('DateAdd("d", 1, [hired])')],
    { hired: 'not a date' },
    {
      forCreate: true,
    },
  ).catch((e: unknown) => e);
  assert.equal(classifyError(broken).code, 'expression_failed');
  for (const code of ['ambiguous_match', 'all_values_taken', 'expression_failed', 'source_user_not_found'])
    assert.ok(code in CATALOGUE, code);
  assert.equal(classifyError(new TypeError('x is undefined')).code, 'internal');
});

test("a report shows Entra's name beside a code Entra shares, and the code alone otherwise", () => {
  const report = (code: 'target_uniqueness' | 'target_unavailable'): ProvisioningReport => ({
    cycleId: null,
    time: '2030-01-01T00:00:00.000Z',
    sourceId: 'ada@contoso.com',
    targetId: null,
    action: 'Create',
    status: 'failure',
    durationMs: 1,
    steps: [],
    modifiedProperties: [],
    error: { code, message: 'POST /Users: HTTP 409', recommendation: 'Match it.' },
  });
  assert.match(formatReport(report('target_uniqueness')), /^Error target_uniqueness \(Entra: EntryConflict\): /m);
  assert.match(formatReport(report('target_unavailable')), /^Error target_unavailable: /m);
});
