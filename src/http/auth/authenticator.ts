// The contract of an authentication strategy: put the credential on a request, and (for credentials that are
// obtained and can go stale) obtain a new one when the application answers 401.
import type { SecretScrubber } from '../../util/redact.ts';
import type { HttpRequester, PreparedRequest } from '../types.ts';

/** Puts a credential on requests; the client calls refresh() once on a 401 and retries when it returns true. */
export interface Authenticator {
  /** Adds the credential to `req` (header, query parameter or cookie); may first obtain it (token, login). */
  apply(req: PreparedRequest): Promise<void>;
  /**
   * Obtains a new credential after `failed` was refused with 401; false when there is nothing to renew.
   * Concurrent refreshes share one renewal, and a request that carried an already replaced credential does
   * not renew again.
   */
  refresh?(failed?: PreparedRequest): Promise<boolean>;
}

/** What an authenticator gets from the service it belongs to. */
export interface AuthContext {
  /** The service itself: token and login calls go through it (same TLS, proxy, limits, retries), with auth: false. */
  requester: HttpRequester;
  /** Every secret the authenticator knows or obtains is added here, so no message can show it. */
  scrubber: SecretScrubber;
  /** Wall clock in milliseconds (tests move it). */
  now(): number;
}
