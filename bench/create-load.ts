// The write load of bench:export (and bench:scale): SCIM creates of users from several concurrent clients, each
// timed, with the application's own share read from the host's Server-Timing header.
import { Agent, request } from 'undici';

/** What a create load measured. */
export interface CreateFigures {
  creates: number;
  failures: number;
  clients: number;
  createsPerSec: number;
  p50ms: number;
  p99ms: number;
  appP50ms: number;
  addedP50ms: number;
  addedP99ms: number;
}

/** Options of a create load. */
export interface CreateLoad {
  /** The SCIM base of the SCIMAPP connector. */
  base: string;
  token: string;
  creates: number;
  clients: number;
  /** userName prefix (distinct per run against one application). */
  prefix: string;
  /** Creates made first and not counted (connections, JIT). */
  warmup?: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const r2 = (n: number) => Math.round(n * 100) / 100;

/** Runs the create load and returns its figures. */
export async function runCreateLoad(o: CreateLoad): Promise<CreateFigures> {
  const agent = new Agent({ connections: o.clients, keepAliveTimeout: 30_000 });
  const rtt: number[] = [];
  const added: number[] = [];
  const appMs: number[] = [];
  let failures = 0;
  const one = async (n: number) => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `${o.prefix}${n}@acme.test`,
      name: { givenName: `Bench${n}`, familyName: 'Export' },
      emails: [{ type: 'work', value: `${o.prefix}${n}@acme.test`, primary: true }],
      phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
      active: true,
    });
    const t0 = performance.now();
    const res = await request(`${o.base}/Users`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/scim+json' },
      body,
    });
    await res.body.text();
    const ms = performance.now() - t0;
    if (res.statusCode !== 201) {
      failures++;
      return;
    }
    const timing = String(res.headers['server-timing'] ?? '');
    const inApp = [...timing.matchAll(/(export-add|confirm);dur=([\d.]+)/g)].reduce((a, m) => a + Number(m[2]), 0);
    rtt.push(ms);
    appMs.push(inApp);
    added.push(ms - inApp);
  };
  for (let i = 0; i < (o.warmup ?? 200); i++) await one(1_000_000 + i);
  rtt.length = added.length = appMs.length = 0;
  failures = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      while (next < o.creates) await one(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await agent.close();
  rtt.sort((a, b) => a - b);
  added.sort((a, b) => a - b);
  appMs.sort((a, b) => a - b);
  return {
    creates: rtt.length,
    failures,
    clients: o.clients,
    createsPerSec: Math.round(rtt.length / seconds),
    p50ms: r2(pct(rtt, 50)),
    p99ms: r2(pct(rtt, 99)),
    appP50ms: r2(pct(appMs, 50)),
    addedP50ms: r2(pct(added, 50)),
    addedP99ms: r2(pct(added, 99)),
  };
}
