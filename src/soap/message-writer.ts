// Writes a message's elements from a flow's arguments, following the operation's structure: children in the
// schema's order whatever the order of the keys, a list for an element that repeats, namespaces as the schema
// qualifies them, values escaped and formatted for their type. An argument the structure does not have is an
// error naming it and the names allowed, so a typo is never dropped in silence.
import type { XmlNode } from './soap-schema.ts';
import { XSI } from './namespaces.ts';
import { SoapRequestError } from './soap-errors.ts';
import { XmlCharacterError, escapeXmlText } from './xml-escape.ts';
import { formatXsdValue, shortValue } from './xsd-values.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Collects the output and the namespace prefixes it uses (declared once, on the envelope). */
export class XmlWriter {
  readonly parts: string[] = [];
  readonly #prefixes = new Map<string, string>();

  /** The prefix of `ns` (fixed ones for the envelope and xsi, ns0, ns1, … for the rest). */
  prefix(ns: string, preferred?: string): string {
    let p = this.#prefixes.get(ns);
    if (p === undefined) {
      p = preferred ?? (ns === XSI ? 'xsi' : `ns${this.#prefixes.size}`);
      this.#prefixes.set(ns, p);
    }
    return p;
  }

  /** ` xmlns:p="…"` for every namespace used. */
  declarations(): string {
    let out = '';
    for (const [ns, p] of this.#prefixes) out += ` xmlns:${p}="${escapeXmlText(ns, 'namespace')}"`;
    return out;
  }

  /** The tag name of a node: prefixed when the node is qualified, bare when it is in no namespace. */
  tag(node: { name: string; namespace?: string }): string {
    return node.namespace ? `${this.prefix(node.namespace)}:${node.name}` : node.name;
  }
}

/** True when a node may occur more than once (an array in arguments and results). */
export function repeats(node: XmlNode): boolean {
  return node.maxOccurs === 'unbounded' || node.maxOccurs > 1;
}

/** Writes the elements of `nodes` from `args` (an object keyed by element name); `path` names it in errors. */
export function writeChildren(w: XmlWriter, nodes: readonly XmlNode[], args: unknown, path: string): void {
  if (args === undefined || args === null || args === '') return;
  if (typeof args !== 'object' || Array.isArray(args) || args instanceof Date) {
    throw new SoapRequestError(
      `${path}: expected a structure (an object with ${names(nodes)}), got ${shortValue(args)}`,
    );
  }
  const values = args as Record<string, unknown>;
  const allowed = namesOf(nodes);
  const unknown = Object.keys(values).filter((k) => !allowed.has(k));
  if (unknown.length) {
    throw new SoapRequestError(
      `${path}: unknown ${unknown.length === 1 ? 'name' : 'names'} ${unknown.map((k) => `"${k}"`).join(', ')}; ${nodes.length ? `allowed: ${nodes.map((n) => n.name).join(', ')}` : 'this element has no children'}`,
    );
  }
  for (const node of nodes) {
    if (Object.hasOwn(values, node.name)) writeElement(w, node, values[node.name], `${path}.${node.name}`);
  }
}

/** Writes one node's element(s) for `value`: a list repeats it, undefined leaves it out, null is xsi:nil or nothing. */
export function writeElement(w: XmlWriter, node: XmlNode, value: unknown, path: string): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    if (!repeats(node)) throw new SoapRequestError(`${path}: takes one value (maxOccurs 1), got ${shortValue(value)}`);
    if (typeof node.maxOccurs === 'number' && value.length > node.maxOccurs) {
      throw new SoapRequestError(`${path}: takes at most ${node.maxOccurs} values, got ${value.length}`);
    }
    value.forEach((v, i) => {
      writeOne(w, node, v, `${path}[${i}]`);
    });
    return;
  }
  writeOne(w, node, value, path);
}

function writeOne(w: XmlWriter, node: XmlNode, value: unknown, path: string): void {
  if (value === undefined) return;
  const tag = w.tag(node);
  if (value === null) {
    if (node.nillable) w.parts.push(`<${tag} ${w.prefix(XSI)}:nil="true"/>`);
    return;
  }
  if (node.children) {
    const start = w.parts.length;
    writeChildren(w, node.children, value, path);
    if (w.parts.length === start) w.parts.push(`<${tag}/>`);
    else {
      w.parts.splice(start, 0, `<${tag}>`);
      w.parts.push(`</${tag}>`);
    }
    return;
  }
  if (
    node.type === 'anyType' &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  ) {
    // Any content (a schema without a type, or a recursion that was cut): the object is written as it is.
    w.parts.push(`<${tag}>`);
    writeAny(w, value, path);
    w.parts.push(`</${tag}>`);
    return;
  }
  if (typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    throw new SoapRequestError(
      `${path}: is a single value${node.type ? ` (${node.type})` : ''}, got ${shortValue(value)}`,
    );
  }
  const text = text_(formatXsdValue(node.type, value, path), path);
  w.parts.push(text === '' ? `<${tag}/>` : `<${tag}>${text}</${tag}>`);
}

/** Content of an element of any type: keys become unqualified elements, lists repeat, scalars are text. */
function writeAny(w: XmlWriter, value: object, path: string): void {
  for (const [k, v] of Object.entries(value)) {
    if (!NAME.test(k)) throw new SoapRequestError(`${path}: "${k}" cannot be an XML element name`);
    for (const [i, item] of (Array.isArray(v) ? v : [v]).entries()) {
      const at = Array.isArray(v) ? `${path}.${k}[${i}]` : `${path}.${k}`;
      if (item === undefined) continue;
      if (item === null) w.parts.push(`<${k} ${w.prefix(XSI)}:nil="true"/>`);
      else if (typeof item === 'object' && !(item instanceof Date)) {
        w.parts.push(`<${k}>`);
        writeAny(w, item, at);
        w.parts.push(`</${k}>`);
      } else {
        w.parts.push(`<${k}>${text_(formatXsdValue(undefined, item, at), at)}</${k}>`);
      }
    }
  }
}

function text_(value: string, path: string): string {
  try {
    return escapeXmlText(value, path);
  } catch (e) {
    if (e instanceof XmlCharacterError) throw new SoapRequestError(e.message);
    throw e;
  }
}

// The names of a structure's children, computed once per structure: requests are written many times.
const nameSets = new WeakMap<readonly XmlNode[], Set<string>>();
function namesOf(nodes: readonly XmlNode[]): Set<string> {
  let set = nameSets.get(nodes);
  if (!set) nameSets.set(nodes, (set = new Set(nodes.map((n) => n.name))));
  return set;
}

function names(nodes: readonly XmlNode[]): string {
  if (!nodes.length) return 'no children';
  const shown = nodes
    .slice(0, 10)
    .map((n) => n.name)
    .join(', ');
  return nodes.length > 10 ? `${shown}, …` : shown;
}
