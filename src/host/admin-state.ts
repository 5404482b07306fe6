// What a host keeps across reloads while its HTTP apps are rebuilt: the failure limiters of the SCIM, /metrics and
// admin tokens and of console sign-ins (a reload must not forgive a guesser), and the console sessions with their
// sign-outs (kept while the admin token stays the same).
import { AuthFailureLimiter } from './auth-failure-limiter.ts';
import { ConsoleSessions, type SessionRevocations } from './console-session.ts';

/** The admin state of one host. */
export class AdminState {
  /** Failed bearer tokens on /admin, per address. */
  readonly adminLimiter = new AuthFailureLimiter();
  /** Failed console sign-ins, per address. */
  readonly consoleLimiter = new AuthFailureLimiter();
  /** Failed SCIM and /metrics tokens, per address (one for all of them: several tokens tried are one guesser). */
  readonly scimLimiter = new AuthFailureLimiter();
  private current: { token: string; sessions: ConsoleSessions } | undefined;

  /**
   * The sessions signed with `adminToken`, their sign-outs kept in `revocations`: the same object until the token
   * changes (which signs everyone out).
   */
  sessionsFor(adminToken: string, revocations?: SessionRevocations): ConsoleSessions {
    if (this.current?.token !== adminToken)
      this.current = { token: adminToken, sessions: new ConsoleSessions(adminToken, Date.now, revocations) };
    return this.current.sessions;
  }
}
