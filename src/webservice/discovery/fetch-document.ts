// Reads an OpenAPI document from a file or an http(s) URL and parses it (JSON or YAML).
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { LineCounter, parseDocument } from 'yaml';
import { DiscoveryError } from './discovered-service.ts';

/** How to fetch a document from a URL. */
export interface FetchOptions {
  /** Do not verify the server's TLS certificate (a test system only). */
  insecure?: boolean;
  /** PEM text of the CA certificate(s) to trust instead of the system ones. */
  ca?: string;
  /** Longest wait for the whole document (default 30 s). */
  timeoutMs?: number;
  /** Largest document accepted (default 32 MB). */
  maxBytes?: number;
}

/** A parsed document and where it came from. */
export interface LoadedDocument {
  /** The parsed JSON or YAML value. */
  doc: unknown;
  /** The location as given (file path or URL). */
  location: string;
  /** For a fetched document: the URL it finally came from (after redirects), against which relative URLs resolve. */
  url?: string;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** True when `location` is an http(s) URL rather than a file path. */
export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/** Reads and parses the document at a file path or http(s) URL. */
export async function loadOpenApiDocument(location: string, opts: FetchOptions = {}): Promise<LoadedDocument> {
  if (!isUrl(location)) {
    let text: string;
    try {
      text = readFileSync(location, 'utf8');
    } catch (e) {
      throw new DiscoveryError(`cannot read ${location} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return { doc: parseDocumentText(text, location), location };
  }
  const { text, url } = await fetchText(location, opts);
  return { doc: parseDocumentText(text, location), location, url };
}

/** Parses JSON or YAML text (named `name` in messages). */
export function parseDocumentText(text: string, name: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  // JSON.parse is much faster on the large JSON documents some APIs publish; YAML reads JSON too if it fails.
  if (/^\s*[[{]/.test(body)) {
    try {
      return JSON.parse(body);
    } catch {
      // Not strict JSON (YAML flow style, comments): let the YAML parser try and report.
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(body, { lineCounter: lines, uniqueKeys: false, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new DiscoveryError(`${name}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid JSON or YAML: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  try {
    // The alias limit stops a "billion laughs" document from expanding without end.
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new DiscoveryError(`${name}: cannot read the YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function fetchText(location: string, opts: FetchOptions): Promise<{ text: string; url: string }> {
  const agent = new Agent({
    connect: { rejectUnauthorized: !opts.insecure, ...(opts.ca !== undefined ? { ca: opts.ca } : {}) },
  });
  const limit = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    let res;
    try {
      res = await fetch(location, {
        dispatcher: agent,
        headers: { accept: 'application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.5' },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new DiscoveryError(`cannot fetch ${location}: ${networkReason(e)}`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new DiscoveryError(`cannot fetch ${location}: the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > limit) {
      await res.body?.cancel().catch(() => undefined);
      throw new DiscoveryError(`cannot fetch ${location}: the document is ${declared} bytes, more than ${limit}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body ?? []) {
        size += chunk.byteLength;
        if (size > limit) throw new DiscoveryError(`cannot fetch ${location}: the document is more than ${limit} bytes`);
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof DiscoveryError) throw e;
      throw new DiscoveryError(`cannot fetch ${location}: ${networkReason(e)}`);
    }
    return { text: Buffer.concat(chunks).toString('utf8'), url: res.url || location };
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
