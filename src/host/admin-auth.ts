// Who is calling the admin API: the bearer-token check of /admin (the CLI) and the role it grants. The console
// signs in with the same tokens (console-app.ts); both set the same Actor, so the routes and the audit log do not
// care which door a caller came through.
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthFailureLimiter } from './auth-failure-limiter.ts';
import { TokenChecker, clientAddress } from './auth.ts';
import { apiError } from './admin-error.ts';
import { tokenFingerprint, type ConsoleRole } from './console-session.ts';

/** The caller of an admin route. */
export interface Actor {
  role: ConsoleRole;
  /** Fingerprint of the token (never the token). */
  fingerprint: string;
  address: string;
  via: 'admin' | 'console';
}

/** What an audited route tells the audit log about its change. */
export interface AuditNote {
  object?: string;
  before?: unknown;
  after?: unknown;
}

/** The Hono environment of the admin routes. */
export type AdminEnv = { Variables: { actor: Actor; audit: AuditNote | undefined } };

/** Methods that change something: refused to the read-only role, audited. */
export const CHANGE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The admin tokens and the role each opens. */
export class AdminTokens {
  private readonly admin: TokenChecker;
  private readonly readOnly: TokenChecker | undefined;

  constructor(
    private readonly adminToken: string,
    private readonly readOnlyToken: string | undefined,
  ) {
    this.admin = new TokenChecker(adminToken);
    this.readOnly = readOnlyToken === undefined ? undefined : new TokenChecker(readOnlyToken);
  }

  /** The role `token` opens, with its fingerprint; undefined for a wrong token. */
  roleOf(token: string): { role: ConsoleRole; fingerprint: string } | undefined {
    if (this.admin.matches(token)) return { role: 'admin', fingerprint: tokenFingerprint(this.adminToken) };
    if (this.readOnly?.matches(token) && this.readOnlyToken !== undefined)
      return { role: 'readonly', fingerprint: tokenFingerprint(this.readOnlyToken) };
    return undefined;
  }
}

/** 429 with Retry-After when `address` failed too often; undefined when it may go on. */
export function tooManyFailures(c: Context, limiter: AuthFailureLimiter, address: string): Response | undefined {
  const wait = limiter.retryAfter(address);
  if (wait === 0) return undefined;
  c.header('Retry-After', String(wait));
  const res = apiError(
    c,
    'admin_unauthorized',
    `Too many failed authentications from this address; retry after ${wait} s.`,
  );
  return new Response(res.body, { status: 429, headers: res.headers });
}

/** The read-only role may look but not change (inside the audited routes, so a refused change is recorded). */
export const refuseReadOnly: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (c.get('actor').role === 'readonly' && CHANGE_METHODS.has(c.req.method))
    return apiError(c, 'read_only', 'The read-only role cannot make changes.');
  await next();
};

/** /admin: a bearer admin token (or the read-only one for looking), slowed per address on failures. */
export function adminBearerAuth(tokens: AdminTokens, limiter: AuthFailureLimiter): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const address = clientAddress(c);
    const limited = tooManyFailures(c, limiter, address);
    if (limited) return limited;
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
    const who = m ? tokens.roleOf(m[1].trim()) : undefined;
    if (!who) {
      limiter.fail(address);
      c.header('WWW-Authenticate', 'Bearer realm="ferry-admin"');
      return apiError(c, 'admin_unauthorized', 'Missing or wrong admin token.');
    }
    c.set('actor', { ...who, address, via: 'admin' });
    await next();
  };
}
