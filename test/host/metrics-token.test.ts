// host.metricsToken: /metrics asks for a bearer token when one is configured, over real HTTP; the token is checked
// like the other tokens when the configuration is loaded and never reaches a log or a printed configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../src/config/config-error.ts';
import { parseHostConfig, redactConfig } from '../../src/config/load-config.ts';
import { MEMORY_HOSTS, TOKEN, startTestHost } from '../helpers/test-host.ts';

const METRICS_TOKEN = 'metrics-token-5f0c2a9e81d4b7';

/** The test hosts' configuration with a metrics token taken from FERRY_METRICS_TOKEN. */
function withMetricsToken(): string {
  const text = readFileSync(MEMORY_HOSTS, 'utf8');
  const withToken = text.replace(/^ {2}log: .*$/m, (line) => `${line}\n  metricsToken: "\${env:FERRY_METRICS_TOKEN}"`);
  assert.notEqual(withToken, text);
  return withToken;
}

test('/metrics asks for host.metricsToken when set, and the token is never logged', async () => {
  const t = await startTestHost({ configText: withMetricsToken(), env: { FERRY_METRICS_TOKEN: METRICS_TOKEN } });
  try {
    const url = `${t.host.baseUrl}/metrics`;
    const none = await fetch(url);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer /);
    assert.doesNotMatch(await none.text(), /ferry_scim_requests_total/);

    const wrongToken = `${METRICS_TOKEN}x`;
    const wrong = await fetch(url, { headers: { Authorization: `Bearer ${wrongToken}` } });
    assert.equal(wrong.status, 401);
    // A connector's token is not the metrics token.
    const scimToken = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(scimToken.status, 401);

    const right = await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /^# TYPE ferry_scim_requests_total counter$/m);

    // Other routes are unchanged: /health stays open.
    assert.equal((await fetch(`${t.host.baseUrl}/health`)).status, 200);

    const logs = t.logs();
    assert.ok(logs.length > 0);
    assert.ok(!logs.includes(METRICS_TOKEN), 'the metrics token reached the log');
    assert.ok(!logs.includes(wrongToken), 'a presented token reached the log');
  } finally {
    await t.stop();
  }
});

test('repeated wrong metrics tokens from one address are slowed down with 429 and Retry-After', async () => {
  const t = await startTestHost({ configText: withMetricsToken(), env: { FERRY_METRICS_TOKEN: METRICS_TOKEN } });
  try {
    const url = `${t.host.baseUrl}/metrics`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 15; i++) {
      const r = await fetch(url, { headers: { Authorization: 'Bearer not-the-metrics-token' } });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
      await r.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.ok(statuses.includes(429), `no 429 in ${statuses.join(',')}`);
    assert.match(retryAfter ?? '', /^[1-9]\d*$/);
  } finally {
    await t.stop();
  }
});

test('without host.metricsToken /metrics stays open', async () => {
  const t = await startTestHost();
  try {
    const r = await fetch(`${t.host.baseUrl}/metrics`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /# TYPE /);
  } finally {
    await t.stop();
  }
});

test('a short metrics token is refused at load time, and a printed configuration hides it', () => {
  const text = withMetricsToken();
  const env = { FERRY_DEMO_TOKEN: TOKEN, TEST_TOKEN: TOKEN };
  assert.throws(
    () => parseHostConfig(text, MEMORY_HOSTS, { ...env, FERRY_METRICS_TOKEN: 'short' }),
    (e: unknown) => e instanceof ConfigError && /host\.metricsToken: must be at least 12 characters/.test(e.message),
  );
  const cfg = parseHostConfig(text, MEMORY_HOSTS, { ...env, FERRY_METRICS_TOKEN: METRICS_TOKEN });
  assert.equal(cfg.host.metricsToken, METRICS_TOKEN);
  const printed = JSON.stringify(redactConfig(cfg));
  assert.ok(!printed.includes(METRICS_TOKEN));
  assert.match(printed, /"metricsToken":"\[redacted\]"/);
});
