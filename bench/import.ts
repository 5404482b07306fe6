// npm run bench:import — full import of 100,000 users from the demo application, 500 per page, through a host
// (its own process), against a plain paged fetch of the same pages by the same HTTP client without Ferry,
// measured in the same run (each side twice, alternating; the better run of each counts). Prints time, the host's
// peak memory and the ratio; the last line is one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpService } from '../src/http/client.ts';
import { paginate } from '../src/http/paging/paginate.ts';
import { startDemoAppProcess } from '../src/cli/demo-app-process.ts';
import { readProcStat } from './proc-stat.mjs';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PAGE = 500;
const KEY = 'bench-key-0123456789';

/** A plain paged read of every account with the HTTP layer alone. */
async function plainFetch(url: string): Promise<{ ms: number; records: number }> {
  const svc = new HttpService({ baseUrl: url, auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: KEY } });
  const t0 = performance.now();
  let records = 0;
  for await (const page of paginate(
    svc,
    { method: 'GET', path: '/api/v1/accounts', query: { limit: PAGE } },
    { type: 'cursor', param: 'cursor', from: 'paging.next_cursor' },
    'data',
  )) {
    records += page.items.length;
  }
  const ms = Math.round(performance.now() - t0);
  await svc.close();
  return { ms, records };
}

/** The host's full import in a process of its own. */
function ferryImport(
  dataDir: string,
  url: string,
): Promise<{ ms: number; objects: number; peakRssMB: number; startMs: number }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_HOST_FLAGS ? process.env.BENCH_HOST_FLAGS.split(' ') : []),
      new URL('./import-host.mjs', import.meta.url).pathname,
      dataDir,
      url,
      KEY,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const m = /DONE (\d+) (\d+) (\d+) (\d+)/.exec(out);
      if (code !== 0 || !m) reject(new Error(`the host import failed: ${out}`));
      else
        resolve({
          ms: Number(m[1]),
          objects: Number(m[2]),
          peakRssMB: Math.round(Number(m[3]) / 1024 / 1024),
          startMs: Number(m[4]),
        });
    }),
  );
}

/** CPU ms of a process so far (Linux /proc; 0 elsewhere). */
function processCpuMs(pid: number | undefined): number {
  try {
    return readProcStat(`/proc/${pid}/stat`).ms;
  } catch {
    return 0;
  }
}

/** Busy and total CPU ms of the whole machine so far (Linux /proc; zeros elsewhere). */
function machineCpuMs(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0) * 10;
    return { busy: total - (f[3]! + f[4]!) * 10, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Runs `fn`, and says how busy the application and the machine were meanwhile. */
async function measured<T>(
  pid: number | undefined,
  fn: () => Promise<T>,
): Promise<T & { appCpuMs: number; machineBusy: number }> {
  const app0 = processCpuMs(pid);
  const m0 = machineCpuMs();
  const r = await fn();
  const m1 = machineCpuMs();
  return {
    ...r,
    appCpuMs: processCpuMs(pid) - app0,
    machineBusy: m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : 0,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-import-'));
const t0 = performance.now();
const app = await startDemoAppProcess({
  port: 0,
  dataDir: join(dir, 'app'),
  apiKey: KEY,
  extraArgs: ['--seed', String(USERS)],
});
try {
  console.log(
    `Import benchmark: ${USERS} accounts in the demo application (seeded in ${Math.round(performance.now() - t0)} ms), ${PAGE} per page`,
  );
  await plainFetch(app.url); // warm the application's caches so both runs see the same
  const pid = app.proc.pid;
  const plain = await measured(pid, () => plainFetch(app.url));
  console.log(
    `plain paged fetch (same HTTP client, no Ferry): ${plain.records} records in ${plain.ms} ms; the application used ${plain.appCpuMs} ms CPU, the machine was ${Math.round(plain.machineBusy * 100)} % busy`,
  );
  // Each side runs twice, alternating, and its better run counts: the same treatment for both (a 2-core machine
  // varies by ±10 % from run to run). Ferry's import starts each time from an empty host data folder.
  const ferry1 = await measured(pid, () => ferryImport(join(dir, 'host1'), app.url));
  const report = (f: typeof ferry1) =>
    console.log(
      `Ferry full import: ${f.objects} objects in ${f.ms} ms (host start to end of import ${f.startMs} ms), host peak RSS ${f.peakRssMB} MB; the application used ${f.appCpuMs} ms CPU, the machine was ${Math.round(f.machineBusy * 100)} % busy (host start included)`,
    );
  report(ferry1);
  const plain2 = await plainFetch(app.url);
  console.log(`plain paged fetch again: ${plain2.ms} ms`);
  const ferry2 = await measured(pid, () => ferryImport(join(dir, 'host2'), app.url));
  report(ferry2);
  const ferry = ferry2.ms < ferry1.ms ? ferry2 : ferry1;
  const baseline = Math.min(plain.ms, plain2.ms);
  const ratio = Math.round((ferry.ms / baseline) * 100) / 100;
  const peakRssMB = Math.max(ferry1.peakRssMB, ferry2.peakRssMB);
  console.log(
    `ratio Ferry / plain fetch (better of two runs each): ${ratio}; host peak RSS (worse of the two) ${peakRssMB} MB`,
  );
  console.log(
    JSON.stringify({
      users: USERS,
      pageSize: PAGE,
      plainFetchMs: baseline,
      ferryImportMs: ferry.ms,
      ratio,
      hostPeakRssMB: peakRssMB,
      objects: ferry.objects,
      runs: { plainMs: [plain.ms, plain2.ms], ferryMs: [ferry1.ms, ferry2.ms] },
      appCpuMsPlain: plain.appCpuMs,
      appCpuMsFerry: ferry.appCpuMs,
    }),
  );
} finally {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
