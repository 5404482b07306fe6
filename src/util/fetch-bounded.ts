// Fetches a document over HTTP(S) for discovery (OpenAPI, WSDL): trust from --ca / --insecure, a timeout, a size
// bound checked both on Content-Length and while reading, and failures a person can act on.
import { Agent, fetch } from 'undici';

/** How to fetch. */
export interface BoundedFetchOptions {
  accept: string;
  maxBytes: number;
  insecure?: boolean;
  ca?: string | Buffer;
  timeoutMs?: number;
}

/** A fetched document. */
export interface BoundedFetchResult {
  bytes: Buffer;
  contentType?: string;
  /** The final URL after redirects. */
  url: string;
}

/**
 * Fetches `location`; every failure is `fail("cannot fetch <location>: <reason>")`, so each caller keeps its own
 * error type.
 */
export async function fetchBounded(
  location: string,
  opts: BoundedFetchOptions,
  fail: (message: string) => Error,
): Promise<BoundedFetchResult> {
  const cannot = (reason: string) => fail(`cannot fetch ${location}: ${reason}`);
  const agent = new Agent({
    connect: { rejectUnauthorized: !opts.insecure, ...(opts.ca !== undefined ? { ca: opts.ca } : {}) },
  });
  try {
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(location, {
        dispatcher: agent,
        headers: { accept: opts.accept },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw cannot(networkReason(e));
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw cannot(`the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw cannot(`the document is ${declared} bytes, more than ${opts.maxBytes} (the limit)`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of res.body ?? []) {
        size += chunk.byteLength;
        if (size > opts.maxBytes) {
          tooLarge = true;
          break;
        }
        chunks.push(chunk);
      }
    } catch (e) {
      throw cannot(networkReason(e));
    }
    if (tooLarge) throw cannot(`the document is more than ${opts.maxBytes} bytes (the limit)`);
    return {
      bytes: Buffer.concat(chunks),
      contentType: res.headers.get('content-type') ?? undefined,
      url: res.url || location,
    };
  } finally {
    await agent.close().catch(() => undefined);
  }
}

/** A person-readable reason for a failed fetch, with the TLS hint when it is a certificate problem. */
function networkReason(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no complete answer in time (timeout)';
  const code = err.cause?.code;
  const message = err.cause?.message ?? err.message ?? String(e);
  const tls = code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
  return `${code ? `${code}: ` : ''}${message}${tls ? ' (trust the server with --ca FILE, or for a test system --insecure)' : ''}`;
}
