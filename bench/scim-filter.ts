// npm run bench:scim — 100,000 users in a connector space, then GET /Users?filter=userName eq "…" with random
// existing names from 10 concurrent clients for 20 s, over HTTP and over HTTPS, on loopback.
// Prints requests/s, p50/p99 latency and the host's peak resident memory; the last line is one JSON object.
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

async function runOne(mode: 'http' | 'https', dataDir: string): Promise<Figures> {
  const child = spawn(process.execPath, [new URL('./bench-host.mjs', import.meta.url).pathname, dataDir, mode], {
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
        ...(mode === 'https' ? { tlsOptions: { rejectUnauthorized: false } } : {}),
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
  const http = await runOne('http', dataDir);
  console.log(
    `HTTP : ${http.requestsPerSec} req/s, p50 ${http.p50ms} ms, p99 ${http.p99ms} ms, errors ${http.errors}, non-2xx ${http.non2xx}, host peak RSS ${http.peakRssMB} MB`,
  );
  const https = await runOne('https', dataDir);
  console.log(
    `HTTPS: ${https.requestsPerSec} req/s, p50 ${https.p50ms} ms, p99 ${https.p99ms} ms, errors ${https.errors}, non-2xx ${https.non2xx}, host peak RSS ${https.peakRssMB} MB`,
  );
  console.log(
    JSON.stringify({ users: USERS, connections: CONNECTIONS, seconds: SECONDS, loadMs: load.ms, http, https }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
