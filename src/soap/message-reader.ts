// Reads a message's elements into a JSON-like structure that flow expressions read like JSON: keys are local names
// (namespaces dropped), leaves are typed by the structure, an element that may repeat is always a list (empty when
// absent, one item when it occurred once), an empty element is '' and xsi:nil is null. Elements the structure does
// not know are kept (text, or an object), so a service that adds a field breaks nothing.
import type { XmlNode } from './soap-schema.ts';
import { XSI } from './namespaces.ts';
import { repeats } from './message-writer.ts';
import { attr, type XmlElement } from './xml-parser.ts';
import { readXsdValue } from './xsd-values.ts';

/** A JSON-like object read from XML. */
export type XmlObject = Record<string, unknown>;

// The children of a structure by name, computed once per structure: responses are read many times.
const byName = new WeakMap<readonly XmlNode[], Map<string, XmlNode>>();
function index(nodes: readonly XmlNode[]): Map<string, XmlNode> {
  let m = byName.get(nodes);
  if (!m) byName.set(nodes, (m = new Map(nodes.map((n) => [n.name, n]))));
  return m;
}

/** The child elements of `el` as an object, following `nodes` when the structure is known. */
export function readChildren(el: XmlElement, nodes?: readonly XmlNode[]): XmlObject {
  const out: XmlObject = {};
  const known = nodes ? index(nodes) : undefined;
  // Names that occurred more than once without the structure saying they repeat: they become lists too.
  let doubled: Set<string> | undefined;
  for (const child of el.children) {
    const node = known?.get(child.local);
    const value = readElement(child, node);
    const key = child.local;
    if (node && repeats(node)) {
      const list = out[key] as unknown[] | undefined;
      if (list) list.push(value);
      else out[key] = [value];
    } else if (Object.hasOwn(out, key)) {
      doubled ??= new Set();
      if (!doubled.has(key)) {
        out[key] = [out[key]];
        doubled.add(key);
      }
      (out[key] as unknown[]).push(value);
    } else {
      out[key] = value;
    }
  }
  if (nodes) for (const n of nodes) if (repeats(n) && !Object.hasOwn(out, n.name)) out[n.name] = [];
  return out;
}

/** One element's value: null for xsi:nil, an object for a structure, a typed leaf, or text. */
export function readElement(el: XmlElement, node?: XmlNode): unknown {
  if (el.attrs.length && attr(el, 'nil', XSI) !== undefined && /^\s*(true|1)\s*$/.test(attr(el, 'nil', XSI) as string))
    return null;
  if (node?.children) return readChildren(el, node.children);
  if (el.children.length) return readChildren(el);
  return node ? readXsdValue(node.type, el.text) : el.text;
}
