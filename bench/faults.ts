// npm run bench:faults — the crash and fault scenarios of issue 10, scripted against real processes: kill -9 of
// the host and of the application during 2,000 creates each, then each fault the demo application injects
// (/_faults: a slow application, garbage bodies, 5xx) or the proxy between host and application adds (connection
// resets, 200 {} list pages). The client behaves like Entra (bench/entra-like-client.ts). When every retry has
// settled it counts, over the users the bench created:
//   lost       a create the client saw succeed that is not in the application
//   duplicated one userName twice in the application
//   orphan     in the application but not findable by a SCIM filter on userName
//   ghost      in the connector space (SCIM GET 200) but not in the application
// and the longest single SCIM answer. The last line is one JSON object. To reach: 0, 0, 0, 0 and under 15,000 ms.
// BENCH_CREATES sets the creates of each kill scenario (default 2000), BENCH_FAULT_CREATES of each fault (300).
import { EntraLikeClient } from './entra-like-client.ts';
import { FaultProxy } from './fault-proxy.ts';
import { startFuzzEnv } from '../test/fuzz/fuzz-env.ts';

const KILL_CREATES = Number(process.env.BENCH_CREATES ?? 2000);
const FAULT_CREATES = Number(process.env.BENCH_FAULT_CREATES ?? 300);
const CLIENTS = 8;
const ADMIN_TOKEN = 'fuzz-admin-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const proxy = new FaultProxy();
const env = await startFuzzEnv({ via: (url) => proxy.start(url), requestTimeoutMs: 300_000 });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void env.stop().finally(() => process.exit(130)));
const client = new EntraLikeClient(env, { maxAttempts: 12, baseDelayMs: 250, maxDelayMs: 8000 });
const asked: string[] = [];

/** Runs `count` creates from CLIENTS concurrent clients; `during(done)` is called after each one ends. */
async function creates(scenario: string, count: number, during?: (done: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let ok = 0;
  const hooks: Promise<void>[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < count) {
        const userName = `${scenario}.${next++}@faults.test`;
        asked.push(userName);
        if ((await client.create(userName)).ok) ok++;
        done++;
        if (during) hooks.push(during(done));
      }
    }),
  );
  await Promise.all(hooks);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${scenario}: ${ok}/${count} creates succeeded for the client in ${s} s`);
}

/** Adds a fault rule to the application. */
async function fault(rule: Record<string, unknown>): Promise<void> {
  const r = await env.api('POST', '/_faults', rule);
  if (r.status !== 201) throw new Error(`fault rule refused: ${r.status} ${r.text}`);
}

/** A kill -9 of `which` at each of the given points, then a restart on the same port and data. */
function killsAt(which: 'host' | 'app', points: number[]): (done: number) => Promise<void> {
  return async (done) => {
    if (!points.includes(done)) return;
    console.log(`  kill -9 of the ${which} after ${done} creates`);
    if (which === 'host') {
      await env.killHost('SIGKILL');
      await sleep(500);
      await env.startHost();
    } else {
      await env.killApp('SIGKILL');
      await sleep(1000);
      await env.startApp();
    }
  };
}

/** A full import through the admin API, its last line. */
async function fullImport(): Promise<string> {
  const r = await fetch(`${env.hostUrl()}/admin/connectors/SCIMAPP/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const lines = (await r.text()).trim().split('\n');
  return `${r.status} ${lines[lines.length - 1]?.slice(0, 300)}`;
}

const at = (n: number) => [Math.round(n * 0.2), Math.round(n * 0.5), Math.round(n * 0.8)];
try {
  const t0 = performance.now();
  await creates('killhost', KILL_CREATES, killsAt('host', at(KILL_CREATES)));
  await creates('killapp', KILL_CREATES, killsAt('app', at(KILL_CREATES)));

  // The application is slow: longer than the host's request timeout, and it still does the work afterwards.
  await fault({ method: 'POST', path: '/api/v1/accounts', latencyMs: 12_000, times: 16 });
  await creates('slow', FAULT_CREATES);
  await env.api('DELETE', '/_faults');

  proxy.resetRate = 0.1;
  await creates('reset', FAULT_CREATES);
  proxy.resetRate = 0;

  // Garbage bodies: the create is done and answered with broken JSON; reads answer broken JSON too.
  await fault({ method: 'POST', path: '/api/v1/accounts', garbage: true, times: 30 });
  await fault({ method: 'GET', path: '/api/v1/accounts/*', garbage: true, times: 30 });
  await creates('garbage', FAULT_CREATES);
  await env.api('DELETE', '/_faults');

  // 5xx: refused before any work (500, 502, 503 with Retry-After), on creates and on the confirmation reads.
  await fault({ method: 'POST', path: '/api/v1/accounts', status: 500, times: 40 });
  await fault({ method: 'POST', path: '/api/v1/accounts', status: 503, retryAfter: 1, times: 20 });
  await fault({ method: 'GET', path: '/api/v1/accounts/*', status: 502, times: 30 });
  await creates('status5xx', FAULT_CREATES);
  await env.api('DELETE', '/_faults');

  // 200 {} list pages: a full import that reads them must not empty the space.
  proxy.emptyListPages = true;
  console.log(`  full import over 200 {} list pages: ${await fullImport()}`);
  await creates('emptypage', Math.round(FAULT_CREATES / 3));
  proxy.emptyListPages = false;
  console.log(`  proxy: ${JSON.stringify(proxy.counts)}`);
  const totalS = ((performance.now() - t0) / 1000).toFixed(0);

  // Everything has settled: what the application holds, what the space holds, what the client saw.
  const inApp = new Map<string, string[]>(); // login → ids
  const appIds = new Set<string>();
  for (let cursor = ''; ; ) {
    const r = await env.api('GET', `/api/v1/accounts?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    const page = r.json as { data: { id: string; login: string }[]; paging: { next_cursor: string | null } };
    for (const a of page.data) {
      appIds.add(a.id);
      inApp.set(a.login.toLowerCase(), [...(inApp.get(a.login.toLowerCase()) ?? []), a.id]);
    }
    if (!page.paging.next_cursor) break;
    cursor = encodeURIComponent(page.paging.next_cursor);
  }
  const lost = [...client.succeeded.keys()].filter((u) => !inApp.has(u.toLowerCase()));
  const duplicated = [...inApp].filter(([login, ids]) => login.endsWith('@faults.test') && ids.length > 1);
  const orphans: string[] = [];
  for (const u of new Set(asked)) {
    if (!inApp.has(u.toLowerCase())) continue;
    const filter = encodeURIComponent(`userName eq ${JSON.stringify(u)}`);
    const r = await env.scim('SCIMAPP', 'GET', `/Users?filter=${filter}`);
    if (r.status !== 200 || (r.json as { totalResults: number }).totalResults === 0) orphans.push(u);
  }
  const ghosts: string[] = [];
  for (let start = 1; ; start += 500) {
    const r = await env.scim('SCIMAPP', 'GET', `/Users?startIndex=${start}&count=500&attributes=userName`);
    const page = r.json as { Resources: { id: string; userName: string }[]; totalResults: number };
    for (const u of page.Resources ?? []) if (!appIds.has(u.id)) ghosts.push(`${u.id} ${u.userName}`);
    if (!page.Resources?.length || start + page.Resources.length > page.totalResults) break;
  }
  const show = (what: string, list: string[]) =>
    console.log(`${what}: ${list.length}${list.length ? ` (${list.slice(0, 8).join(', ')})` : ''}`);
  console.log(
    `\n${asked.length} creates asked in ${totalS} s, ${client.attempts} POSTs; ${client.succeeded.size} succeeded for the client, ${client.failed.size} given up`,
  );
  const gaveUp = new Map<string, number>();
  for (const s of client.failed.values()) gaveUp.set(String(s), (gaveUp.get(String(s)) ?? 0) + 1);
  if (gaveUp.size) console.log(`given up, by last answer: ${JSON.stringify(Object.fromEntries(gaveUp))}`);
  show('lost', lost);
  show(
    'duplicated',
    duplicated.map(([l, ids]) => `${l} ${ids.join('+')}`),
  );
  show('orphans', orphans);
  show('ghosts', ghosts);
  console.log(`longest answer: ${Math.round(client.maxAnswerMs)} ms (${client.slowest})`);
  console.log(
    JSON.stringify({
      lost: lost.length,
      duplicated: duplicated.length,
      orphans: orphans.length,
      ghosts: ghosts.length,
      maxAnswerMs: Math.round(client.maxAnswerMs),
    }),
  );
} finally {
  await env.stop();
  await proxy.close();
}
