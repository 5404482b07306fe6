// What a failed attempt that produced no HTTP response means: its error kind, whether it counts as a timeout or
// a network failure for retryOn, and whether the request may have reached the application (a non-idempotent
// request is retried only when it certainly did not).
import type { HttpErrorKind } from './http-call-error.ts';

/** A failure without a response, classified. */
export interface NetworkFailure {
  kind: HttpErrorKind;
  /** The error code, when there is one (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, CERT_HAS_EXPIRED…). */
  code?: string;
  /** A short, safe reason for the message. */
  reason: string;
  /** Which retryOn entry covers it; undefined: never retried (retrying cannot help). */
  retryOn?: 'timeout' | 'network';
  /** False only when the connection was never established, so nothing of the request was sent. */
  mayHaveBeenSent: boolean;
}

const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);
const BROKEN = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
// OpenSSL verification results: the server's certificate is not trusted (a setting to fix, not a blip).
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
]);
// TLS alerts by which a server refuses the client certificate.
const CLIENT_CERT_REFUSED =
  /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED)/;

/** The code of an error, looking into causes and aggregated errors (Happy Eyeballs tries several addresses). */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies an error thrown by an attempt that was not aborted by Ferry's own timers or the caller;
 * `tlsAlert` is the TLS alert seen on the socket, when the error itself only says the socket closed.
 */
export function classifyNetworkError(
  err: unknown,
  tlsAlert?: string,
  presentsClientCertificate = false,
): NetworkFailure {
  const code = tlsAlert ?? errorCode(err);
  // Some servers (Node's among them) refuse a client certificate by closing the connection without an alert.
  if (code === 'UND_ERR_SOCKET' && presentsClientCertificate && socketBytesRead(err) === 0) {
    return {
      kind: 'unavailable',
      code,
      reason: 'the server closed the connection without answering (it may have refused the client certificate)',
      retryOn: 'network',
      mayHaveBeenSent: true,
    };
  }
  const message = err instanceof Error ? err.message : '';
  if (code && NOT_CONNECTED.has(code))
    return {
      kind: 'unavailable',
      code,
      reason: `cannot connect (${code})`,
      retryOn: 'network',
      mayHaveBeenSent: false,
    };
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return { kind: 'timeout', code, reason: 'connect timed out', retryOn: 'timeout', mayHaveBeenSent: false };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return { kind: 'timeout', code, reason: 'no answer in time', retryOn: 'timeout', mayHaveBeenSent: true };
  if (code && UNTRUSTED.has(code))
    return {
      kind: 'unavailable',
      code,
      reason: `the server certificate is not trusted (${code}); check tls.ca`,
      mayHaveBeenSent: false,
    };
  if (code && CLIENT_CERT_REFUSED.test(code))
    return {
      kind: 'unauthorized',
      code,
      reason: `the server refused the client certificate (${code})`,
      mayHaveBeenSent: true,
    };
  if (code && (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')))
    return { kind: 'unavailable', code, reason: `TLS failed (${code})`, mayHaveBeenSent: false };
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE')
    return {
      kind: 'invalidResponse',
      code,
      reason: 'the response is larger than limits.maxResponseBytes',
      mayHaveBeenSent: true,
    };
  if (code?.startsWith('HPE_'))
    return { kind: 'invalidResponse', code, reason: `not a valid HTTP response (${code})`, mayHaveBeenSent: true };
  if (/Proxy Authentication Required|\(407\)/.test(message))
    return { kind: 'unauthorized', code, reason: 'the proxy requires authentication (407)', mayHaveBeenSent: false };
  if (/Proxy response \(\d+\)/.test(message))
    return {
      kind: 'unavailable',
      code,
      reason: `the proxy refused the tunnel (${/\((\d+)\)/.exec(message)?.[1]})`,
      retryOn: 'network',
      mayHaveBeenSent: false,
    };
  if (code === 'UND_ERR_INVALID_ARG')
    return {
      kind: 'rejected',
      code,
      reason: 'the request is malformed (a header or the URL holds invalid characters)',
      mayHaveBeenSent: false,
    };
  if (code && BROKEN.has(code))
    return {
      kind: 'unavailable',
      code,
      reason: `the connection failed (${code})`,
      retryOn: 'network',
      mayHaveBeenSent: true,
    };
  return {
    kind: 'unavailable',
    code,
    reason: code ? `the connection failed (${code})` : 'the connection failed',
    retryOn: 'network',
    mayHaveBeenSent: true,
  };
}

function socketBytesRead(err: unknown): number | undefined {
  const n = (err as { socket?: { bytesRead?: unknown } } | null)?.socket?.bytesRead;
  return typeof n === 'number' ? n : undefined;
}
