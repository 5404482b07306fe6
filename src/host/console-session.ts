// Console sessions as signed tokens: the cookie carries role, expiry and a random id, signed with HMAC-SHA256 under
// a key derived from the admin token. No session table is needed, so a session works on every host sharing the
// admin token and survives a restart; changing the admin token signs everyone out. The CSRF token is bound to the
// session (an HMAC of its id), so a page of another site that cannot read the cookie cannot forge it either.
// A sign-out is the one thing a signed token cannot carry: it goes to the host's store (the audit store, SQLite or
// the cluster's PostgreSQL), so every host and a restarted one refuse the cookie too; each host reads the store's
// sign-outs again at most every REFRESH_MS.
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditLogStore } from '../space/audit-store.ts';

/** What a signed-in caller may do. */
export type ConsoleRole = 'admin' | 'readonly';

/** The cookie's name. */
export const SESSION_COOKIE = 'ferry_console';
/** How long a session lasts. */
export const SESSION_SECONDS = 8 * 3600;
/** How stale a host's copy of the store's sign-outs may be (a sign-out on another host takes effect within it). */
const REFRESH_MS = 2000;

/** Where sign-outs are kept beyond this process. */
export type SessionRevocations = Pick<AuditLogStore, 'revokeSession' | 'revokedSessions'>;

/** A verified session. */
export interface ConsoleSession {
  id: string;
  role: ConsoleRole;
  /** Fingerprint of the token signed in with. */
  fingerprint: string;
  /** Expiry, ms since the epoch. */
  expires: number;
}

/** The first 12 hex digits of a token's SHA-256: names a token in the audit log without revealing it. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12);
}

/** Issues and verifies session cookies and their CSRF tokens. */
export class ConsoleSessions {
  private readonly key: Buffer;
  /** Ids signed out before their expiry (a signed token cannot be taken back otherwise), with their expiry. */
  private revoked = new Map<string, number>();
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(
    adminToken: string,
    private readonly now: () => number = Date.now,
    private readonly store?: SessionRevocations,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', adminToken, 'ferry', 'ferry-console-session-v1', 32));
  }

  /**
   * Reads the store's sign-outs again when the copy is older than REFRESH_MS (call before verify). A store that
   * cannot be read fails the call: a console that cannot tell whether a session was signed out refuses to guess.
   */
  async refresh(): Promise<void> {
    const store = this.store;
    if (!store || this.now() - this.refreshedAt < REFRESH_MS) return;
    this.refreshing ??= (async () => {
      try {
        const t = this.now();
        const stored = await store.revokedSessions(t);
        // This host's own sign-outs stay even if the store has not shown them yet.
        for (const [id, exp] of this.revoked) if (exp > t && !stored.has(id)) stored.set(id, exp);
        this.revoked = stored;
        this.refreshedAt = t;
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  /** A new session's cookie value. */
  issue(role: ConsoleRole, fingerprint: string): { value: string; session: ConsoleSession } {
    const session: ConsoleSession = {
      id: randomBytes(16).toString('base64url'),
      role,
      fingerprint,
      expires: this.now() + SESSION_SECONDS * 1000,
    };
    const body = Buffer.from(JSON.stringify([session.id, role, fingerprint, session.expires])).toString('base64url');
    return { value: `${body}.${this.mac(body)}`, session };
  }

  /** The session of a cookie value; undefined when absent, forged, expired or signed out. */
  verify(value: string | undefined): ConsoleSession | undefined {
    if (!value) return undefined;
    const dot = value.indexOf('.');
    if (dot < 1) return undefined;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const want = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
    const [id, role, fingerprint, expires] = parsed as [string, ConsoleRole, string, number];
    if (typeof expires !== 'number' || expires <= this.now() || this.revoked.has(id)) return undefined;
    if (role !== 'admin' && role !== 'readonly') return undefined;
    return { id, role, fingerprint, expires };
  }

  /** The CSRF token of a session. */
  csrfToken(s: ConsoleSession): string {
    return this.mac(`csrf:${s.id}`);
  }

  /** True when `given` is the session's CSRF token (constant time). */
  checkCsrf(s: ConsoleSession, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.csrfToken(s));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Signs a session out: its cookie is refused from now on, on every host sharing the store, even if kept. */
  async revoke(s: ConsoleSession): Promise<void> {
    const t = this.now();
    for (const [id, exp] of this.revoked) if (exp <= t) this.revoked.delete(id);
    this.revoked.set(s.id, s.expires);
    await this.store?.revokeSession(s.id, s.expires);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}
