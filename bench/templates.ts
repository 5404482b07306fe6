// npm run bench:templates — a full import of 5,000 users from each real application of the template gallery
// (Redmine, OpenStack Keystone and Zabbix from Debian 12, started by scripts/apps/<app>.sh), through the configuration
// `ferry init --template` writes, against a plain read of the same records by the same HTTP client (Ferry's undici
// HttpService, without flows, connector space or host) in the same run. Users bench-0… are seeded through each
// application's API when missing (kept for the next run). Each side runs twice, alternating; the better run
// counts. Prints each application's times, ratio and the host's peak memory; the last line is one JSON object
// whose `ratio` is the worst application's.   BENCH_USERS=5000 BENCH_APPS=redmine,keystone,zabbix
//   BENCH_PROF=1 writes a CPU profile of each host to /tmp/prof (node --cpu-prof).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpService } from '../src/http/client.ts';
import type { HttpSettingsInput } from '../src/http/config.ts';
import { paginate } from '../src/http/paging/paginate.ts';

const USERS = Number(process.env.BENCH_USERS ?? 5000);
const APPS = (process.env.BENCH_APPS ?? 'redmine,keystone,zabbix').split(',');
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One application: how to reach it, seed it, read it plainly, and what ferry init needs. */
interface App {
  name: string;
  connector: string;
  baseUrl: string;
  http: HttpSettingsInput;
  initParams: Record<string, string>;
  /** The names of the bench users there already. */
  existing(svc: HttpService): Promise<Set<string>>;
  /** Creates bench user i. */
  create(svc: HttpService, i: number): Promise<void>;
  /** Creates several bench users in one call, where the application can. */
  createMany?(svc: HttpService, ids: number[]): Promise<void>;
  /** Reads every user (and the list of groups) as the template's import does, without Ferry; the users read. */
  plainRead(svc: HttpService): Promise<number>;
}

function startApp(app: string): Record<string, string> {
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'apps', `${app}.sh`), 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return Object.fromEntries(out.split('\n').flatMap((l) => (/^[A-Z0-9_]+=/.test(l) ? [l.split(/=(.*)/s, 2)] : [])));
}

function redmine(): App {
  const env = startApp('redmine');
  const byStatus = async function* (svc: HttpService, query: Record<string, string | number>) {
    for (const status of [1, 2, 3])
      for await (const page of paginate(
        svc,
        { method: 'GET', path: '/users.json', query: { ...query, status } },
        { type: 'offsetLimit', offsetParam: 'offset', limitParam: 'limit', pageSize: 100, totalFrom: 'total_count' },
        'users',
      ))
        yield page.items as { login: string }[];
  };
  return {
    name: 'redmine',
    connector: 'REDMINE',
    baseUrl: env.REDMINE_URL,
    http: {
      baseUrl: env.REDMINE_URL,
      auth: { type: 'apiKey', in: 'header', name: 'X-Redmine-API-Key', value: env.REDMINE_API_KEY },
    },
    initParams: { apiKey: env.REDMINE_API_KEY },
    async existing(svc) {
      const names = new Set<string>();
      for await (const items of byStatus(svc, { name: 'bench-' })) for (const u of items) names.add(u.login);
      return names;
    },
    async create(svc, i) {
      const login = `bench-${i}`;
      await svc.request({
        method: 'POST',
        path: '/users.json',
        body: {
          json: {
            user: {
              login,
              firstname: 'Bench',
              lastname: `User ${i}`,
              mail: `${login}@example.test`,
              generate_password: true,
            },
          },
        },
      });
    },
    async plainRead(svc) {
      let n = 0;
      for await (const items of byStatus(svc, {})) n += items.length;
      await svc.request({ method: 'GET', path: '/groups.json' });
      return n;
    },
  };
}

function keystone(): App {
  const env = startApp('keystone');
  const domain = { id: 'default' };
  const list = async (svc: HttpService) =>
    (
      (await svc.request({ method: 'GET', path: '/v3/users', query: { domain_id: 'default' } })).json as {
        users: { name: string }[];
      }
    ).users;
  return {
    name: 'keystone',
    connector: 'KEYSTONE',
    baseUrl: env.KEYSTONE_URL,
    http: {
      baseUrl: env.KEYSTONE_URL,
      auth: {
        type: 'session',
        login: {
          path: '/v3/auth/tokens',
          body: {
            auth: {
              identity: { methods: ['password'], password: { user: { name: '{{u}}', domain, password: '{{p}}' } } },
              scope: { project: { name: '{{project}}', domain } },
            },
          },
          tokenFrom: { header: 'X-Subject-Token' },
        },
        params: { u: env.KEYSTONE_USER, p: env.KEYSTONE_PASSWORD, project: env.KEYSTONE_PROJECT },
        use: { header: 'X-Auth-Token' },
      },
    },
    initParams: {
      username: env.KEYSTONE_USER,
      password: env.KEYSTONE_PASSWORD,
      userDomain: 'default',
      project: env.KEYSTONE_PROJECT,
      domain: 'default',
    },
    async existing(svc) {
      return new Set((await list(svc)).map((u) => u.name));
    },
    async create(svc, i) {
      await svc.request({
        method: 'POST',
        path: '/v3/users',
        body: {
          json: {
            user: {
              name: `bench-${i}`,
              domain_id: 'default',
              given_name: 'Bench',
              family_name: `User ${i}`,
              email: `bench-${i}@example.test`,
            },
          },
        },
      });
    },
    async plainRead(svc) {
      const n = (await list(svc)).length;
      await svc.request({ method: 'GET', path: '/v3/groups', query: { domain_id: 'default' } });
      return n;
    },
  };
}

/** A Zabbix JSON-RPC call's body; the session token goes where `$session` is. */
const zabbixCall = (method: string, params: unknown) => ({
  json: { jsonrpc: '2.0', method, params, auth: '$session', id: 1 },
});

function zabbix(): App {
  const env = startApp('zabbix');
  const rpc = async (svc: HttpService, method: string, params: unknown) =>
    (
      await svc.request(
        { method: 'POST', path: '/api_jsonrpc.php', body: zabbixCall(method, params) },
        { idempotent: method.endsWith('.get') },
      )
    ).json as {
      result: { username: string }[];
    };
  return {
    name: 'zabbix',
    connector: 'ZABBIX',
    baseUrl: env.ZABBIX_URL,
    http: {
      baseUrl: env.ZABBIX_URL,
      auth: {
        type: 'session',
        login: {
          path: '/api_jsonrpc.php',
          body: { jsonrpc: '2.0', method: 'user.login', params: { username: '{{u}}', password: '{{p}}' }, id: 1 },
          tokenFrom: { body: 'result' },
        },
        params: { u: env.ZABBIX_USER, p: env.ZABBIX_PASSWORD },
        use: { placeholder: '$session' },
      },
      success: { status: ['2xx'], body: { path: 'error', equals: null } },
      // A user.create of many users hashes each password (bcrypt): slow on a busy machine.
      timeouts: { requestMs: 120_000, operationMs: 300_000 },
    },
    initParams: {
      username: env.ZABBIX_USER,
      password: env.ZABBIX_PASSWORD,
      userGroupId: env.ZABBIX_USERGROUP,
      disabledGroupId: '9',
      roleId: '1',
      emailMediaTypeId: '1',
    },
    async existing(svc) {
      const found = await rpc(svc, 'user.get', { output: ['username'], search: { username: 'bench-' } });
      return new Set(found.result.map((u) => u.username));
    },
    create(svc, i) {
      return this.createMany!(svc, [i]);
    },
    async createMany(svc, ids) {
      await rpc(
        svc,
        'user.create',
        ids.map((i) => ({
          username: `bench-${i}`,
          name: 'Bench',
          surname: `User ${i}`,
          passwd: 'Xq-7-pass-word',
          roleid: '1',
          usrgrps: [{ usrgrpid: env.ZABBIX_USERGROUP }],
          medias: [{ mediatypeid: '1', sendto: [`bench-${i}@example.test`] }],
        })),
      );
    },
    // The same calls as the template's imports: every user with its e-mail media and status, every group with members.
    async plainRead(svc) {
      const users = await rpc(svc, 'user.get', {
        output: ['userid', 'username', 'name', 'surname'],
        selectMedias: ['mediatypeid', 'sendto'],
        getAccess: true,
      });
      await rpc(svc, 'usergroup.get', { output: ['usrgrpid', 'name', 'users_status'], selectUsers: ['userid'] });
      return users.result.length;
    },
  };
}

/** Seeds the missing bench users, two at a time (the applications share the machine). */
async function seed(app: App, svc: HttpService): Promise<void> {
  const have = await app.existing(svc);
  const missing = Array.from({ length: USERS }, (_, i) => i).filter((i) => !have.has(`bench-${i}`));
  if (missing.length === 0) return;
  const t0 = performance.now();
  let next = 0;
  // In calls of 20 where the application takes several users at once.
  const step = app.createMany ? 20 : 1;
  const worker = async () => {
    while (next < missing.length) {
      const ids = missing.slice(next, (next += step));
      await (app.createMany ? app.createMany(svc, ids) : app.create(svc, ids[0]!));
    }
  };
  await Promise.all([worker(), worker()]);
  console.log(`${app.name}: seeded ${missing.length} users in ${Math.round(performance.now() - t0)} ms`);
}

/** A plain read with a new client, which logs in first where the application wants it, as the host does. */
async function plain(app: App): Promise<{ ms: number; records: number }> {
  const svc = new HttpService(app.http);
  try {
    const t0 = performance.now();
    const records = await app.plainRead(svc);
    return { ms: Math.round(performance.now() - t0), records };
  } finally {
    await svc.close();
  }
}

/** ferry init --template APP --style scim into a new folder; its ferry.yaml. */
function init(app: App, dir: string): string {
  const params = Object.entries(app.initParams).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'ferry.mjs'),
      'init',
      '--template',
      app.name,
      '--dir',
      dir,
      '--style',
      'scim',
      '--port',
      '0',
      '--base-url',
      app.baseUrl,
      ...params,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return join(dir, 'ferry.yaml');
}

/** The host's start-up import in a process of its own. */
function ferryImport(config: string, connector: string): Promise<{ ms: number; objects: number; peakRssMB: number }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      join(ROOT, 'bench', 'template-import-host.mjs'),
      config,
      connector,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const m = /DONE (\d+) (\d+) (\d+)/.exec(out);
      if (code !== 0 || !m) reject(new Error(`the host import failed: ${out}`));
      else resolve({ ms: Number(m[1]), objects: Number(m[2]), peakRssMB: Math.round(Number(m[3]) / 1024 / 1024) });
    }),
  );
}

const results: Record<
  string,
  { users: number; plainMs: number; ferryMs: number; ratio: number; hostPeakRssMB: number }
> = {};
const work = mkdtempSync(join(tmpdir(), 'ferry-bench-templates-'));
try {
  for (const name of APPS) {
    const make = ({ redmine, keystone, zabbix } as Record<string, () => App>)[name];
    if (!make) throw new Error(`BENCH_APPS: no application ${name} (redmine, keystone, zabbix)`);
    const app = make();
    const svc = new HttpService(app.http);
    try {
      await seed(app, svc);
      await plain(app); // warm the application's caches so both sides see the same
      const p1 = await plain(app);
      const f1 = await ferryImport(init(app, join(work, `${name}-1`)), app.connector);
      const p2 = await plain(app);
      const f2 = await ferryImport(init(app, join(work, `${name}-2`)), app.connector);
      const plainMs = Math.min(p1.ms, p2.ms);
      const ferry = f1.ms <= f2.ms ? f1 : f2;
      const ratio = Math.round((ferry.ms / plainMs) * 100) / 100;
      const peak = Math.max(f1.peakRssMB, f2.peakRssMB);
      console.log(
        `${name}: plain read (same HTTP client, no Ferry) ${p1.records} users in ${p1.ms} / ${p2.ms} ms; Ferry full import through the template ${f1.objects} objects in ${f1.ms} / ${f2.ms} ms; ratio ${ratio}; host peak RSS ${peak} MB`,
      );
      results[name] = { users: p1.records, plainMs, ferryMs: ferry.ms, ratio, hostPeakRssMB: peak };
    } finally {
      await svc.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const worst = Object.entries(results).sort((a, b) => b[1].ratio - a[1].ratio)[0];
console.log(
  JSON.stringify({
    seededUsers: USERS,
    ratio: worst?.[1].ratio,
    worst: worst?.[0],
    hostPeakRssMB: Math.max(...Object.values(results).map((r) => r.hostPeakRssMB)),
    apps: results,
  }),
);
