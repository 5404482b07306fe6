// Runs one generated SCIM request against a running host and application and checks the properties of issue 10
// §6: no 5xx (the application is healthy here, so no outage case applies), no crash, /health answered within the
// limit while the request runs, a SCIM error body on every error, and the connector space agreeing with the
// application about every object the request touched once the request has settled.
import type { Answer, FuzzEnv } from './fuzz-env.ts';
import { type ConnectorName, EXT, type FuzzRequest, POOL_SLOTS } from './scim-arbitraries.ts';

/** What one request came to: its answer's class, or the property it broke. */
export type Outcome = '2xx' | '3xx' | '4xx' | '5xx' | 'no-answer' | 'crash' | 'disagree' | 'bad-error';

/** A broken property: which one, and what shows it. */
export class Violation extends Error {
  constructor(
    readonly outcome: Outcome,
    detail: string,
  ) {
    super(`${outcome}: ${detail}`);
  }
}

/** The objects the placeholders of one connector stand for. */
interface Pool {
  users: string[];
  groups: string[];
}

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** Holds the object pools and checks requests against the properties. */
export class ScimProperties {
  private pools: Record<ConnectorName, Pool> = { APP1: { users: [], groups: [] }, SCIMAPP: { users: [], groups: [] } };
  private serial = 0;
  /** The longest /health answer seen, in ms. */
  maxHealthMs = 0;
  /** /health answers over the limit: kept, not thrown (timing on a shared machine does not shrink). */
  slowHealth: string[] = [];

  constructor(
    private env: FuzzEnv,
    private opts: { healthLimitMs: number; healthFailMs?: number },
  ) {}

  /** Fills every pool slot with a fresh user and group. */
  async setUp(): Promise<void> {
    for (const c of ['APP1', 'SCIMAPP'] as const) for (let i = 0; i < POOL_SLOTS; i++) await this.refill(c, i);
  }

  /** Sends the request, then checks every property; resolves with the answer's class or throws a Violation. */
  async check(req: FuzzRequest): Promise<Outcome> {
    const pool = this.pools[req.connector];
    const touchedUsers = new Set<string>();
    const touchedGroups = new Set<string>();
    const sub = (s: string) =>
      s
        .replace(/@user(\d)/g, (_m, n) => {
          const id = pool.users[Number(n)];
          touchedUsers.add(id);
          return id;
        })
        .replace(/@group(\d)/g, (_m, n) => {
          const id = pool.groups[Number(n)];
          touchedGroups.add(id);
          return id;
        });
    const path = sub(req.path);
    const body =
      req.body === undefined ? undefined : req.raw ? sub(String(req.body)) : JSON.parse(sub(JSON.stringify(req.body)));
    const what = `${req.connector} ${req.method} ${path} ${body === undefined ? '' : short(typeof body === 'string' ? body : JSON.stringify(body))}`;

    const health0 = this.env.health();
    let answer: Answer;
    try {
      answer = await this.env.scim(req.connector, req.method, path, body);
    } catch (e) {
      await health0.catch(() => undefined);
      if (!this.env.hostAlive()) throw new Violation('crash', `${what}\n${this.env.hostStderr()}`);
      throw new Violation('no-answer', `${what} → ${(e as Error).message}`);
    }
    await this.checkHealth(what, await health0.catch((e) => e as Error));
    await this.checkHealth(what, await this.env.health().catch((e) => e as Error));
    if (!this.env.hostAlive()) throw new Violation('crash', `${what}\n${this.env.hostStderr()}`);
    const seen = `${what} → ${answer.status} ${short(answer.text)}`;
    if (answer.status >= 500) throw new Violation('5xx', seen);
    if (answer.status >= 400) {
      const e = obj(answer.json);
      const schemas = Array.isArray(e.schemas) ? e.schemas : [];
      if (!schemas.includes(ERROR_SCHEMA) || String(e.status) !== String(answer.status))
        throw new Violation('bad-error', seen);
    }

    // What the request may have written: the objects it named, and those its answer names.
    const j = obj(answer.json);
    const isGroup = /^\/Groups/i.test(path);
    if (answer.status < 300 && typeof j.id === 'string') (isGroup ? touchedGroups : touchedUsers).add(j.id);
    for (const op of Array.isArray(j.Operations) ? j.Operations : []) {
      const m = /\/(Users|Groups)\/([^/?]+)$/.exec(String(obj(op).location ?? ''));
      if (m) (m[1] === 'Groups' ? touchedGroups : touchedUsers).add(decodeURIComponent(m[2]));
    }
    // Deleting a user may change the groups it belonged to; a Bulk or a group write may reach any group.
    if (req.method.toUpperCase() === 'DELETE' || path === '/Bulk' || touchedGroups.size > 0)
      for (const g of pool.groups) touchedGroups.add(g);
    for (const id of touchedUsers) await this.compareUser(req.connector, id, seen);
    for (const id of touchedGroups) await this.compareGroup(req.connector, id, seen);
    for (const login of createdLogins(req)) await this.compareLogin(login, seen);
    await this.refillGone(req.connector);
    return answer.status >= 300 ? (answer.status >= 400 ? '4xx' : '3xx') : '2xx';
  }

  private async checkHealth(what: string, h: Answer | Error): Promise<void> {
    if (h instanceof Error || h.status !== 200) {
      if (!this.env.hostAlive()) throw new Violation('crash', `${what}\n${this.env.hostStderr()}`);
      throw new Violation('no-answer', `${what}: /health failed: ${h instanceof Error ? h.message : h.status}`);
    }
    this.maxHealthMs = Math.max(this.maxHealthMs, h.ms);
    if (h.ms > this.opts.healthLimitMs)
      this.slowHealth.push(`/health took ${Math.round(h.ms)} ms during ${short(what, 200)}`);
    if (this.opts.healthFailMs !== undefined && h.ms > this.opts.healthFailMs)
      throw new Violation('no-answer', `${what}: /health took ${Math.round(h.ms)} ms`);
  }

  /** The space (SCIM GET) and the application (its API) agree on a user: both have it with the same values, or neither. */
  private async compareUser(c: ConnectorName, id: string, seen: string): Promise<void> {
    if (!id || /[/?#%]/.test(id)) return;
    const [s, a] = [
      await this.env.scim(c, 'GET', `/Users/${encodeURIComponent(id)}`),
      await this.env.api('GET', `/api/v1/accounts/${encodeURIComponent(id)}`),
    ];
    const inSpace = s.status === 200;
    const inApp = a.status === 200;
    if (s.status !== 200 && s.status !== 404)
      throw new Violation('disagree', `${seen}\nthen SCIM GET /Users/${id} → ${s.status} ${short(s.text)}`);
    if (inSpace !== inApp)
      throw new Violation(
        'disagree',
        `${seen}\nthen user ${id}: ${inSpace ? 'in the space' : 'not in the space'} but ${inApp ? 'in' : 'not in'} the application (${a.status})`,
      );
    if (!inSpace) return;
    const sv = spaceUser(c, obj(s.json));
    const av = appUser(obj(a.json));
    for (const k of Object.keys(av) as (keyof typeof av)[])
      if (norm(sv[k]) !== norm(av[k]))
        throw new Violation(
          'disagree',
          `${seen}\nthen user ${id}.${k}: space ${JSON.stringify(sv[k])}, application ${JSON.stringify(av[k])}`,
        );
  }

  /** The same for a group: existence, name and the set of members. */
  private async compareGroup(c: ConnectorName, id: string, seen: string): Promise<void> {
    if (!id || /[/?#%]/.test(id)) return;
    const s = await this.env.scim(c, 'GET', `/Groups/${encodeURIComponent(id)}`);
    const a = await this.env.api('GET', `/api/v1/teams/${encodeURIComponent(id)}`);
    if (s.status !== 200 && s.status !== 404)
      throw new Violation('disagree', `${seen}\nthen SCIM GET /Groups/${id} → ${s.status} ${short(s.text)}`);
    if ((s.status === 200) !== (a.status === 200))
      throw new Violation('disagree', `${seen}\nthen group ${id}: space ${s.status}, application ${a.status}`);
    if (s.status !== 200) return;
    const sj = obj(s.json);
    const name = obj(a.json).name;
    if (sj.displayName !== name)
      throw new Violation(
        'disagree',
        `${seen}\nthen group ${id}.displayName: space ${JSON.stringify(sj.displayName)}, application ${JSON.stringify(name)}`,
      );
    const m = await this.env.api('GET', `/api/v1/teams/${encodeURIComponent(id)}/members?limit=500`);
    const inApp = (obj(m.json).data as Json[] | undefined)?.map((x) => String(x.account_id)).sort() ?? [];
    const inSpace = (Array.isArray(sj.members) ? sj.members : []).map((x) => String(obj(x).value)).sort();
    if (inApp.join() !== inSpace.join())
      throw new Violation('disagree', `${seen}\nthen group ${id}.members: space [${inSpace}], application [${inApp}]`);
  }

  /** A login a create asked for: in the application exactly when some connector's space finds it. */
  private async compareLogin(login: string, seen: string): Promise<void> {
    if (/\p{Cs}/u.test(login)) return; // a lone surrogate cannot travel in a URL, so neither side can hold it
    const a = await this.env.api('GET', `/api/v1/accounts?login=${encodeURIComponent(login)}&limit=5`);
    if (a.status !== 200) return; // a login the application's filter refuses cannot be in it
    const inApp = ((obj(a.json).data as Json[] | undefined) ?? []).length > 0;
    const filter = encodeURIComponent(`userName eq ${JSON.stringify(login)}`);
    let inSpace = false;
    for (const c of ['SCIMAPP', 'APP1'] as const) {
      const s = await this.env.scim(c, 'GET', `/Users?filter=${filter}`);
      if (s.status === 200 && Number(obj(s.json).totalResults) > 0) inSpace = true;
    }
    if (inApp !== inSpace)
      throw new Violation(
        'disagree',
        `${seen}\nthen login ${JSON.stringify(login)}: ${inApp ? 'in the application but no space finds it (orphan)' : 'in a space but not in the application (ghost)'}`,
      );
  }

  /** Replaces pool objects that are gone (deleted by a request) with new ones. */
  private async refillGone(c: ConnectorName): Promise<void> {
    const pool = this.pools[c];
    for (let i = 0; i < POOL_SLOTS; i++) {
      if ((await this.env.api('GET', `/api/v1/accounts/${pool.users[i]}`)).status === 404)
        await this.refill(c, i, 'user');
      if ((await this.env.api('GET', `/api/v1/teams/${pool.groups[i]}`)).status === 404)
        await this.refill(c, i, 'group');
    }
  }

  private async refill(c: ConnectorName, i: number, only?: 'user' | 'group'): Promise<void> {
    const n = ++this.serial;
    const userName = `pool${n}.${c.toLowerCase()}@fuzz.test`;
    if (only !== 'group') {
      const body =
        c === 'APP1'
          ? {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
              active: true,
              [EXT]: { userName, firstName: 'Pool', lastName: `N${n}` },
            }
          : {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              userName,
              name: { givenName: 'Pool', familyName: `N${n}` },
              active: true,
            };
      const r = await this.env.scim(c, 'POST', '/Users', body);
      if (r.status !== 201) throw new Error(`setting up a pool user failed: ${r.status} ${r.text}`);
      this.pools[c].users[i] = String(obj(r.json).id);
    }
    if (only !== 'user') {
      const r = await this.env.scim(c, 'POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: `Pool group ${n}`,
      });
      if (r.status !== 201) throw new Error(`setting up a pool group failed: ${r.status} ${r.text}`);
      this.pools[c].groups[i] = String(obj(r.json).id);
    }
  }
}

/** The logins a request asks to create (single POSTs and Bulk POSTs of users). */
function createdLogins(req: FuzzRequest): string[] {
  if (req.raw) return [];
  const login = (b: unknown) => {
    const o = obj(b);
    const v = req.connector === 'APP1' ? (obj(o[EXT]).userName ?? o.userName) : o.userName;
    return typeof v === 'string' && v && !v.startsWith('@') ? [v] : [];
  };
  if (req.method === 'POST' && req.path === '/Users') return login(req.body);
  if (req.method === 'POST' && req.path === '/Bulk') {
    const ops = obj(req.body).Operations;
    return (Array.isArray(ops) ? ops : []).filter((o) => obj(o).path === '/Users').flatMap((o) => login(obj(o).data));
  }
  return [];
}

interface UserView {
  userName?: unknown;
  givenName?: unknown;
  familyName?: unknown;
  displayName?: unknown;
  active?: unknown;
  email?: unknown;
}

function spaceUser(c: ConnectorName, u: Json): UserView {
  if (c === 'APP1') {
    const e = obj(u[EXT]);
    return {
      userName: e.userName,
      givenName: e.firstName,
      familyName: e.lastName,
      displayName: e.displayName,
      active: u.active ?? e.active,
      email: e.email,
    };
  }
  const name = obj(u.name);
  const emails = Array.isArray(u.emails) ? (u.emails as Json[]) : [];
  return {
    userName: u.userName,
    givenName: name.givenName,
    familyName: name.familyName,
    displayName: u.displayName,
    active: u.active,
    email: emails.find((e) => e.type === 'work')?.value,
  };
}

function appUser(a: Json): UserView {
  const emails = Array.isArray(a.emails) ? (a.emails as Json[]) : [];
  return {
    userName: a.login,
    givenName: a.first_name,
    familyName: a.last_name,
    displayName: a.display_name,
    active: a.status === 'active',
    email: emails.find((e) => e.kind === 'work')?.address,
  };
}

// Absent and null are the same thing on either side.
const norm = (v: unknown) => JSON.stringify(v ?? null);
