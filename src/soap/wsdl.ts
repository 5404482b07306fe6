// WSDL 1.1 and 2.0 into the tree service → port → operation, each operation with its SOAP details and its input
// and output message structures (XmlNode trees from the schemas). Ports without a SOAP binding (HTTP GET/POST,
// MIME) are left out with a warning. A broken WSDL gives a WsdlError that names the document, the line when there
// is one, and the WSDL item concerned; problems of single operations are gathered and reported together.
import type { SoapOperation, XmlNode } from './soap-schema.ts';
import { WSDL11, WSDL20, WSDL20_SOAP, WSDL_SOAP11, WSDL_SOAP12, isXsdNamespace } from './namespaces.ts';
import {
  loadDocuments,
  parseDocument,
  references,
  type DocumentOptions,
  type LoadedDocument,
} from './wsdl-documents.ts';
import { WsdlError } from './wsdl-error.ts';
import { SchemaSet, type ExpandContext, type StructureLimits } from './xsd.ts';
import { attr, childrenNamed, firstChild, qnameKey, resolveQName, type QName, type XmlElement } from './xml-parser.ts';

export { WsdlError } from './wsdl-error.ts';

/** One operation of a port. */
export interface WsdlOperation {
  name: string;
  /** The operation's wsdl:documentation, when it has one. */
  documentation?: string;
  soap: SoapOperation;
}

/** One port (WSDL 2.0: endpoint) with a SOAP binding. */
export interface WsdlPort {
  name: string;
  binding: string;
  soapVersion: '1.1' | '1.2';
  address?: string;
  operations: WsdlOperation[];
}

/** One service. */
export interface WsdlService {
  name: string;
  ports: WsdlPort[];
}

/** What a WSDL describes. */
export interface WsdlDescription {
  /** 1.1 or 2.0. */
  wsdlVersion: '1.1' | '2.0';
  targetNamespace: string;
  services: WsdlService[];
  /** Things left out or guessed that a person should know about. */
  warnings: string[];
  /** Every document read, the WSDL first. */
  documents: string[];
}

/** How a WSDL is read. */
export interface WsdlOptions extends DocumentOptions, StructureLimits {
  /** Leave out operations that cannot be understood (with a warning each) instead of failing. */
  lenient?: boolean;
}

/** Reads the WSDL at a file path or http(s) URL, with everything it imports. */
export async function loadWsdl(location: string, opts: WsdlOptions = {}): Promise<WsdlDescription> {
  return describe(await loadDocuments(location, opts), opts);
}

/** Reads a self-contained WSDL from its text (`location` names it in messages; imports are refused). */
export function parseWsdl(text: string, location = 'WSDL', opts: WsdlOptions = {}): WsdlDescription {
  const doc: LoadedDocument = { location, root: parseDocument(text, location, opts) };
  const refs = references(doc);
  if (refs.length)
    throw new WsdlError(
      `${location}:${refs[0].line}: the WSDL imports ${refs[0].location}; read it with loadWsdl (a file or URL) so that imports can be followed`,
    );
  return describe([doc], opts);
}

/** The description of a set of loaded documents (the WSDL first). */
export function describe(docs: LoadedDocument[], opts: WsdlOptions = {}): WsdlDescription {
  const main = docs[0];
  const root = main.root;
  if (root.ns === WSDL11 && root.local === 'definitions') return new Wsdl11(docs, opts).describe();
  if (root.ns === WSDL20 && root.local === 'description') return new Wsdl20(docs, opts).describe();
  if (isXsdNamespace(root.ns) && root.local === 'schema')
    throw new WsdlError(`${main.location}: this is an XML Schema, not a WSDL`);
  throw new WsdlError(
    `${main.location}: not a WSDL: the root element is <${root.qname}>${root.ns ? ` in namespace "${root.ns}"` : ''} (expected wsdl:definitions of ${WSDL11} or wsdl:description of ${WSDL20})`,
  );
}

interface Item {
  el: XmlElement;
  doc: LoadedDocument;
}

/** What both WSDL versions share: the documents, their schemas, definitions by QName, warnings and errors. */
abstract class WsdlReader {
  protected readonly docs: LoadedDocument[];
  protected readonly opts: WsdlOptions;
  protected readonly warnings: string[] = [];
  protected readonly errors: string[] = [];
  protected readonly schemas: SchemaSet;
  readonly #tables = new Map<string, Map<string, Item>>();

  constructor(docs: LoadedDocument[], opts: WsdlOptions, wsdlNs: string) {
    this.docs = docs;
    this.opts = opts;
    this.schemas = new SchemaSet(this.warnings, opts);
    for (const doc of docs) {
      const r = doc.root;
      if (isXsdNamespace(r.ns) && r.local === 'schema') {
        this.schemas.addSchema(r, doc.location, doc.tns);
        continue;
      }
      if (r.ns !== wsdlNs) {
        this.warnings.push(`${doc.location}: <${r.qname}> is neither a WSDL nor a schema; ignored`);
        continue;
      }
      const tns = attr(r, 'targetNamespace') ?? '';
      for (const c of r.children) {
        if (c.ns !== wsdlNs) continue;
        if (c.local === 'types') {
          for (const s of c.children)
            if (isXsdNamespace(s.ns) && s.local === 'schema') this.schemas.addSchema(s, doc.location);
          continue;
        }
        const name = attr(c, 'name');
        if (name === undefined) continue;
        let table = this.#tables.get(c.local);
        if (!table) this.#tables.set(c.local, (table = new Map()));
        const key = qnameKey({ ns: tns, local: name });
        if (!table.has(key)) table.set(key, { el: c, doc });
      }
    }
  }

  /** The definition of kind `kind` (message, portType, binding, interface, …) that `el`'s attribute `name` names. */
  protected lookup(kind: string, el: XmlElement, name: string, doc: LoadedDocument, where: string): Item {
    const value = attr(el, name);
    if (value === undefined) throw new WsdlError(`${where}: <${el.qname}> has no ${name} attribute`);
    const q = this.qname(el, value, doc);
    const item = this.#tables.get(kind)?.get(qnameKey(q));
    if (!item) {
      const known = [...(this.#tables.get(kind)?.values() ?? [])].map((i) => attr(i.el, 'name')).filter(Boolean);
      throw new WsdlError(
        `${where}: ${kind} "${q.local}"${q.ns ? ` of namespace "${q.ns}"` : ''} is not defined${known.length ? ` (defined: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''})` : ''}`,
      );
    }
    return item;
  }

  protected definitions(kind: string): Item[] {
    return [...(this.#tables.get(kind)?.values() ?? [])];
  }

  protected qname(el: XmlElement, value: string, doc: LoadedDocument): QName {
    const q = resolveQName(el, value);
    if (!q) throw new WsdlError(`${doc.location}:${el.line}: the prefix of "${value}" is not declared`);
    return q;
  }

  /** Runs `build` for one port or operation; a WsdlError is recorded (lenient: warned about) and the part left out. */
  protected part<T>(build: () => T, what = 'port'): T | undefined {
    try {
      return build();
    } catch (e) {
      if (!(e instanceof WsdlError)) throw e;
      if (this.opts.lenient) this.warnings.push(`${e.message} (${what} left out)`);
      else this.errors.push(e.message);
      return undefined;
    }
  }

  protected finish(version: '1.1' | '2.0', services: WsdlService[]): WsdlDescription {
    if (this.errors.length) {
      const head = this.errors.length === 1 ? '' : `${this.errors.length} ports or operations cannot be read:\n`;
      throw new WsdlError(`${head}${this.errors.join('\n')}\n(--lenient leaves them out)`);
    }
    const main = this.docs[0];
    return {
      wsdlVersion: version,
      targetNamespace: attr(main.root, 'targetNamespace') ?? '',
      services,
      warnings: this.warnings,
      documents: this.docs.map((d) => d.location),
    };
  }

  protected budget(where: string): ExpandContext {
    return { where, budget: this.schemas.newBudget() };
  }
}

const SOAP_BINDINGS = [WSDL_SOAP11, WSDL_SOAP12];

class Wsdl11 extends WsdlReader {
  constructor(docs: LoadedDocument[], opts: WsdlOptions) {
    super(docs, opts, WSDL11);
  }

  describe(): WsdlDescription {
    const services: WsdlService[] = [];
    for (const { el: svc, doc } of this.definitions('service')) {
      const name = attr(svc, 'name') as string;
      const ports: WsdlPort[] = [];
      for (const port of childrenNamed(svc, WSDL11, 'port')) {
        const p = this.part(() => this.#port(name, port, doc));
        if (p) ports.push(p);
      }
      services.push({ name, ports });
    }
    if (!services.length)
      this.warnings.push(
        `${this.docs[0].location}: the WSDL defines no service (only messages, port types or bindings)`,
      );
    return this.finish('1.1', services);
  }

  #port(service: string, port: XmlElement, doc: LoadedDocument): WsdlPort | undefined {
    const name = attr(port, 'name') ?? '';
    const where = `${doc.location}:${port.line}: service "${service}", port "${name}"`;
    const binding = this.lookup('binding', port, 'binding', doc, where);
    const soapBinding = binding.el.children.find((c) => SOAP_BINDINGS.includes(c.ns) && c.local === 'binding');
    const bindingName = attr(binding.el, 'name') as string;
    if (!soapBinding) {
      const kind = binding.el.children.find((c) => c.ns !== WSDL11 && c.local === 'binding');
      this.warnings.push(
        `port "${name}" of service "${service}" has a ${kind ? `non-SOAP binding (${kind.ns})` : 'binding without SOAP details'} "${bindingName}"; left out`,
      );
      return undefined;
    }
    const version = soapBinding.ns === WSDL_SOAP12 ? '1.2' : '1.1';
    const address = port.children.find((c) => SOAP_BINDINGS.includes(c.ns) && c.local === 'address');
    const location = address ? attr(address, 'location') : undefined;
    const portType = this.lookup(
      'portType',
      binding.el,
      'type',
      binding.doc,
      `${binding.doc.location}:${binding.el.line}: binding "${bindingName}"`,
    );
    const bindingStyle = attr(soapBinding, 'style') === 'rpc' ? 'rpc' : 'document';
    const operations: WsdlOperation[] = [];
    let encoded = false;
    for (const bop of childrenNamed(binding.el, WSDL11, 'operation')) {
      const opName = attr(bop, 'name') ?? '';
      const opWhere = `${binding.doc.location}:${bop.line}: operation "${opName}" of binding "${bindingName}"`;
      const op = this.part((): WsdlOperation => {
        const soapOp = bop.children.find((c) => SOAP_BINDINGS.includes(c.ns) && c.local === 'operation');
        const style =
          soapOp && attr(soapOp, 'style') ? (attr(soapOp, 'style') === 'rpc' ? 'rpc' : 'document') : bindingStyle;
        const ptOp = childrenNamed(portType.el, WSDL11, 'operation').find((o) => attr(o, 'name') === opName);
        if (!ptOp)
          throw new WsdlError(`${opWhere}: port type "${attr(portType.el, 'name')}" has no operation "${opName}"`);
        const ctx = this.budget(`operation "${opName}"`);
        const input = this.#message(ptOp, bop, 'input', style, portType.doc, ctx);
        const output = this.#message(ptOp, bop, 'output', style, portType.doc, ctx);
        if (input.encoded || output.encoded) encoded = true;
        const soap: SoapOperation = {
          service,
          port: name,
          binding: bindingName,
          version,
          style,
          ...(location !== undefined ? { address: location } : {}),
          ...(soapOp && attr(soapOp, 'soapAction') ? { action: attr(soapOp, 'soapAction') } : {}),
          ...(style === 'rpc'
            ? { namespace: input.namespace ?? output.namespace ?? attr(this.docs[0].root, 'targetNamespace') ?? '' }
            : {}),
          input: input.nodes,
          output: output.nodes,
        };
        const doc = documentation(ptOp);
        return { name: opName, ...(doc ? { documentation: doc } : {}), soap };
      }, 'operation');
      if (op) operations.push(op);
    }
    if (encoded)
      this.warnings.push(
        `binding "${bindingName}" uses SOAP encoding (use="encoded"): messages are written as literal XML without xsi:type, which most services accept`,
      );
    return {
      name,
      binding: bindingName,
      soapVersion: version,
      ...(location !== undefined ? { address: location } : {}),
      operations,
    };
  }

  /** The body parts of an operation's input or output message, as nodes. */
  #message(
    ptOp: XmlElement,
    bop: XmlElement,
    dir: 'input' | 'output',
    style: 'document' | 'rpc',
    doc: LoadedDocument,
    ctx: ExpandContext,
  ): { nodes: XmlNode[]; namespace?: string; encoded: boolean } {
    const io = firstChild(ptOp, WSDL11, dir);
    if (!io) return { nodes: [], encoded: false };
    const opName = attr(ptOp, 'name');
    const msg = this.lookup(
      'message',
      io,
      'message',
      doc,
      `${doc.location}:${io.line}: ${dir} of operation "${opName}"`,
    );
    const msgName = attr(msg.el, 'name');
    const bio = firstChild(bop, WSDL11, dir);
    const body = bio?.children.find((c) => SOAP_BINDINGS.includes(c.ns) && c.local === 'body');
    // Parts bound to SOAP headers are not in the body; soap:body parts="a b" names the body parts explicitly.
    const headerParts = new Set(
      (bio?.children ?? [])
        .filter((c) => SOAP_BINDINGS.includes(c.ns) && c.local === 'header')
        .filter((h) => {
          const m = attr(h, 'message');
          const q = m === undefined ? undefined : resolveQName(h, m);
          return q !== undefined && q.local === msgName;
        })
        .map((h) => attr(h, 'part')),
    );
    const listed =
      body && attr(body, 'parts') !== undefined
        ? new Set((attr(body, 'parts') as string).split(/\s+/).filter(Boolean))
        : undefined;
    const nodes: XmlNode[] = [];
    for (const part of childrenNamed(msg.el, WSDL11, 'part')) {
      const partName = attr(part, 'name') ?? '';
      if (listed ? !listed.has(partName) : headerParts.has(partName)) continue;
      const where = `${msg.doc.location}:${part.line}: ${ctx.where} ${dir}, message "${msgName}", part "${partName}"`;
      const element = attr(part, 'element');
      const type = attr(part, 'type');
      if (element !== undefined && (style === 'document' || type === undefined)) {
        nodes.push(
          this.schemas.globalElement(this.qname(part, element, msg.doc), {
            ...ctx,
            where: `${where} (element ${element})`,
          }),
        );
      } else if (type !== undefined) {
        if (style === 'document')
          this.warnings.push(
            `${where}: a document-style part given by type; written as an unqualified <${partName}> element`,
          );
        nodes.push(
          this.schemas.typedPart(partName, this.qname(part, type, msg.doc), {
            ...ctx,
            where: `${where} (type ${type})`,
          }),
        );
      } else {
        throw new WsdlError(`${where}: the part has neither an element nor a type`);
      }
    }
    const ns = body ? attr(body, 'namespace') : undefined;
    return {
      nodes,
      ...(ns !== undefined ? { namespace: ns } : {}),
      encoded: body !== undefined && attr(body, 'use') === 'encoded',
    };
  }
}

/** WSDL 2.0 message references: `#any` (any element), `#none` (no body), `#other`, or an element's QName. */
class Wsdl20 extends WsdlReader {
  constructor(docs: LoadedDocument[], opts: WsdlOptions) {
    super(docs, opts, WSDL20);
  }

  describe(): WsdlDescription {
    const services: WsdlService[] = [];
    for (const { el: svc, doc } of this.definitions('service')) {
      const name = attr(svc, 'name') as string;
      const ports: WsdlPort[] = [];
      for (const ep of childrenNamed(svc, WSDL20, 'endpoint')) {
        const p = this.part(() => this.#endpoint(name, svc, ep, doc));
        if (p) ports.push(p);
      }
      services.push({ name, ports });
    }
    return this.finish('2.0', services);
  }

  #endpoint(service: string, svc: XmlElement, ep: XmlElement, doc: LoadedDocument): WsdlPort | undefined {
    const name = attr(ep, 'name') ?? '';
    const where = `${doc.location}:${ep.line}: service "${service}", endpoint "${name}"`;
    const binding = this.lookup('binding', ep, 'binding', doc, where);
    const bindingName = attr(binding.el, 'name') as string;
    if (attr(binding.el, 'type') !== WSDL20_SOAP) {
      this.warnings.push(
        `endpoint "${name}" of service "${service}" has a non-SOAP binding "${bindingName}" (${attr(binding.el, 'type') ?? 'no type'}); left out`,
      );
      return undefined;
    }
    const version = attr(binding.el, 'version', WSDL20_SOAP) === '1.1' ? '1.1' : '1.2';
    const address = attr(ep, 'address');
    const iface = this.lookup(
      'interface',
      attr(binding.el, 'interface') !== undefined ? binding.el : svc,
      'interface',
      binding.doc,
      `${binding.doc.location}:${binding.el.line}: binding "${bindingName}"`,
    );
    const actions = new Map<string, string>();
    for (const bop of childrenNamed(binding.el, WSDL20, 'operation')) {
      const ref = attr(bop, 'ref');
      const action = attr(bop, 'action', WSDL20_SOAP);
      if (ref !== undefined && action !== undefined) actions.set(this.qname(bop, ref, binding.doc).local, action);
    }
    const operations: WsdlOperation[] = [];
    for (const iop of childrenNamed(iface.el, WSDL20, 'operation')) {
      const opName = attr(iop, 'name') ?? '';
      const op = this.part((): WsdlOperation => {
        const ctx = this.budget(`operation "${opName}"`);
        const message = (dir: 'input' | 'output'): XmlNode[] => {
          const io = firstChild(iop, WSDL20, dir);
          const element = io ? attr(io, 'element') : undefined;
          if (!io || element === undefined || element === '#none') return [];
          if (element === '#any' || element === '#other') {
            this.warnings.push(`operation "${opName}": its ${dir} is ${element}; it is taken as any content`);
            return [];
          }
          return [
            this.schemas.globalElement(this.qname(io, element, iface.doc), {
              ...ctx,
              where: `${iface.doc.location}:${io.line}: ${dir} of operation "${opName}" (element ${element})`,
            }),
          ];
        };
        const action = actions.get(opName);
        const soap: SoapOperation = {
          service,
          port: name,
          binding: bindingName,
          version,
          style: 'document',
          ...(address !== undefined ? { address } : {}),
          ...(action !== undefined ? { action } : {}),
          input: message('input'),
          output: message('output'),
        };
        const text = documentation(iop);
        return { name: opName, ...(text ? { documentation: text } : {}), soap };
      }, 'operation');
      if (op) operations.push(op);
    }
    return {
      name,
      binding: bindingName,
      soapVersion: version,
      ...(address !== undefined ? { address } : {}),
      operations,
    };
  }
}

/** The first line of an element's wsdl:documentation, trimmed and cut to 200 characters. */
function documentation(el: XmlElement): string | undefined {
  const d = el.children.find((c) => (c.ns === WSDL11 || c.ns === WSDL20) && c.local === 'documentation');
  const line = d?.text.trim().split(/\r?\n/)[0]?.trim();
  if (!line) return undefined;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
