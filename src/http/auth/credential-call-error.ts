// A failed token or login call, re-labelled: refusals become 'unauthorized' (the configured credential is
// wrong), while outages keep their kind so the caller retries later.
import { HttpCallError } from '../http-call-error.ts';

/** `e` as the failure of obtaining a credential (`what` names the call: "OAuth2 token request", "session login"). */
export function credentialCallError(what: string, e: unknown): unknown {
  if (!(e instanceof HttpCallError)) return e;
  const refused =
    e.kind === 'rejected' ||
    e.kind === 'invalidValue' ||
    e.kind === 'unauthorized' ||
    e.kind === 'notFound' ||
    e.kind === 'conflict';
  return new HttpCallError({
    kind: refused ? 'unauthorized' : e.kind,
    message: `${what} failed: ${e.message}`,
    status: e.status,
    retryAfterSeconds: e.retryAfterSeconds,
    attempts: e.attempts,
    code: e.code,
  });
}

/** An answer of a token or login call that does not hold the credential. */
export function noCredentialError(what: string, detail: string, attempts: number): HttpCallError {
  return new HttpCallError({ kind: 'invalidResponse', message: `${what}: ${detail}`, attempts });
}
