// npm run bench:export — 10,000 SCIM creates from 8 concurrent clients through a host (its own process) into the
// demo application (its own process). Prints creates/s, p50 and p99 of the SCIM round trip, and the host's added
// latency: the round trip minus the application's own time (the export and confirmation calls, which the host
// reports per request in its Server-Timing header). The last line is one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { startDemoAppProcess } from '../src/cli/demo-app-process.ts';

const CREATES = Number(process.env.BENCH_CREATES ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const KEY = 'bench-key-0123456789';
const TOKEN = 'bench-token-0123456789';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const r2 = (n: number) => Math.round(n * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-export-'));
// A cheap password hash cost: the benchmark measures provisioning, not scrypt.
const app = await startDemoAppProcess({
  port: 0,
  dataDir: join(dir, 'app'),
  apiKey: KEY,
  extraArgs: ['--password-cost', '1024'],
});
const host = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : []),
    new URL('./export-host.mjs', import.meta.url).pathname,
    join(dir, 'host'),
    app.url,
    KEY,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: host.stdout! })[Symbol.asyncIterator]();
try {
  const ready = String((await lines.next()).value);
  if (!ready.startsWith('READY ')) throw new Error(`host did not start: ${ready}`);
  const base = `${ready.slice(6)}/connectors/SCIMAPP/scim`;
  const agent = new Agent({ connections: CLIENTS, keepAliveTimeout: 30_000 });
  const rtt: number[] = [];
  const added: number[] = [];
  const appMs: number[] = [];
  let failures = 0;
  let next = 0;
  const one = async (n: number) => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `bench${n}@acme.test`,
      name: { givenName: `Bench${n}`, familyName: 'Export' },
      emails: [{ type: 'work', value: `bench${n}@acme.test`, primary: true }],
      phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
      active: true,
    });
    const t0 = performance.now();
    const res = await request(`${base}/Users`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body,
    });
    await res.body.text();
    const ms = performance.now() - t0;
    if (res.statusCode !== 201) {
      failures++;
      return;
    }
    const timing = String(res.headers['server-timing'] ?? '');
    const inApp = [...timing.matchAll(/(export-add|confirm);dur=([\d.]+)/g)].reduce((a, m) => a + Number(m[2]), 0);
    rtt.push(ms);
    appMs.push(inApp);
    added.push(ms - inApp);
  };
  // Warm-up (connections, JIT), not counted.
  for (let i = 0; i < 200; i++) await one(1_000_000 + i);
  rtt.length = added.length = appMs.length = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < CREATES) await one(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await agent.close();
  host.kill('SIGTERM');
  let rss = 0;
  for (;;) {
    const { value, done } = await lines.next();
    if (done) break;
    if (String(value).startsWith('RSS ')) rss = Number(String(value).slice(4));
  }
  rtt.sort((a, b) => a - b);
  added.sort((a, b) => a - b);
  appMs.sort((a, b) => a - b);
  const figures = {
    creates: rtt.length,
    failures,
    clients: CLIENTS,
    createsPerSec: Math.round(rtt.length / seconds),
    p50ms: r2(pct(rtt, 50)),
    p99ms: r2(pct(rtt, 99)),
    appP50ms: r2(pct(appMs, 50)),
    addedP50ms: r2(pct(added, 50)),
    addedP99ms: r2(pct(added, 99)),
    hostPeakRssMB: Math.round(rss / 1024 / 1024),
  };
  console.log(
    `Export benchmark: ${CREATES} SCIM creates, ${CLIENTS} concurrent clients, host → demo application, loopback`,
  );
  console.log(
    `${figures.createsPerSec} creates/s, round trip p50 ${figures.p50ms} ms, p99 ${figures.p99ms} ms, failures ${failures}`,
  );
  console.log(
    `application's own time p50 ${figures.appP50ms} ms; host added latency p50 ${figures.addedP50ms} ms, p99 ${figures.addedP99ms} ms; host peak RSS ${figures.hostPeakRssMB} MB`,
  );
  console.log(JSON.stringify(figures));
} finally {
  host.kill('SIGKILL');
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
