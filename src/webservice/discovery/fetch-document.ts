// Reads an OpenAPI document from a file or an http(s) URL and parses it (JSON or YAML).
import { readFileSync } from 'node:fs';
import { fetchBounded } from '../../util/fetch-bounded.ts';
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
      throw new DiscoveryError(
        `cannot read ${location} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
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
    throw new DiscoveryError(
      `${name}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid JSON or YAML: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  try {
    // The alias limit stops a "billion laughs" document from expanding without end.
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new DiscoveryError(`${name}: cannot read the YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function fetchText(location: string, opts: FetchOptions): Promise<{ text: string; url: string }> {
  const accept = 'application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.5';
  const r = await fetchBounded(
    location,
    { ...opts, accept, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES },
    (m) => new DiscoveryError(m),
  );
  return { text: r.bytes.toString('utf8'), url: r.url };
}
