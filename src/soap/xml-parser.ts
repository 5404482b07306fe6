// Safe XML parsing for WSDLs, XSDs and SOAP messages, on saxes (a strict, namespace-aware, well-formedness
// checking parser): a DOCTYPE is refused outright, so no DTD is read, no external entity is ever resolved and no
// entity can expand (only the five predefined entities and character references exist); input size and nesting
// depth are bounded. The result is a small element tree with namespaces resolved.
import { SaxesParser, type SaxesTagNS } from 'saxes';

/** One attribute (namespace declarations are not attributes here: they are in `scope`). */
export interface XmlAttribute {
  local: string;
  /** Namespace URI; '' for an unprefixed attribute. */
  ns: string;
  value: string;
}

/** One element of a parsed document. */
export interface XmlElement {
  local: string;
  /** Namespace URI; '' when the element is in no namespace. */
  ns: string;
  /** The name as written, with its prefix. */
  qname: string;
  attrs: XmlAttribute[];
  children: XmlElement[];
  /** The element's own character data (text and CDATA, concatenated; child elements' text excluded). */
  text: string;
  /** Namespace bindings in scope: prefix → URI ('' is the default namespace). Resolves QName attribute values. */
  scope: Readonly<Record<string, string>>;
  /** Where the start tag ends (1-based), for messages. */
  line: number;
  column: number;
}

/** Bounds on what a parse accepts. */
export interface XmlLimits {
  /** Largest document in bytes (UTF-8); default 50 MB. */
  maxBytes?: number;
  /** Deepest element nesting; default 256. */
  maxDepth?: number;
}

/** Default largest document. */
export const DEFAULT_MAX_XML_BYTES = 50 * 1024 * 1024;
/** Default deepest nesting. */
export const DEFAULT_MAX_XML_DEPTH = 256;

/** A document that is not acceptable XML: not well-formed, a DOCTYPE, too large or too deep. */
export class XmlParseError extends Error {
  override readonly name: string = 'XmlParseError';
  constructor(message: string) {
    super(message);
  }
}

const ROOT_SCOPE: Readonly<Record<string, string>> = Object.freeze({ xml: 'http://www.w3.org/XML/1998/namespace' });

/** Parses `text` (named `name` in messages: a file, URL or "response") into its root element. */
export function parseXml(text: string, name: string, limits: XmlLimits = {}): XmlElement {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  // Checked before any parsing: a string has at most 3 UTF-8 bytes per UTF-16 unit, so most need no count.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new XmlParseError(
      `${name}: the document is ${Buffer.byteLength(text, 'utf8')} bytes, more than the ${maxBytes} accepted`,
    );
  }
  const start = /\S/.exec(text);
  if (start && text[start.index] !== '<') {
    throw new XmlParseError(
      `${name}: not XML (it starts with ${JSON.stringify(text.slice(start.index, start.index + 40))})`,
    );
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const at = (): string => `${name}:${parser.line}:${parser.column}`;

  parser.on('doctype', () => {
    throw new XmlParseError(`${at()}: a DOCTYPE is not accepted (DTDs and entity declarations are never processed)`);
  });
  parser.on('opentagstart', () => {
    if (stack.length >= maxDepth) throw new XmlParseError(`${at()}: elements are nested more than ${maxDepth} deep`);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    const inherited = parent ? parent.scope : ROOT_SCOPE;
    // Most elements declare nothing: they share their parent's scope object instead of copying it.
    const scope = hasKeys(tag.ns) ? Object.freeze({ ...inherited, ...tag.ns }) : inherited;
    const attrs: XmlAttribute[] = [];
    for (const name in tag.attributes) {
      const a = tag.attributes[name];
      if (a.prefix === 'xmlns' || (a.prefix === '' && a.local === 'xmlns')) continue;
      attrs.push({ local: a.local, ns: a.uri, value: a.value });
    }
    const el: XmlElement = {
      local: tag.local,
      ns: tag.uri,
      qname: tag.name,
      attrs,
      children: [],
      text: '',
      scope,
      line: parser.line,
      column: parser.column,
    };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (e: Error) => {
    throw e;
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof XmlParseError) throw e;
    // saxes messages start with line:column; they name the problem ("unclosed tag: b", "undefined entity").
    const msg = (e as Error).message.replace(/^\d+:\d+: /, '');
    throw new XmlParseError(`${at()}: not well-formed XML: ${msg.replace(/\.$/, '')}`);
  }
  if (!root) throw new XmlParseError(`${name}: no XML element found (empty document)`);
  return root;
}

function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** The value of the attribute `local` in namespace `ns` ('' for an unprefixed attribute). */
export function attr(el: XmlElement, local: string, ns = ''): string | undefined {
  for (const a of el.attrs) if (a.local === local && a.ns === ns) return a.value;
  return undefined;
}

/** The children of `el` named `local` in namespace `ns` (any of `ns` when a list). */
export function childrenNamed(el: XmlElement, ns: string | readonly string[], local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && (typeof ns === 'string' ? c.ns === ns : ns.includes(c.ns)));
}

/** The first child of `el` named `local` in namespace `ns` (any of `ns` when a list). */
export function firstChild(el: XmlElement, ns: string | readonly string[], local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && (typeof ns === 'string' ? c.ns === ns : ns.includes(c.ns)));
}

/** A qualified name resolved against an element's namespace scope. */
export interface QName {
  ns: string;
  local: string;
}

/**
 * Resolves a QName written in an attribute value (`tns:Foo`, or `Foo` in the default namespace) against the
 * namespaces in scope at `el`; undefined when its prefix is not declared.
 */
export function resolveQName(el: XmlElement, value: string): QName | undefined {
  const v = value.trim();
  const i = v.indexOf(':');
  const prefix = i < 0 ? '' : v.slice(0, i);
  const local = i < 0 ? v : v.slice(i + 1);
  const ns = el.scope[prefix];
  if (ns === undefined) return prefix === '' ? { ns: '', local } : undefined;
  return { ns, local };
}

/** `{ns}local`, the key of a qualified name in lookup tables and messages. */
export function qnameKey(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}
