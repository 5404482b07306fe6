// npm run bench:soap — a full import of 20,000 users from the stand-in SAP service (examples/sap, seeded, its own
// process) through a host in its own process running the SAP ECC 7 template: BAPI_USER_GETLIST pages of 200 plus
// one BAPI_USER_GET_DETAIL per user. Prints users/s, the host's peak memory, and how the import's time splits
// between Ferry's own SOAP XML work (building envelopes, reading responses: counters around buildEnvelope and
// parseSoapResponse) and waiting for the service (counters around each HTTP exchange).
//
// The flow language runs a flow's activities one after another (forEach has no concurrency), so the template's
// import has one call in flight. For reference, the same calls are also made by a plain client (Ferry's HTTP layer,
// envelope writer and response reader, no flow, no connector space) with 1 and with 8 calls in flight.
// The last line is one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSapStandInProcess } from '../src/cli/demo-sap.ts';
import { HttpService } from '../src/http/client.ts';
import { buildEnvelope } from '../src/soap/envelope.ts';
import { parseSoapResponse } from '../src/soap/response.ts';
import { loadProject } from '../src/webservice/project/load-project.ts';
import type { SoapOperation } from '../src/soap/soap-schema.ts';

const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const PAGE = 200;
const IN_FLIGHT = 8;
const USER = 'FERRY_BENCH';
const PASSWORD = 'bench-password-0123456789';
const REPO = fileURLToPath(new URL('..', import.meta.url));

interface HostResult {
  importMs: number;
  startMs: number;
  objects: number;
  peakRss: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  buildEnvelope: { calls: number; ms: number };
  parseSoapResponse: { calls: number; ms: number };
  wait: { calls: number; ms: number; maxInFlight: number };
}

/** The host's full import, in a process of its own with the timing hooks. */
function ferryImport(dataDir: string, url: string): Promise<HostResult> {
  const child = spawn(
    process.execPath,
    ['--import', './bench/soap-timing.mjs', 'bench/soap-host.mjs', dataDir, url, USER, PASSWORD],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`the host import failed (${code}): ${out}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as HostResult);
    }),
  );
}

/** A plain client of the same operations: Ferry's HTTP layer and SOAP code, no flow and no connector space. */
async function plainImport(url: string, inFlight: number): Promise<{ ms: number; users: number }> {
  const ops = loadProject(join(REPO, 'templates/sap-ecc/project.yaml')).project.services.sap.discovery.operations;
  const svc = new HttpService({
    baseUrl: url,
    auth: { type: 'basic', username: USER, password: PASSWORD },
    limits: { concurrency: inFlight },
  });
  const call = async (name: string, args: Record<string, unknown>): Promise<Record<string, any>> => {
    // eslint-disable-line @typescript-eslint/no-explicit-any
    const op = ops[name];
    const env = buildEnvelope(op.soap as SoapOperation, name, args);
    const res = await svc.request(
      {
        method: 'POST',
        path: op.path,
        body: {
          xml: env.xml,
          contentType: env.contentType,
          ...(env.soapAction !== undefined ? { soapAction: env.soapAction } : {}),
        },
      } as never,
      { idempotent: true },
    );
    return parseSoapResponse(op.soap as SoapOperation, name, res.text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const t0 = performance.now();
  let users = 0;
  let after = '';
  for (;;) {
    const r = await call('BAPI_USER_GETLIST', {
      MAX_ROWS: PAGE,
      SELECTION_RANGE: { item: [{ PARAMETER: 'USERNAME', SIGN: 'I', OPTION: 'GT', LOW: after }] },
      USERLIST: {},
      RETURN: {},
    });
    const page = (r.USERLIST?.item ?? []) as { USERNAME: string }[];
    let next = 0;
    const worker = async () => {
      while (next < page.length) {
        const u = page[next++];
        const d = await call('BAPI_USER_GET_DETAIL', { USERNAME: u.USERNAME, RETURN: {} });
        if (d.ADDRESS) users++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, page.length) }, worker));
    if (page.length < PAGE) break;
    after = page[page.length - 1].USERNAME;
  }
  const ms = Math.round(performance.now() - t0);
  await svc.close();
  return { ms, users };
}

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-soap-'));
const t0 = performance.now();
const sap = await startSapStandInProcess({
  port: 0,
  dataDir: join(dir, 'app'),
  user: USER,
  password: PASSWORD,
  extraArgs: ['--seed', String(USERS)],
  timeoutMs: 120_000,
});
try {
  console.log(
    `SOAP import benchmark: ${USERS} users in the SAP stand-in (started and seeded in ${Math.round(performance.now() - t0)} ms), GETLIST pages of ${PAGE} + one GET_DETAIL per user`,
  );
  const warm = await plainImport(sap.url, IN_FLIGHT); // warms the stand-in (SQLite cache, JIT) so every run sees the same
  const plain8 = await plainImport(sap.url, IN_FLIGHT);
  console.log(
    `plain client, ${IN_FLIGHT} calls in flight (no flow, no connector space): ${plain8.users} users in ${plain8.ms} ms = ${Math.round((plain8.users / plain8.ms) * 1000)} users/s (warm-up ${warm.ms} ms)`,
  );
  const plain1 = await plainImport(sap.url, 1);
  console.log(
    `plain client, 1 call in flight: ${plain1.users} users in ${plain1.ms} ms = ${Math.round((plain1.users / plain1.ms) * 1000)} users/s`,
  );

  const f = await ferryImport(join(dir, 'host'), sap.url);
  const usersPerSecond = Math.round((f.objects / f.importMs) * 1000);
  const xmlMs = f.buildEnvelope.ms + f.parseSoapResponse.ms;
  const pct = (x: number) => Math.round((x / f.importMs) * 1000) / 10;
  const xmlShare = pct(xmlMs);
  // With several calls in flight their waits overlap: the summed wait is reported as is, not as a share of the
  // wall time. Ferry's own share is its XML work against the import's wall time.
  const ownVsWait = Math.round((xmlMs / (xmlMs + f.wait.ms)) * 1000) / 10;
  const peakRssMB = Math.round(f.peakRss / 1024 / 1024);
  console.log(
    `Ferry full import (SAP ECC template, ${f.wait.maxInFlight} call${f.wait.maxInFlight === 1 ? '' : 's'} in flight, forEach concurrency 8): ${f.objects} users in ${f.importMs} ms = ${usersPerSecond} users/s; host peak RSS ${peakRssMB} MB; host CPU user ${f.cpuUserMs} ms, system ${f.cpuSystemMs} ms`,
  );
  console.log(
    `  Ferry's XML work: ${Math.round(xmlMs)} ms = ${xmlShare}% of the import's wall time (buildEnvelope ${f.buildEnvelope.calls}× ${Math.round(f.buildEnvelope.ms)} ms, parseSoapResponse ${f.parseSoapResponse.calls}× ${Math.round(f.parseSoapResponse.ms)} ms; ${Math.round((xmlMs / f.parseSoapResponse.calls) * 1000)} µs per call)`,
  );
  console.log(
    `  waiting for the service, summed over the calls in flight: ${Math.round(f.wait.ms)} ms (${f.wait.calls} HTTP exchanges, ${Math.round((f.wait.ms / f.wait.calls) * 1000)} µs each)`,
  );
  console.log(
    `  Ferry's XML work against the summed waiting: ${ownVsWait}% / ${Math.round((100 - ownVsWait) * 10) / 10}%`,
  );
  console.log(
    `  Ferry import / plain client with 1 call in flight: ${Math.round((f.importMs / plain1.ms) * 100) / 100}×`,
  );
  console.log(
    JSON.stringify({
      users: f.objects,
      pageSize: PAGE,
      callsInFlight: f.wait.maxInFlight,
      importMs: f.importMs,
      usersPerSecond,
      hostPeakRssMB: peakRssMB,
      xmlMs: Math.round(xmlMs),
      waitMs: Math.round(f.wait.ms),
      xmlSharePct: xmlShare,
      xmlVsWaitPct: ownVsWait,
      soapCalls: f.parseSoapResponse.calls,
      plainClient1InFlightUsersPerSecond: Math.round((plain1.users / plain1.ms) * 1000),
      plainClient8InFlightUsersPerSecond: Math.round((plain8.users / plain8.ms) * 1000),
    }),
  );
} finally {
  await sap.stop();
  rmSync(dir, { recursive: true, force: true });
}
