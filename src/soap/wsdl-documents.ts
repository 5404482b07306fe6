// Gathers the documents of a WSDL: the WSDL itself, the WSDLs it imports and the schemas they import or include,
// resolved relative to the document that names them. Each document is read once (so import cycles end), there is
// a limit on how many, and a document fetched from the network can never name a local file.
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeXml } from './decode-xml.ts';
import { fetchDocument, isHttpUrl, type FetchTextOptions } from './fetch-text.ts';
import { WSDL11, WSDL20, isXsdNamespace } from './namespaces.ts';
import { WsdlError } from './wsdl-error.ts';
import { XmlParseError, attr, parseXml, type XmlElement } from './xml-parser.ts';

/** Reads one document: gets the resolved location (a file path or a URL), returns its text or bytes. */
export type DocumentLoader = (location: string) => Promise<string | Uint8Array>;

/** How the documents of a WSDL are read, and the bounds on them. */
export interface DocumentOptions extends Partial<Omit<FetchTextOptions, 'maxBytes'>> {
  /** Reads documents instead of the file system and HTTP(S) (tests, caches). */
  load?: DocumentLoader;
  /** Most documents (the WSDL, and every import and include), default 50. */
  maxDocuments?: number;
  /** Largest document in bytes, default 10 MB. */
  maxBytes?: number;
  /** Deepest element nesting in a document, default 256. */
  maxDepth?: number;
}

/** One parsed document. */
export interface LoadedDocument {
  location: string;
  root: XmlElement;
  /** For a schema included into another namespace: the includer's target namespace. */
  tns?: string;
}

/** A document another one names. */
interface Reference {
  location: string;
  line: number;
  /** An include passes on the including schema's namespace. */
  tns?: string;
}

/** Default largest WSDL or XSD document. */
export const DEFAULT_MAX_WSDL_BYTES = 10 * 1024 * 1024;
/** Default most documents. */
export const DEFAULT_MAX_DOCUMENTS = 50;

/** Reads the WSDL at `location` and every document it imports or includes, the WSDL first. */
export async function loadDocuments(location: string, opts: DocumentOptions = {}): Promise<LoadedDocument[]> {
  const max = opts.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
  const seen = new Set<string>([location]);
  const queue: { location: string; tns?: string; from?: string }[] = [{ location }];
  const docs: LoadedDocument[] = [];
  while (queue.length) {
    const next = queue.shift() as (typeof queue)[number];
    const root = await readDocument(next.location, next.from, opts);
    const doc: LoadedDocument = { location: next.location, root, ...(next.tns !== undefined ? { tns: next.tns } : {}) };
    docs.push(doc);
    for (const ref of references(doc)) {
      const target = resolveLocation(ref.location, doc.location, `${doc.location}:${ref.line}`, !opts.load);
      if (seen.has(target)) continue;
      if (seen.size >= max)
        throw new WsdlError(
          `${doc.location}:${ref.line}: the WSDL needs more than ${max} documents (imports and includes); stopped at ${target}`,
        );
      seen.add(target);
      queue.push({
        location: target,
        from: `${doc.location}:${ref.line}`,
        ...(ref.tns !== undefined ? { tns: ref.tns } : {}),
      });
    }
  }
  return docs;
}

/** Parses one document's text; `location` names it in messages. */
export function parseDocument(
  text: string | Uint8Array,
  location: string,
  opts: Pick<DocumentOptions, 'maxBytes' | 'maxDepth'> = {},
): XmlElement {
  try {
    const str = typeof text === 'string' ? text : decodeXml(text, location);
    return parseXml(str, location, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_WSDL_BYTES, maxDepth: opts.maxDepth });
  } catch (e) {
    if (e instanceof XmlParseError) throw new WsdlError(e.message);
    throw e;
  }
}

/** The documents `doc` names: WSDL imports and includes, and the schema imports and includes of its schemas. */
export function references(doc: LoadedDocument): Reference[] {
  const root = doc.root;
  const out: Reference[] = [];
  const add = (el: XmlElement, name: string, tns?: string): void => {
    const loc = attr(el, name);
    if (loc !== undefined && loc.trim() !== '')
      out.push({ location: loc.trim(), line: el.line, ...(tns !== undefined ? { tns } : {}) });
  };
  const schemaRefs = (schema: XmlElement, inherited?: string): void => {
    const tns = attr(schema, 'targetNamespace') ?? inherited;
    for (const c of schema.children) {
      if (!isXsdNamespace(c.ns)) continue;
      if (c.local === 'import') add(c, 'schemaLocation');
      else if (c.local === 'include' || c.local === 'redefine') add(c, 'schemaLocation', tns);
    }
  };
  if ((root.ns === WSDL11 && root.local === 'definitions') || (root.ns === WSDL20 && root.local === 'description')) {
    for (const c of root.children) {
      if (c.ns !== root.ns) continue;
      if (c.local === 'import' || c.local === 'include') add(c, 'location');
      if (c.local === 'types')
        for (const s of c.children) if (isXsdNamespace(s.ns) && s.local === 'schema') schemaRefs(s);
    }
  } else if (isXsdNamespace(root.ns) && root.local === 'schema') {
    schemaRefs(root, doc.tns);
  }
  return out;
}

async function readDocument(location: string, from: string | undefined, opts: DocumentOptions): Promise<XmlElement> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_WSDL_BYTES;
  let text: string | Uint8Array;
  let contentType: string | undefined;
  try {
    if (opts.load) text = await opts.load(location);
    else
      ({ bytes: text, contentType } = await fetchDocument(location, {
        maxBytes,
        insecure: opts.insecure,
        ca: opts.ca,
        timeoutMs: opts.timeoutMs,
      }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new WsdlError(
      from
        ? `${from}: ${why.startsWith('cannot') ? why : `cannot read ${location}: ${why}`}`
        : why.startsWith('cannot')
          ? why
          : `cannot read ${location}: ${why}`,
    );
  }
  const size = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.byteLength;
  if (size > maxBytes)
    throw new WsdlError(`${location}: the document is ${size} bytes, more than the ${maxBytes} accepted`);
  try {
    const str = typeof text === 'string' ? text : decodeXml(text, location, contentType);
    return parseXml(str, location, { maxBytes, maxDepth: opts.maxDepth });
  } catch (e) {
    if (e instanceof XmlParseError) throw new WsdlError(e.message);
    throw e;
  }
}

/**
 * The location of a referenced document, relative to the document naming it. With the built-in reader, only
 * files and http(s) URLs are read, and a document fetched from the network may only name http(s) documents.
 */
export function resolveLocation(ref: string, base: string, where: string, builtIn = true): string {
  const hasScheme = (s: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s);
  let target: string;
  if (hasScheme(base) || hasScheme(ref) || ref.startsWith('file:')) {
    try {
      target = new URL(ref, hasScheme(base) ? base : pathToFileURL(resolve(base)).href).href;
    } catch {
      throw new WsdlError(`${where}: "${ref}" is not a valid location`);
    }
  } else {
    target = isAbsolute(ref) ? ref : resolve(dirname(base), ref);
  }
  if (!builtIn) return target;
  const remote = isHttpUrl(base);
  if (target.startsWith('file:')) {
    if (remote) throw new WsdlError(`${where}: a document read from the network cannot name a local file (${ref})`);
    return fileURLToPath(target);
  }
  if (hasScheme(target) && !isHttpUrl(target))
    throw new WsdlError(`${where}: "${ref}" is neither a file nor an http(s) URL`);
  if (remote && !isHttpUrl(target))
    throw new WsdlError(`${where}: a document read from the network cannot name a local file (${ref})`);
  return target;
}
