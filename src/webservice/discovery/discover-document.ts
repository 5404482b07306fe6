// One discovery step from a document, for the CLI and the console alike: an OpenAPI document or a WSDL, given as a
// file or URL, or as text (the console uploads a file's content), into the operations a project takes; for a WSDL
// also the tree of services, ports and operations a person reads.
import { soapDiscovery } from '../../soap/discovery.ts';
import { loadWsdl, parseWsdl } from '../../soap/wsdl.ts';
import { onlyPorts, wsdlTree } from '../../soap/wsdl-tree.ts';
import { DiscoveryError, type DiscoveredService } from './discovered-service.ts';
import { isUrl, loadOpenApiDocument, parseDocumentText } from './fetch-document.ts';
import { endpointUrl } from './manual.ts';
import { discoverOpenApi } from './openapi.ts';

/** Where a document comes from and how to read it. */
export interface DocumentRequest {
  kind: 'rest' | 'soap';
  /** A file path or http(s) URL. */
  location?: string;
  /** The document's text (instead of a location). */
  text?: string;
  /** The name `text` goes by in messages. */
  name?: string;
  /** SOAP: only this port. */
  port?: string;
  /** The service's base URL or endpoint instead of the document's. */
  endpoint?: string;
  insecure?: boolean;
  ca?: string;
}

/** What a document holds. */
export interface DocumentDiscovery {
  found: DiscoveredService;
  /** SOAP: services → ports → operations with their structures. */
  tree?: unknown[];
}

/** Reads the document and discovers its operations; DiscoveryError (or the WSDL's error) when it cannot. */
export async function discoverDocument(r: DocumentRequest): Promise<DocumentDiscovery> {
  if ((r.location === undefined) === (r.text === undefined))
    throw new DiscoveryError('give either a document location (file or URL) or its text');
  const name = r.location ?? r.name ?? 'the uploaded document';
  if (r.kind === 'soap') {
    const desc =
      r.text !== undefined
        ? parseWsdl(r.text, name)
        : await loadWsdl(r.location as string, { insecure: r.insecure, ca: r.ca });
    const found = soapDiscovery(desc, {
      source: r.location,
      documentUrl: r.location && isUrl(r.location) ? r.location : undefined,
      port: r.port,
      endpoint: r.endpoint,
    });
    return { found, tree: wsdlTree(onlyPorts(desc, r.port)) };
  }
  const loaded =
    r.text !== undefined
      ? { doc: parseDocumentText(r.text, name), url: undefined }
      : await loadOpenApiDocument(r.location as string, { insecure: r.insecure, ca: r.ca });
  const baseUrl = r.endpoint === undefined ? undefined : endpointUrl(r.endpoint);
  return { found: discoverOpenApi(loaded.doc, { source: r.location, documentUrl: loaded.url, baseUrl }) };
}
