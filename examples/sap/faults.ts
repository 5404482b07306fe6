// Fault injection for tests (only with --faults): rules that make matching SOAP calls slow, fail with an HTTP status
// or a SOAP fault, or answer garbage, so the connector's error handling can be exercised against a real process.

/** A rule as posted to /_faults (every field optional). */
export interface FaultRule {
  id: number;
  /** The operation to match (BAPI_USER_CREATE1 …); absent: every call. */
  operation?: string;
  /** Only calls whose raw request body contains this text (e.g. one user name). */
  bodyContains?: string;
  /** Wait this long before handling the call (it is still handled). */
  latencyMs?: number;
  /** Answer this HTTP status (500 with a SOAP fault body; others with a short text body) instead of handling. */
  status?: number;
  /** With status 500 (the default when set): the fault string. */
  fault?: string;
  /** Answer a body that is not XML (after handling the call when no status is given). */
  garbage?: boolean;
  /** How many matching calls the rule affects (absent: until cleared). */
  times?: number;
}

const KEYS = new Set(['operation', 'bodyContains', 'latencyMs', 'status', 'fault', 'garbage', 'times']);

/** The rules in force. */
export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** Adds a rule (throws with a message for an invalid one). */
  add(body: unknown): FaultRule {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('a fault rule is a JSON object');
    const b = body as Record<string, unknown>;
    for (const k of Object.keys(b)) if (!KEYS.has(k)) throw new Error(`unknown fault rule field "${k}"`);
    const num = (k: string, max: number) => {
      if (b[k] === undefined) return undefined;
      if (typeof b[k] !== 'number' || !Number.isInteger(b[k]) || (b[k] as number) < 0 || (b[k] as number) > max)
        throw new Error(`"${k}" must be an integer 0..${max}`);
      return b[k] as number;
    };
    const str = (k: string) => {
      if (b[k] === undefined) return undefined;
      if (typeof b[k] !== 'string') throw new Error(`"${k}" must be a string`);
      return b[k] as string;
    };
    if (b.garbage !== undefined && typeof b.garbage !== 'boolean') throw new Error('"garbage" must be a boolean');
    const rule: FaultRule = {
      id: this.nextId++,
      operation: str('operation'),
      bodyContains: str('bodyContains'),
      latencyMs: num('latencyMs', 600_000),
      status: num('status', 599),
      fault: str('fault'),
      garbage: b.garbage as boolean | undefined,
      times: num('times', 1_000_000),
    };
    if (rule.fault !== undefined && rule.status === undefined) rule.status = 500;
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching a call (counting it), or undefined. */
  take(operation: string, raw: string): FaultRule | undefined {
    const i = this.rules.findIndex(
      (r) =>
        (r.operation === undefined || r.operation === operation) &&
        (r.bodyContains === undefined || raw.includes(r.bodyContains)),
    );
    if (i < 0) return undefined;
    const r = this.rules[i];
    if (r.times !== undefined && --r.times <= 0) this.rules.splice(i, 1);
    return r;
  }
}
