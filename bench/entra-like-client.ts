// A SCIM client that creates users the way Entra's provisioning service does, for bench:faults: a 5xx, a 429 or
// no answer at all is retried with exponential backoff (honouring Retry-After), and a 409 is resolved by matching
// with a filter on userName. Records what it saw: which creates succeeded and the longest single answer.
import type { FuzzEnv } from '../test/fuzz/fuzz-env.ts';

/** How one create ended for the client. */
export type CreateResult = { ok: true; id: string; matched: boolean } | { ok: false; status: number | string };

const CONNECTOR = 'SCIMAPP';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates users through a host, retrying like Entra. */
export class EntraLikeClient {
  /** The longest time one SCIM request took to be answered (or to fail), in ms. */
  maxAnswerMs = 0;
  /** The slowest request, for the report. */
  slowest = '';
  /** userName → id of every create the client saw succeed. */
  readonly succeeded = new Map<string, string>();
  /** userName → the last status of every create the client gave up on. */
  readonly failed = new Map<string, number | string>();
  attempts = 0;

  constructor(
    private env: FuzzEnv,
    private opts: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number },
  ) {}

  /** Creates one user; resolves when the client has succeeded or given up. */
  async create(userName: string): Promise<CreateResult> {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      name: { givenName: 'Fault', familyName: 'Bench' },
      emails: [{ type: 'work', value: userName, primary: true }],
      active: true,
    };
    let last: number | string = 'none';
    for (let attempt = 0; attempt < this.opts.maxAttempts; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt, last));
      this.attempts++;
      const r = await this.timed(`POST /Users ${userName}`, () => this.env.scim(CONNECTOR, 'POST', '/Users', body));
      if (typeof r === 'string') {
        last = r;
        continue;
      }
      last = r.status;
      this.lastRetryAfter = Number(r.headers['retry-after']) || 0;
      if (r.status === 201) return this.done(userName, String((r.json as { id: string }).id), false);
      if (r.status === 409) {
        const id = await this.match(userName);
        if (id) return this.done(userName, id, true);
        continue; // the application has it but the space does not find it: try again later
      }
      if (r.status >= 500 || r.status === 429) continue;
      break; // the object's own problem: Entra reports it and does not retry
    }
    this.failed.set(userName, last);
    return { ok: false, status: last };
  }

  private lastRetryAfter = 0;

  private backoff(attempt: number, last: number | string): number {
    const exp = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1));
    const wait = exp / 2 + Math.random() * (exp / 2);
    return last === 429 || last === 503 ? Math.max(wait, this.lastRetryAfter * 1000) : wait;
  }

  /** Entra's matching: GET /Users?filter=userName eq "…". */
  private async match(userName: string): Promise<string | undefined> {
    const filter = encodeURIComponent(`userName eq ${JSON.stringify(userName)}`);
    const r = await this.timed(`match ${userName}`, () => this.env.scim(CONNECTOR, 'GET', `/Users?filter=${filter}`));
    if (typeof r === 'string' || r.status !== 200) return undefined;
    const found = (r.json as { Resources?: { id: string }[] }).Resources ?? [];
    return found[0]?.id;
  }

  private done(userName: string, id: string, matched: boolean): CreateResult {
    this.succeeded.set(userName, id);
    return { ok: true, id, matched };
  }

  // One request, timed; no answer (refused, reset) is returned as the error's code.
  private async timed<T>(what: string, call: () => Promise<T>): Promise<T | string> {
    const t0 = performance.now();
    try {
      return await call();
    } catch (e) {
      const err = e as { code?: string; cause?: { code?: string }; message: string };
      return err.code ?? err.cause?.code ?? err.message;
    } finally {
      const ms = performance.now() - t0;
      if (ms > this.maxAnswerMs) {
        this.maxAnswerMs = ms;
        this.slowest = what;
      }
    }
  }
}
