// npm run bench:export — 10,000 SCIM creates from 8 concurrent clients through a host (its own process) into the
// demo application (its own process). Prints creates/s, p50 and p99 of the SCIM round trip, and the host's added
// latency: the round trip minus the application's own time (the export and confirmation calls, which the host
// reports per request in its Server-Timing header), also as a share of the application's own time, which does not
// depend on the machine as milliseconds do. The last line is one JSON object (addedShareP50 among it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoAppProcess } from '../src/cli/demo-app-process.ts';
import { startBenchProcess } from './bench-process.ts';
import { runCreateLoad } from './create-load.ts';

const CREATES = Number(process.env.BENCH_CREATES ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const KEY = 'bench-key-0123456789';
const TOKEN = 'bench-token-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-export-'));
// A cheap password hash cost: the benchmark measures provisioning, not scrypt.
const app = await startDemoAppProcess({
  port: 0,
  dataDir: join(dir, 'app'),
  apiKey: KEY,
  extraArgs: ['--password-cost', '1024'],
});
const host = await startBenchProcess('./export-host.mjs', [join(dir, 'host'), app.url, KEY], {
  nodeArgs: process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [],
});
try {
  const load = await runCreateLoad({
    base: `${host.baseUrl}/connectors/SCIMAPP/scim`,
    token: TOKEN,
    creates: CREATES,
    clients: CLIENTS,
    prefix: 'bench',
  });
  const addedShareP50 = load.appP50ms > 0 ? Math.round((load.addedP50ms / load.appP50ms) * 1000) / 1000 : null;
  const figures = { ...load, addedShareP50, hostPeakRssMB: Math.round((await host.stop()) / 1024 / 1024) };
  console.log(
    `Export benchmark: ${CREATES} SCIM creates, ${CLIENTS} concurrent clients, host → demo application, loopback`,
  );
  console.log(
    `${figures.createsPerSec} creates/s, round trip p50 ${figures.p50ms} ms, p99 ${figures.p99ms} ms, failures ${figures.failures}`,
  );
  console.log(
    `application's own time p50 ${figures.appP50ms} ms; host added latency p50 ${figures.addedP50ms} ms (${addedShareP50 === null ? '?' : Math.round(addedShareP50 * 100)} % of the application's time), p99 ${figures.addedP99ms} ms; host peak RSS ${figures.hostPeakRssMB} MB`,
  );
  console.log(JSON.stringify(figures));
} finally {
  host.child.kill('SIGKILL');
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
