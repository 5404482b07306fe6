// Fault injection for tests (only with --faults): rules that make matching requests slow, fail, or answer broken
// JSON, so a client's timeouts, retries and error handling can be exercised against a real process.
import { ApiError, invalid } from './errors.ts';
import { objectBody } from './validate.ts';

/** A fault rule as posted to /_faults (all fields optional; an empty rule matches everything and does nothing). */
export interface FaultRule {
  id: number;
  /** Delay before the request is handled (it is still handled afterwards: a client that timed out may see its write happen). */
  latencyMs?: number;
  /** Answer with this status and an error body instead of handling the request (nothing is written). */
  status?: number;
  /** Retry-After seconds sent with `status` (429 defaults to 1). */
  retryAfter?: number;
  /** Replace the response body with broken JSON: after handling normally, or with `status` instead of handling. */
  garbage?: boolean;
  /**
   * Replace the response body with exactly this text (may be empty: `status: 200, body: ""` is an empty 200).
   * Like `garbage`: after handling normally, or with `status` instead of handling.
   */
  body?: string;
  /** How many matching requests the rule affects before it expires (unlimited when absent). */
  times?: number;
  /** Path to match: exact, or with `*` standing for any characters (`/api/v1/accounts/*`). Query strings are ignored. */
  path?: string;
  /** Method to match (any case). */
  method?: string;
  /** Only requests whose raw body contains this text (e.g. one login in a batch of creates). */
  bodyContains?: string;
}

const KEYS = ['latencyMs', 'status', 'retryAfter', 'garbage', 'body', 'times', 'path', 'method', 'bodyContains'];
const MAX_LATENCY_MS = 600_000;

/** The broken body a garbage fault answers: JSON cut off in the middle. */
export const GARBAGE_BODY = '{"data": [{"id": "acc_0';

/** The active fault rules, first match wins. */
export class Faults {
  private rules: (FaultRule & { re?: RegExp })[] = [];
  private nextId = 1;

  /** Validates and adds a rule from a request body. */
  add(body: unknown): FaultRule {
    const o = objectBody(body);
    for (const k of Object.keys(o))
      if (!KEYS.includes(k)) throw invalid(k, `unknown fault field ${k}`, 'unknown_field');
    const int = (k: string, min: number, max: number): number | undefined => {
      const v = o[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
        throw invalid(k, `${k} must be an integer from ${min} to ${max}`);
      return v;
    };
    const str = (k: string): string | undefined => {
      const v = o[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v === '') throw invalid(k, `${k} must be a non-empty string`);
      return v;
    };
    if (o.garbage !== undefined && typeof o.garbage !== 'boolean')
      throw invalid('garbage', 'garbage must be true or false');
    if (o.body !== undefined && typeof o.body !== 'string') throw invalid('body', 'body must be a string');
    const rule: FaultRule = {
      id: this.nextId++,
      latencyMs: int('latencyMs', 0, MAX_LATENCY_MS),
      status: int('status', 100, 599),
      retryAfter: int('retryAfter', 0, 86_400),
      garbage: o.garbage as boolean | undefined,
      body: o.body as string | undefined,
      times: int('times', 1, 1_000_000),
      path: str('path'),
      method: str('method')?.toUpperCase(),
      bodyContains: str('bodyContains'),
    };
    for (const k of Object.keys(rule) as (keyof FaultRule)[]) if (rule[k] === undefined) delete rule[k];
    const re = rule.path === undefined ? undefined : new RegExp(`^${rule.path.split('*').map(escapeRe).join('.*')}$`);
    this.rules.push({ ...rule, re });
    return rule;
  }

  /** The active rules (with what is left of `times`). */
  list(): FaultRule[] {
    return this.rules.map(({ re: _re, ...r }) => r);
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The first rule matching a request, counting it against `times`. */
  take(method: string, path: string, rawBody: string): FaultRule | undefined {
    const i = this.rules.findIndex(
      (r) =>
        (r.method === undefined || r.method === method) &&
        (r.re === undefined || r.re.test(path)) &&
        (r.bodyContains === undefined || rawBody.includes(r.bodyContains)),
    );
    if (i < 0) return undefined;
    const rule = this.rules[i];
    if (rule.times !== undefined && --rule.times <= 0) this.rules.splice(i, 1);
    return rule;
  }
}

/** The error a status fault answers with. */
export function faultError(rule: FaultRule): ApiError {
  const status = rule.status ?? 500;
  const retryAfter = rule.retryAfter ?? (status === 429 ? 1 : undefined);
  return new ApiError(
    status,
    'fault_injected',
    `fault injected by rule ${rule.id}`,
    undefined,
    retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
  );
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
