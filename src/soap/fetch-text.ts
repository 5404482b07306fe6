// Reads one document (a WSDL or an XSD) from a file or an http(s) URL, bounded in size and time, as bytes.
import { open } from 'node:fs/promises';
import { fetchBounded } from '../util/fetch-bounded.ts';
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
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new WsdlError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const size = (await handle.stat()).size;
    if (size > maxBytes)
      throw new WsdlError(`${file}: the document is ${size} bytes, more than the ${maxBytes} accepted`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function fetchUrl(location: string, opts: FetchTextOptions): Promise<FetchedDocument> {
  const r = await fetchBounded(
    location,
    { ...opts, accept: 'text/xml, application/xml, application/wsdl+xml, */*;q=0.5' },
    (m) => new WsdlError(m),
  );
  return { bytes: r.bytes, contentType: r.contentType };
}
