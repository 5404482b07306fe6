// npm run bench:console — the console's data routes at scale: 100,000 objects in a connector space and 1,000,000
// provisioning-log records (bulk-inserted straight into the host's SQLite file), then a host on that data and the
// p95 through the admin API of a connector-space search (by attribute, and a keyset page by anchor prefix), of a
// provisioning-log filter, and the time of the dashboard's data. Targets: searches and filter < 100 ms p95,
// dashboard < 1 s. The last line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHostConfig } from '../src/config/load-config.ts';
import { Host } from '../src/host/host.ts';
import { createLogger } from '../src/host/logger.ts';
import type { ProvisioningRecord } from '../src/space/log-store.ts';
import { SqliteSpaceStore } from '../src/space/sqlite-store.ts';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const ADMIN = 'bench-admin-token-0123456789';

const CONFIG = `
host:
  http: true
  listen: { host: 127.0.0.1, port: 0 }
  adminToken: ${ADMIN}
  provisioningLog: { retentionDays: 3650 }
connectors:
  - name: HR
    kind: memory
    secretToken: bench-connector-token-0123456789
    capabilities: { import: false }
    autosyncMinutes: 0
    objectTypes:
      - { name: User, anchor: userName, attributes: [userName, email, department], index: [userName, email] }
    memory:
      objectTypes:
        - name: User
          anchor: userName
          attributes: [{ name: userName, required: true }, { name: email }, { name: department }]
`;

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] * 100) / 100;
}

async function seed(dataDir: string): Promise<{ objectsMs: number; recordsMs: number }> {
  const store = SqliteSpaceStore.open(join(dataDir, 'space.db'));
  await store.configureIndex('HR', 'User', ['userName', 'email']);
  let t0 = performance.now();
  const PAGE = 5000;
  for (let i = 0; i < OBJECTS; i += PAGE) {
    const page = [];
    for (let k = i; k < Math.min(OBJECTS, i + PAGE); k++) {
      const u = `user${String(k).padStart(6, '0')}`;
      page.push({
        anchor: u,
        dn: `CN=${u}`,
        attributes: { userName: u, email: `${u}@example.com`, department: `d${k % 50}` },
      });
    }
    await store.upsertPage('HR', 'User', undefined, page);
  }
  const objectsMs = performance.now() - t0;
  t0 = performance.now();
  const start = Date.now() - 24 * 3_600_000;
  const BATCH = 20_000;
  const actions = ['create', 'replace', 'update', 'delete', 'get', 'query'];
  for (let i = 0; i < RECORDS; i += BATCH) {
    const batch: ProvisioningRecord[] = [];
    for (let k = i; k < Math.min(RECORDS, i + BATCH); k++) {
      const failed = k % 17 === 0;
      batch.push({
        time: new Date(start + Math.floor((k / RECORDS) * 24 * 3_600_000)).toISOString(),
        connector: k % 10 === 0 ? 'CRM' : 'HR',
        objectType: 'User',
        object: `user${String(k % OBJECTS).padStart(6, '0')}`,
        action: actions[k % actions.length],
        status: failed ? 'failure' : 'success',
        durationMs: (k % 97) + 0.5,
        ...(failed ? { error: { code: 'export_failed', message: 'refused', recommendation: 'fix' } } : {}),
      });
    }
    await store.appendLog(batch);
  }
  const recordsMs = performance.now() - t0;
  await store.close();
  return { objectsMs, recordsMs };
}

async function timed(url: string, n: number, path: (i: number) => string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url + path(i), { headers: { authorization: `Bearer ${ADMIN}` } });
    if (res.status !== 200) throw new Error(`${path(i)}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    out.push(performance.now() - t0);
  }
  return out;
}

const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-console-'));
try {
  const seeded = await seed(dataDir);
  console.log(
    `seeded ${OBJECTS} objects in ${Math.round(seeded.objectsMs)} ms, ${RECORDS} log records in ${Math.round(seeded.recordsMs)} ms`,
  );
  const config = parseHostConfig(CONFIG, join(dataDir, 'ferry.yaml'), {});
  config.host.dataDir = dataDir;
  const host = await Host.start(config, { logger: createLogger('silent') });
  try {
    const base = `${host.baseUrl}/admin`;
    const user = (i: number) => `user${String((i * 7919) % OBJECTS).padStart(6, '0')}`;
    await timed(base, 20, (i) => `/connectors/HR/space/User?attribute=email&value=${user(i)}@example.com`); // warm-up
    const byAttribute = await timed(
      base,
      SAMPLES,
      (i) => `/connectors/HR/space/User?attribute=email&value=${user(i)}@example.com`,
    );
    const byPrefix = await timed(
      base,
      SAMPLES,
      (i) => `/connectors/HR/space/User?limit=50&prefix=${user(i).slice(0, 8)}`,
    );
    const keyset = await timed(base, SAMPLES, (i) => `/connectors/HR/space/User?limit=50&after=${user(i)}`);
    const logConnector = await timed(base, SAMPLES, (i) => `/logs?connector=${i % 2 ? 'HR' : 'CRM'}&limit=50`);
    const logFailures = await timed(base, SAMPLES, () => '/logs?status=failure&limit=50');
    const logObject = await timed(base, SAMPLES, (i) => `/logs?object=${user(i)}&limit=50`);
    const dashboard = await timed(base, 5, () => '/dashboard?hours=24&buckets=96');
    const figures = {
      objects: OBJECTS,
      records: RECORDS,
      seedObjectsMs: Math.round(seeded.objectsMs),
      seedRecordsMs: Math.round(seeded.recordsMs),
      spaceByAttributeP95Ms: p95(byAttribute),
      spaceByPrefixP95Ms: p95(byPrefix),
      spaceKeysetPageP95Ms: p95(keyset),
      logByConnectorP95Ms: p95(logConnector),
      logFailuresP95Ms: p95(logFailures),
      logByObjectP95Ms: p95(logObject),
      dashboardMaxMs: Math.round(Math.max(...dashboard)),
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(24)} ${v}`);
    console.log(JSON.stringify(figures));
  } finally {
    await host.stop(1000);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
