// Reads one document (a WSDL or an XSD) from a file or an http(s) URL, bounded in size and time, as bytes.
import { open } from 'node:fs/promises';
import { Agent, fetch } from 'undici';
import { WsdlError } from './wsdl-error.ts';

/** How to fetch documents over HTTP(S). */
export interface FetchTextOptions {
  /** Do not verify the server's TLS certificate (a test system only). */
  insecure?: boolean;
  /** PEM text of the CA certificate(s) to trust instead of the system ones. */
  ca?: string;
  /** Longest wait for one document (default 30 s). */
  timeoutMs?: number;
  /** Largest document accepted, in bytes. */
  maxBytes: number;
}

/** A document's bytes, and the media type its server gave (for the charset). */
export interface FetchedDocument {
  bytes: Uint8Array;
  contentType?: string;
}

/** True when `location` is an http(s) URL rather than a file path. */
export function isHttpUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** The bytes of the file or http(s) URL `location`. */
export async function fetchDocument(location: string, opts: FetchTextOptions): Promise<FetchedDocument> {
  return isHttpUrl(location) ? fetchUrl(location, opts) : { bytes: await readFileBounded(location, opts.maxBytes) };
}

async function readFileBounded(file: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new WsdlError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const size = (await handle.stat()).size;
    if (size > maxBytes) throw new WsdlError(`${file}: the document is ${size} bytes, more than the ${maxBytes} accepted`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function fetchUrl(location: string, opts: FetchTextOptions): Promise<FetchedDocument> {
  const agent = new Agent({ connect: { rejectUnauthorized: !opts.insecure, ...(opts.ca !== undefined ? { ca: opts.ca } : {}) } });
  try {
    let res;
    try {
      res = await fetch(location, {
        dispatcher: agent,
        headers: { accept: 'text/xml, application/xml, application/wsdl+xml, */*;q=0.5' },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new WsdlError(`cannot fetch ${location}: ${networkReason(e)}`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new WsdlError(`cannot fetch ${location}: the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new WsdlError(`cannot fetch ${location}: the document is ${declared} bytes, more than the ${opts.maxBytes} accepted`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body ?? []) {
        size += chunk.byteLength;
        if (size > opts.maxBytes) throw new WsdlError(`cannot fetch ${location}: the document is more than the ${opts.maxBytes} bytes accepted`);
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof WsdlError) throw e;
      throw new WsdlError(`cannot fetch ${location}: ${networkReason(e)}`);
    }
    return { bytes: Buffer.concat(chunks), contentType: res.headers.get('content-type') ?? undefined };
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
