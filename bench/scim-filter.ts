// npm run bench:scim — 100,000 users in a connector space, then GET /Users?filter=userName eq "…" with random
// existing names from 10 concurrent clients for 20 s, over HTTP and over HTTPS, on loopback. In the same run, the
// same client and query drive a minimal node:http server (bench/reference-scim-server.mjs) over HTTP: what Node
// itself allows on this machine. Prints requests/s, p50/p99 latency, peak resident memory and the host's ratio to
// the reference; the last line is one JSON object (refRatio, peakRssMB: the host's over HTTP).
// BENCH_HTTPS=false skips the HTTPS run; BENCH_LOG_READS=true records every read in the provisioning log.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TOKEN = 'bench-token-0123456789';

interface Figures {
  requestsPerSec: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  non2xx: number;
  peakRssMB: number;
}

/** Fills the connector space: a full import of USERS generated users, in a process of its own. */
async function loadSpace(dataDir: string): Promise<{ ms: number; objects: number }> {
  const child = spawn(
    process.execPath,
    [new URL('./bench-host.mjs', import.meta.url).pathname, dataDir, 'load', String(USERS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const m = /LOADED (\d+) (\d+)/.exec(out);
  if (code !== 0 || !m) throw new Error(`loading the connector space failed: ${out}`);
  return { ms: Number(m[1]), objects: Number(m[2]) };
}

/** Drives the server that `script args` starts (it prints "READY <baseUrl>", and "RSS <bytes>" on SIGTERM). */
async function runOne(script: string, args: string[], https = false): Promise<Figures> {
  const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const it = lines[Symbol.asyncIterator]();
  const first = (await it.next()).value as string | undefined;
  if (!first?.startsWith('READY ')) throw new Error(`host did not start: ${first}`);
  const [, baseUrl] = first.split(' ');
  const base = `${baseUrl}/connectors/BENCH/scim`;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { authorization: `Bearer ${TOKEN}` },
        requests: [
          {
            setupRequest: (req) => {
              const n = 1 + Math.floor(Math.random() * USERS);
              req.path = `/connectors/BENCH/scim/Users?filter=${encodeURIComponent(`userName eq "user${n}@example.com"`)}`;
              return req;
            },
          },
        ],
        ...(https ? { tlsOptions: { rejectUnauthorized: false } } : {}),
      } as autocannon.Options,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    void inst;
  });
  child.kill('SIGTERM');
  let rss = 0;
  for (;;) {
    const { value, done } = await it.next();
    if (done) break;
    if (String(value).startsWith('RSS ')) rss = Number(String(value).slice(4));
  }
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMB: Math.round(rss / 1024 / 1024),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
try {
  console.log(`SCIM filter benchmark: ${USERS} users, ${CONNECTIONS} clients, ${SECONDS} s per run, loopback`);
  const load = await loadSpace(dataDir);
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
