// HttpService: one application service's HTTP behaviour, as its settings describe it — keep-alive pools, TLS,
// proxy, authentication with refresh on 401, a concurrency limit and a rate limit, per-attempt timeouts and a
// per-call deadline, retries with backoff and jitter that honour Retry-After, and success criteria.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { AuthContext, Authenticator } from './auth/authenticator.ts';
import { createAuthenticator, credentialNames } from './auth/create-authenticator.ts';
import { backoffDelay } from './backoff.ts';
import { resolveHttpSettings, type HttpSettings, type HttpSettingsInput, type HttpSuccess } from './config.ts';
import { createDispatcher } from './dispatcher.ts';
import { HttpCallError, describeFailure, kindOfStatus, type HttpErrorKind } from './http-call-error.ts';
import { readPath } from './json-path.ts';
import { linkedAbort, type LinkedAbort } from './linked-abort.ts';
import { classifyNetworkError, type NetworkFailure } from './network-error.ts';
import { SecretScrubber, redactHeaders, safePathAndQuery, safeUrl } from '../util/redact.ts';
import { encodeBody } from './request-body.ts';
import { requestUrl } from './request-url.ts';
import { parseRetryAfter } from './retry-after.ts';
import { QueueTimeoutError, Semaphore, type Release } from './semaphore.ts';
import { HttpSettingsError } from './settings-error.ts';
import { checkStatusMap, kindFromTable } from './status-map.ts';
import type { ExportErrorKind } from '../errors/failure-kinds.ts';
import { matchesStatus } from './status-pattern.ts';
import type { ClosingOrigins } from './closing-origins.ts';
import type { TlsAlerts } from './tls-alerts.ts';
import { TokenBucket } from './token-bucket.ts';
import type { HttpRequest, HttpRequester, HttpResponse, PreparedRequest, RequestOptions } from './types.ts';

/** Methods that are idempotent by default (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const USER_AGENT = 'Ferry';
// setTimeout holds at most 2^31-1 ms; longer deadlines are as good as none.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What happened in one attempt (for logs and traces): redacted, never a credential. */
export interface AttemptEvent {
  method: string;
  /** The URL without user info and with secret query values redacted. */
  url: string;
  attempt: number;
  /** success; retry (another attempt follows after retryInMs); refresh (401, credential renewed); fail (the call ends). */
  outcome: 'success' | 'retry' | 'refresh' | 'fail';
  status?: number;
  errorKind?: HttpErrorKind;
  code?: string;
  durationMs: number;
  retryInMs?: number;
}

/** Hooks and overrides of an HttpService. */
export interface HttpServiceOptions {
  /** Called after every attempt. */
  onAttempt?: (e: AttemptEvent) => void;
  /** Random numbers in [0, 1) for the backoff jitter (tests fix it). */
  random?: () => number;
  /** Wall clock for credential expiry (tests move it). */
  now?: () => number;
  /** Replaces the authenticator the settings describe (e.g. WS-Security, which lives with SOAP). */
  authenticator?: (ctx: AuthContext) => Authenticator;
}

/** A redacted description of a request, for log lines. */
export interface RequestDescription {
  method: string;
  url: string;
  headers: Record<string, string>;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

type AttemptOutcome = { response: RawResponse } | { failure: NetworkFailure } | { aborted: true };
type Verdict = { ok: true; json: unknown } | { ok: false; kind: HttpErrorKind; reason?: string };

/** One service of an application: sends requests with every HTTP behaviour of its settings. */
export class HttpService implements HttpRequester {
  /** The settings with every default filled. */
  readonly settings: HttpSettings;
  /** Every secret known to this service; scrubs messages. */
  readonly scrubber = new SecretScrubber();
  private readonly base: URL;
  private readonly dispatcher: Dispatcher;
  private readonly tlsAlerts: TlsAlerts;
  private readonly closing: ClosingOrigins;
  private readonly semaphore: Semaphore;
  private readonly bucket?: TokenBucket;
  private readonly auth: Authenticator;
  private readonly secretNames: ReadonlySet<string>;
  private readonly staticHeaders: Record<string, string>;
  private readonly random: () => number;
  private readonly presentsClientCertificate: boolean;
  private closed = false;

  constructor(
    input: HttpSettingsInput,
    private readonly options: HttpServiceOptions = {},
  ) {
    this.settings = resolveHttpSettings(input);
    const s = this.settings;
    this.base = checkSettings(s);
    this.random = options.random ?? Math.random;
    this.presentsClientCertificate = s.tls.cert !== undefined || s.auth?.type === 'clientCertificate';
    this.staticHeaders = { 'user-agent': USER_AGENT, ...lowerKeys(s.headers) };
    this.secretNames = credentialNames(s.auth);
    this.scrubber.add(s.tls.passphrase);
    if (s.proxy) {
      const p = new URL(s.proxy);
      this.scrubber.add(decodeURIComponent(p.password));
    }
    const ctx: AuthContext = { requester: this, scrubber: this.scrubber, now: options.now ?? Date.now };
    this.auth = options.authenticator ? options.authenticator(ctx) : createAuthenticator(s.auth, ctx);
    this.semaphore = new Semaphore(s.limits.concurrency);
    if (s.limits.ratePerSecond !== undefined) this.bucket = new TokenBucket(s.limits.ratePerSecond, s.limits.burst);
    ({ dispatcher: this.dispatcher, tlsAlerts: this.tlsAlerts, closing: this.closing } = createDispatcher(s));
  }

  /** Requests in flight now (at most limits.concurrency). */
  get inFlight(): number {
    return this.semaphore.active;
  }

  /**
   * Sends `req` and returns the response that met the success criteria; throws an HttpCallError otherwise, or
   * the signal's reason when the caller aborts.
   */
  async request(req: HttpRequest, opts: RequestOptions = {}): Promise<HttpResponse> {
    const started = performance.now();
    const s = this.settings;
    const method = req.method.toUpperCase();
    let url: URL;
    try {
      url = requestUrl(s.baseUrl, req.path, req.query);
    } catch {
      throw new HttpCallError({
        kind: 'rejected',
        message: `${method}: "${this.scrubber.scrub(req.path).slice(0, 100)}" is not a valid path or URL`,
        attempts: 0,
      });
    }
    // Built only for a failure message: scrubbing every request's path would cost on the hot path.
    const safePath = () => this.scrubber.scrub(safePathAndQuery(url, this.secretNames));
    const fail = (
      kind: HttpErrorKind,
      attempts: number,
      detail: Parameters<typeof describeFailure>[2],
      extra: { status?: number; retryAfterSeconds?: number; code?: string; exportKind?: ExportErrorKind } = {},
    ) =>
      new HttpCallError({
        kind,
        attempts,
        message: this.scrubber.scrub(describeFailure(method, safePath(), detail)),
        ...extra,
      });
    if (this.closed) throw fail('unavailable', 0, { reason: 'the service is closed' });

    // Credentials go only to the service's own origin: a next link or a redirect elsewhere gets none.
    const useAuth = opts.auth !== false && url.origin === this.base.origin;
    const idempotent = opts.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const success = opts.success ?? s.success;
    const encoded = req.body ? encodeBody(req.body) : undefined;
    const deadline = Math.min(opts.deadline ?? Infinity, Date.now() + s.timeouts.operationMs);
    const op = linkedAbort(opts.signal);
    const deadlineTimer = setTimeout(
      () => op.controller.abort(new Error('deadline')),
      Math.min(MAX_TIMER_MS, Math.max(0, deadline - Date.now())),
    );
    const event = (e: Omit<AttemptEvent, 'method' | 'url'>) =>
      this.options.onAttempt?.({ method, url: this.scrubber.scrub(safeUrl(url, this.secretNames)), ...e });
    const onAbort: (attempts: number) => never = (attempts) => {
      if (opts.signal?.aborted) throw opts.signal.reason;
      throw fail('timeout', attempts, {
        reason: `no answer within the operation deadline (${attempts} attempt${attempts === 1 ? '' : 's'})`,
      });
    };

    try {
      let maxAttempts = s.retry.maxAttempts;
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        if (op.signal.aborted) onAbort(attempt - 1);
        const prepared: PreparedRequest = {
          method,
          url: new URL(url),
          headers: { ...this.staticHeaders, ...lowerKeys(req.headers ?? {}), ...encoded?.headers },
          body: encoded?.body,
          deadline,
          signal: opts.signal,
        };
        if (useAuth) await this.auth.apply(prepared);
        const t0 = performance.now();
        const out = await this.attempt(prepared, op, idempotent);
        const durationMs = performance.now() - t0;
        if ('aborted' in out) onAbort(attempt);

        let error: HttpCallError;
        let retryable: boolean;
        let retryAfterMs: number | undefined;
        if ('response' in out) {
          const r = out.response;
          const verdict = this.judge(r, success);
          if (verdict.ok) {
            event({ attempt, outcome: 'success', status: r.status, durationMs });
            const res: HttpResponse = {
              status: r.status,
              headers: r.headers,
              text: r.text,
              durationMs: performance.now() - started,
              attempts: attempt,
              url: url.toString(),
            };
            if (verdict.json !== undefined) res.json = verdict.json;
            return res;
          }
          if (r.status === 401 && useAuth && !refreshed && this.auth.refresh) {
            // A 401 means the application refused the credential without acting: renewing and sending again
            // is safe for any method, and does not use up a retry.
            refreshed = true;
            event({ attempt, outcome: 'refresh', status: 401, errorKind: 'unauthorized', durationMs });
            if (await this.auth.refresh(prepared)) {
              maxAttempts++;
              continue;
            }
          }
          retryAfterMs = parseRetryAfter(r.headers['retry-after']);
          // The project's status map (the call's rows first) may give the answer another meaning.
          const exportKind = kindFromTable([...(opts.errors ?? []), ...(s.errors ?? [])], r.status, r.text);
          error = fail(
            verdict.kind,
            attempt,
            { status: r.status, reason: verdict.reason, appText: r.text },
            {
              status: r.status,
              ...(retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}),
              ...(exportKind ? { exportKind } : {}),
            },
          );
          // A response means the request was sent: only an idempotent one may be sent again.
          retryable =
            (idempotent || s.retry.retryNonIdempotent) &&
            verdict.kind !== 'invalidResponse' &&
            matchesStatus(r.status, s.retry.retryOn.filter(isStatusEntry));
        } else {
          const f = out.failure;
          error = fail(f.kind, attempt, { reason: f.reason }, f.code ? { code: f.code } : {});
          retryable =
            f.retryOn !== undefined &&
            s.retry.retryOn.includes(f.retryOn) &&
            (!f.mayHaveBeenSent || idempotent || s.retry.retryNonIdempotent);
        }

        const base = { attempt, status: error.status, errorKind: error.kind, code: error.code, durationMs };
        if (!retryable || attempt >= maxAttempts) {
          event({ ...base, outcome: 'fail' });
          throw error;
        }
        // A Retry-After longer than we may wait ends the retries: the caller passes it on (429/503 to Entra).
        if (retryAfterMs !== undefined && retryAfterMs > s.retry.maxDelayMs) {
          event({ ...base, outcome: 'fail' });
          throw error;
        }
        const delay = retryAfterMs ?? backoffDelay(attempt, s.retry.baseDelayMs, s.retry.maxDelayMs, this.random);
        if (Date.now() + delay >= deadline) {
          event({ ...base, outcome: 'fail' });
          throw error;
        }
        event({ ...base, outcome: 'retry', retryInMs: delay });
        try {
          await sleep(delay, undefined, { signal: op.signal });
        } catch {
          onAbort(attempt);
        }
      }
    } finally {
      clearTimeout(deadlineTimer);
      op.dispose();
    }
  }

  /** A redacted description of `req` for a log line (method, URL, headers; no credential). */
  describe(req: HttpRequest): RequestDescription {
    const url = requestUrl(this.settings.baseUrl, req.path, req.query);
    const headers = {
      ...this.staticHeaders,
      ...lowerKeys(req.headers ?? {}),
      ...(req.body ? encodeBody(req.body).headers : {}),
    };
    return {
      method: req.method.toUpperCase(),
      url: this.scrubber.scrub(safeUrl(url, this.secretNames)),
      headers: redactHeaders(headers, this.secretNames),
    };
  }

  /** Closes the connection pools; later calls fail with 'unavailable'. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dispatcher.close();
  }

  /** One attempt: a concurrency slot, a rate token, then the exchange under the per-attempt timeout. */
  private async attempt(p: PreparedRequest, op: LinkedAbort, idempotent: boolean): Promise<AttemptOutcome> {
    const requestMs = this.settings.timeouts.requestMs;
    const att = linkedAbort(op.signal);
    let release: Release | undefined;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      release = await this.semaphore.acquire(op.signal, this.settings.limits.queueTimeoutMs);
      await this.bucket?.take(op.signal);
      // The attempt timeout starts once the request may go: waiting for a slot counts against the deadline only.
      timer = setTimeout(() => {
        timedOut = true;
        att.controller.abort(new Error('attempt timeout'));
      }, requestMs);
      const origin = p.url.origin;
      // A create on a connection its server is closing could not be retried (closing-origins.ts).
      const settle = idempotent ? 0 : this.closing.settleDelay(origin);
      if (settle > 0) await sleep(settle, undefined, { signal: att.signal });
      const res = await this.dispatcher.request({
        origin,
        path: `${p.url.pathname}${p.url.search}`,
        method: p.method as Dispatcher.HttpMethod,
        headers: p.headers,
        body: p.body ?? null,
        signal: att.signal,
        // A server that closes connections after each answer gets a connection per request (closing-origins.ts).
        reset: this.closing.closesConnections(origin),
      });
      const text = await res.body.text();
      this.closing.answered(origin);
      return { response: { status: res.statusCode, headers: flattenHeaders(res.headers), text } };
    } catch (err) {
      if (op.signal.aborted) return { aborted: true };
      // Not retried: another wait in the same queue cannot help; the client is told to come back later.
      if (err instanceof QueueTimeoutError)
        return {
          failure: {
            kind: 'unavailable',
            code: 'QUEUE_TIMEOUT',
            reason: `not sent: all ${this.settings.limits.concurrency} connections to the service are busy and none is expected to free up within limits.queueTimeoutMs (${err.maxWaitMs} ms)`,
            mayHaveBeenSent: false,
          },
        };
      if (timedOut)
        return {
          failure: {
            kind: 'timeout',
            reason: `no complete answer within ${requestMs} ms`,
            retryOn: 'timeout',
            mayHaveBeenSent: true,
          },
        };
      return {
        failure: classifyNetworkError(
          err,
          this.tlsAlerts.alertFor(err),
          p.url.protocol === 'https:' && this.presentsClientCertificate,
        ),
      };
    } finally {
      clearTimeout(timer);
      att.dispose();
      release?.();
    }
  }

  /** Whether a response meets the success criteria; JSON that does not parse is garbage, not success. */
  private judge(r: RawResponse, success: HttpSuccess): Verdict {
    const statusOk = matchesStatus(r.status, success.status);
    let json: unknown;
    if (isJsonContentType(r.headers['content-type']) && r.text.trim() !== '') {
      try {
        json = JSON.parse(r.text);
      } catch {
        // An error status with a broken body is still that error; a success with one is garbage.
        if (statusOk)
          return {
            ok: false,
            kind: 'invalidResponse',
            reason: `the body is not valid JSON (content-type ${r.headers['content-type']})`,
          };
      }
    }
    if (!statusOk) return { ok: false, kind: kindOfStatus(r.status) };
    const check = success.body;
    if (check) {
      const value = readPath(json, check.path);
      // A missing value counts as null: `{ path: error, equals: null }` holds for a JSON-RPC answer without error.
      if ((value === undefined ? null : value) !== check.equals) {
        return {
          ok: false,
          kind: 'rejected',
          reason: `success check failed: ${check.path} is ${preview(value)}, not ${preview(check.equals)}`,
        };
      }
    }
    return { ok: true, json };
  }
}

/** True for JSON media types: application/json, application/scim+json, application/problem+json, text/json. */
export function isJsonContentType(ct: string | undefined): boolean {
  return ct !== undefined && /^\s*(application|text)\/([a-z0-9.!#$&^_-]*\+)?json\s*(;|$)/i.test(ct);
}

function isStatusEntry(e: number | string): e is number | string {
  return typeof e === 'number' || /^[1-5]xx$/.test(e);
}

function preview(v: unknown): string {
  const s = v === undefined ? 'missing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    // Set-Cookie values contain commas (Expires=Thu, 01 Jan …), so they are joined with a newline instead.
    out[name] = Array.isArray(v) ? v.join(name === 'set-cookie' ? '\n' : ', ') : v;
  }
  return out;
}

function checkSettings(s: HttpSettings): URL {
  const problems: string[] = [];
  let base: URL | undefined;
  try {
    base = new URL(s.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') problems.push('baseUrl must be http:// or https://');
    if (base.username || base.password) problems.push('baseUrl must not hold credentials (use auth)');
  } catch {
    problems.push('baseUrl is not a valid URL');
  }
  if (s.proxy) {
    try {
      const p = new URL(s.proxy);
      if (p.protocol !== 'http:' && p.protocol !== 'https:') problems.push('proxy must be an http:// or https:// URL');
    } catch {
      problems.push('proxy is not a valid URL');
    }
  }
  if (!Number.isInteger(s.limits.concurrency) || s.limits.concurrency < 1)
    problems.push('limits.concurrency must be a positive integer');
  if (s.limits.ratePerSecond !== undefined && !(s.limits.ratePerSecond > 0))
    problems.push('limits.ratePerSecond must be positive');
  if (s.retry.maxAttempts < 1) problems.push('retry.maxAttempts must be at least 1');
  try {
    checkStatusMap(s.errors ?? []);
  } catch (e) {
    problems.push(`errors: a match is not a valid regular expression (${(e as Error).message})`);
  }
  if (problems.length || !base) throw new HttpSettingsError(problems);
  return base;
}
