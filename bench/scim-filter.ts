// npm run bench:scim — 100,000 users in a connector space, then GET /Users?filter=userName eq "…" with random
// existing names from 10 concurrent clients for 20 s, over HTTP and over HTTPS, on loopback. In the same run, the
// same client and query drive a minimal node:http server (bench/reference-scim-server.mjs) over HTTP: what Node
// itself allows on this machine. Prints requests/s, p50/p99 latency, peak resident memory and the host's ratio to
// the reference; the last line is one JSON object (refRatio, peakRssMB: the host's over HTTP).
// BENCH_HTTPS=false skips the HTTPS run; BENCH_LOG_READS=true records every read in the provisioning log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBenchSpace, startBenchProcess } from './bench-process.ts';
import { runReadLoad, type ReadFigures } from './read-load.ts';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TOKEN = 'bench-token-0123456789';

interface Figures extends ReadFigures {
  peakRssMB: number;
}

/** Drives the server that `script args` starts (it prints "READY <baseUrl>", and "RSS <bytes>" on SIGTERM). */
async function runOne(script: string, args: string[], https = false): Promise<Figures> {
  const server = await startBenchProcess(script, args);
  const figures = await runReadLoad({
    base: `${server.baseUrl}/connectors/BENCH/scim`,
    token: TOKEN,
    users: USERS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    https,
  });
  return { ...figures, peakRssMB: Math.round((await server.stop()) / 1024 / 1024) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
try {
  console.log(`SCIM filter benchmark: ${USERS} users, ${CONNECTIONS} clients, ${SECONDS} s per run, loopback`);
  const load = await loadBenchSpace(dataDir, USERS);
  console.log(
    `load : full import of ${load.objects} users into the connector space in ${load.ms} ms (${Math.round(load.objects / (load.ms / 1000))} objects/s, host start included)`,
  );
  const show = (label: string, f: Figures) =>
    console.log(
      `${label}: ${f.requestsPerSec} req/s, p50 ${f.p50ms} ms, p99 ${f.p99ms} ms, errors ${f.errors}, non-2xx ${f.non2xx}, peak RSS ${f.peakRssMB} MB`,
    );
  const reference = await runOne('./reference-scim-server.mjs', [String(USERS), TOKEN]);
  show('reference (node:http, Map) HTTP', reference);
  const http = await runOne('./bench-host.mjs', [dataDir, 'http']);
  show('Ferry HTTP ', http);
  const https =
    process.env.BENCH_HTTPS === 'false' ? undefined : await runOne('./bench-host.mjs', [dataDir, 'https'], true);
  if (https) show('Ferry HTTPS', https);
  const refRatio = Math.round((http.requestsPerSec / reference.requestsPerSec) * 100) / 100;
  const p99Ratio = Math.round((http.p99ms / Math.max(reference.p99ms, 1)) * 100) / 100;
  const rssRatio = Math.round((http.peakRssMB / reference.peakRssMB) * 100) / 100;
  console.log(`Ferry ÷ reference over HTTP: requests/s ${refRatio}, p99 ${p99Ratio}, peak RSS ${rssRatio}`);
  console.log(
    JSON.stringify({
      users: USERS,
      connections: CONNECTIONS,
      seconds: SECONDS,
      loadMs: load.ms,
      refRatio,
      p99ms: http.p99ms,
      peakRssMB: http.peakRssMB,
      reference,
      http,
      ...(https ? { https } : {}),
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
