// npm run bench:cycle — an initial provisioning cycle end to end, against the application's own speed. 10,000
// users from a CSV go through `ferry sync` (examples/provisioning/app1-mappings.yaml: Entra's ECMA tutorial
// mappings, Redact password included) → a host (its own process, the demo's APP1 connector, plain HTTP) → the demo
// application at its default password cost. In the same run the same 10,000 creates go straight to a second,
// empty demo application's API, from the same HTTP client (undici, keep-alive) with the same concurrency: the
// physical limit of this chain. Prints both, their ratio, the CPU seconds of each process (sync, host,
// application) and a second cycle with nothing changed. The last line is one JSON object (ratio,
// syncCpuMsPerUser, hostCpuMsPerUser). BENCH_USERS chooses the number of users, BENCH_CONCURRENCY the users in
// flight (the mapping file's default, 4); BENCH_PASSWORD_COST a cheaper scrypt cost while developing;
// BENCH_PROF=DIR writes CPU profiles of the host and of the sync process there.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { parse, stringify } from 'yaml';
import { startDemoAppProcess, type DemoAppProcess } from '../src/cli/demo-app-process.ts';
import { startBenchProcess } from './bench-process.ts';
import { readProcStat } from './proc-stat.mjs';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const KEY = 'bench-key-0123456789';
const TOKEN = 'bench-token-0123456789';
const PASSWORD = 'Pass@w0rd1';
const MAPPINGS = fileURLToPath(new URL('../examples/provisioning/app1-mappings.yaml', import.meta.url));
const FERRY = fileURLToPath(new URL('./ferry-dist.mjs', import.meta.url));
const CPU_REPORT = fileURLToPath(new URL('./cpu-at-exit.mjs', import.meta.url));
const APP_ARGS = process.env.BENCH_PASSWORD_COST ? ['--password-cost', process.env.BENCH_PASSWORD_COST] : [];
const PROF = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];

/** One user of the HR export, with the columns of examples/provisioning/users.csv. */
interface Row {
  userPrincipalName: string;
  givenName: string;
  surname: string;
  mail: string;
  department: string;
  city: string;
  companyName: string;
  telephoneNumber: string;
  jobTitle: string;
  employeeId: string;
}

const DEPARTMENTS = ['Research', 'Sales', 'Finance', 'Engineering', 'Support', 'Legal'];
const CITIES = ['London', 'Manchester', 'Leeds', 'Bristol', 'York'];

function rowOf(n: number): Row {
  const upn = `user${n}@contoso.com`;
  return {
    userPrincipalName: upn,
    givenName: `Given${n}`,
    surname: `Surname${n}`,
    mail: upn,
    department: DEPARTMENTS[n % DEPARTMENTS.length],
    city: CITIES[n % CITIES.length],
    companyName: 'Contoso',
    telephoneNumber: `+44 20 7946 ${String(n % 10_000).padStart(4, '0')}`,
    jobTitle: 'Engineer',
    employeeId: String(100_000 + n),
  };
}

function writeCsv(file: string, rows: Row[]): void {
  const cols = Object.keys(rows[0]) as (keyof Row)[];
  const lines = [[...cols, 'IsSoftDeleted'].join(',')];
  for (const r of rows) lines.push([...cols.map((c) => r[c]), 'False'].join(','));
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** The account the demo project's add flow sends for a user of the export (acme-project.yaml, x-account-body). */
function accountOf(r: Row): Record<string, unknown> {
  return {
    login: r.userPrincipalName.split('@')[0].toUpperCase(),
    first_name: r.givenName,
    last_name: r.surname,
    display_name: null,
    company: r.companyName,
    department: r.department,
    city: r.city,
    job_title: r.jobTitle,
    employee_no: null,
    expires_on: '9999-12-31',
    manager_id: null,
    emails: [{ kind: 'work', address: r.mail }],
    phones: [{ kind: 'office', number: r.telephoneNumber }],
    password: PASSWORD,
  };
}

const cpuMs = (pid: number | undefined) => (pid ? readProcStat(`/proc/${pid}/stat`).ms : 0);

/** The same creates straight to the application's API: how fast the application itself takes them. */
async function direct(app: DemoAppProcess, rows: Row[]): Promise<{ ms: number; appCpuMs: number }> {
  const agent = new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 30_000 });
  const cpu0 = cpuMs(app.proc.pid);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < rows.length) {
        const r = rows[next++];
        const res = await request(`${app.url}/api/v1/accounts`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
          body: JSON.stringify(accountOf(r)),
        });
        const text = await res.body.text();
        if (res.statusCode !== 201) throw new Error(`create ${r.userPrincipalName}: ${res.statusCode} ${text}`);
      }
    }),
  );
  const ms = performance.now() - t0;
  await agent.close();
  return { ms, appCpuMs: cpuMs(app.proc.pid) - cpu0 };
}

/** `ferry sync` in a process of its own; its CPU time comes from cpu-at-exit.mjs. */
async function sync(mappings: string, cpuFile: string): Promise<{ ms: number; cpuMs: number; summary: Summary }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...PROF, '--import', CPU_REPORT, FERRY, 'sync', '--mappings', mappings, '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_CPU_FILE: cpuFile },
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`ferry sync exited with ${code}: ${out}`);
  return { ms, cpuMs: Number(readFileSync(cpuFile, 'utf8')), summary: JSON.parse(out) as Summary };
}

/** What the report of `ferry sync --json` tells the benchmark (src/provision/engine.ts, CycleSummary). */
interface Summary {
  kind: string;
  status: string;
  source: { processed: number };
  counts: Record<string, number>;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-cycle-'));
const stops: (() => Promise<unknown>)[] = [];
try {
  console.log(`Cycle benchmark: ${USERS} users, ${CONCURRENCY} in flight, CSV → ferry sync → host → demo application`);
  const rows = Array.from({ length: USERS }, (_, i) => rowOf(i + 1));
  const csv = join(dir, 'users.csv');
  writeCsv(csv, rows);

  // The application alone (an empty one of its own, default password cost).
  const alone = await startDemoAppProcess({
    port: 0,
    dataDir: join(dir, 'app-direct'),
    apiKey: KEY,
    extraArgs: APP_ARGS,
  });
  stops.push(() => alone.stop());
  const straight = await direct(alone, rows);
  await alone.stop();
  console.log(
    `application alone: ${USERS} creates in ${r1(straight.ms / 1000)} s (${Math.round(USERS / (straight.ms / 1000))}/s), application CPU ${r1(straight.appCpuMs / 1000)} s (${r2(straight.appCpuMs / USERS)} ms/user)`,
  );

  // The chain.
  const app = await startDemoAppProcess({ port: 0, dataDir: join(dir, 'app'), apiKey: KEY, extraArgs: APP_ARGS });
  stops.push(() => app.stop());
  const host = await startBenchProcess('./export-host.mjs', [join(dir, 'host'), app.url, KEY], { nodeArgs: PROF });
  stops.push(() => host.stop());
  const job = parse(readFileSync(MAPPINGS, 'utf8')) as Record<string, Record<string, unknown>>;
  job.target = { ...job.target, url: `${host.baseUrl}/ecma2host_APP1/scim`, token: TOKEN, concurrency: CONCURRENCY };
  delete job.target.tls;
  job.source = { ...job.source, file: csv };
  (job as Record<string, unknown>).state = join(dir, 'state');
  const mappings = join(dir, 'mappings.yaml');
  writeFileSync(mappings, stringify(job));

  const host0 = cpuMs(host.child.pid);
  const app0 = cpuMs(app.proc.pid);
  const first = await sync(mappings, join(dir, 'cpu-1'));
  const hostCpuMs = cpuMs(host.child.pid) - host0;
  const appCpuMs = cpuMs(app.proc.pid) - app0;
  const created = first.summary.counts.created ?? 0;
  if (created !== USERS) throw new Error(`the cycle created ${created} of ${USERS}: ${JSON.stringify(first.summary)}`);
  const ratio = r2(first.ms / straight.ms);
  console.log(
    `initial cycle: ${USERS} users in ${r1(first.ms / 1000)} s (${Math.round(USERS / (first.ms / 1000))}/s), ${ratio} × the application alone`,
  );
  const syncCpuMsPerUser = r2(first.cpuMs / USERS);
  const hostCpuMsPerUser = r2(hostCpuMs / USERS);
  console.log(
    `CPU: sync ${r1(first.cpuMs / 1000)} s (${syncCpuMsPerUser} ms/user), host ${r1(hostCpuMs / 1000)} s (${hostCpuMsPerUser} ms/user), application ${r1(appCpuMs / 1000)} s (${r2(appCpuMs / USERS)} ms/user)`,
  );

  const host1 = cpuMs(host.child.pid);
  const second = await sync(mappings, join(dir, 'cpu-2'));
  console.log(
    `second cycle, nothing changed: ${r2(second.ms / 1000)} s (${second.summary.kind}, ${second.summary.source.processed} processed), sync CPU ${r2(second.cpuMs / 1000)} s, host CPU ${r2((cpuMs(host.child.pid) - host1) / 1000)} s`,
  );
  console.log(
    JSON.stringify({
      users: USERS,
      concurrency: CONCURRENCY,
      directMs: Math.round(straight.ms),
      cycleMs: Math.round(first.ms),
      ratio,
      syncCpuMsPerUser,
      hostCpuMsPerUser,
      appCpuMsPerUser: r2(appCpuMs / USERS),
      appAloneCpuMsPerUser: r2(straight.appCpuMs / USERS),
      secondCycleMs: Math.round(second.ms),
    }),
  );
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
