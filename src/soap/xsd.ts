// XML Schema, as far as a SOAP message needs it: the global elements, types and groups of every schema a WSDL
// holds or imports, and their expansion into message structures (XmlNode trees). Sequences, choices and `all`
// are flattened in document order (a choice's members become optional, repeated groups repeat their members),
// extensions come after their base, simple types reduce to their built-in base, and recursion and sheer size
// are cut so that a hostile or huge schema cannot hang discovery or swell a project file.
import type { XmlNode } from './soap-schema.ts';
import { SOAP_ENCODINGS, isXsdNamespace } from './namespaces.ts';
import { attr, qnameKey, resolveQName, type QName, type XmlElement } from './xml-parser.ts';
import { WsdlError } from './wsdl-error.ts';

/** What a global declaration belongs to. */
interface SchemaInfo {
  tns: string;
  /** elementFormDefault="qualified": local elements are in the target namespace. */
  qualified: boolean;
  /** Included into another namespace (a schema without a target namespace takes its includer's). */
  chameleon: boolean;
  location: string;
}

interface Decl {
  el: XmlElement;
  schema: SchemaInfo;
}

/** Bounds on expanding a message structure. */
export interface StructureLimits {
  /** Most element nodes in one operation's message (default 20000). */
  maxNodes?: number;
  /** Deepest nesting of a structure before it is cut (default 32). */
  maxDepth?: number;
}

/** A part of a message being expanded: where it is (for messages), and the node budget it shares. */
export interface ExpandContext {
  where: string;
  budget: { left: number; max: number };
}

interface Walk extends ExpandContext {
  /** Named complex types being expanded around this point: meeting one again is recursion. */
  stack: readonly string[];
  depth: number;
}

/** The part of a node an element's type gives: a simple type, or children. */
interface Content {
  type?: string;
  children?: XmlNode[];
}

const MODEL_GROUPS = new Set(['sequence', 'choice', 'all']);

/** The schemas of a WSDL, and the expansion of their elements and types into message structures. */
export class SchemaSet {
  readonly #elements = new Map<string, Decl>();
  readonly #types = new Map<string, Decl>();
  readonly #groups = new Map<string, Decl>();
  readonly #namespaces = new Set<string>();
  readonly #warnings: string[];
  readonly #maxDepth: number;
  readonly #maxNodes: number;

  /** `warnings` receives what was cut or guessed (recursion, depth). */
  constructor(warnings: string[], limits: StructureLimits = {}) {
    this.#warnings = warnings;
    this.#maxDepth = limits.maxDepth ?? 32;
    this.#maxNodes = limits.maxNodes ?? 20000;
  }

  /** Registers the global declarations of an `xsd:schema` element; `tns` is the includer's, for an include. */
  addSchema(schema: XmlElement, location: string, tns?: string): void {
    const own = attr(schema, 'targetNamespace');
    const info: SchemaInfo = {
      tns: own ?? tns ?? '',
      qualified: attr(schema, 'elementFormDefault') === 'qualified',
      chameleon: own === undefined && !!tns,
      location,
    };
    this.#namespaces.add(info.tns);
    const register = (el: XmlElement): void => {
      if (!isXsdNamespace(el.ns)) return;
      const name = attr(el, 'name');
      const table =
        el.local === 'element'
          ? this.#elements
          : el.local === 'complexType' || el.local === 'simpleType'
            ? this.#types
            : el.local === 'group'
              ? this.#groups
              : undefined;
      if (!table || name === undefined) {
        // xsd:redefine holds definitions too; they replace nothing here (the first definition of a name wins).
        if (el.local === 'redefine') el.children.forEach(register);
        return;
      }
      const key = qnameKey({ ns: info.tns, local: name });
      if (!table.has(key)) table.set(key, { el, schema: info });
    };
    schema.children.forEach(register);
  }

  /** A fresh budget for one operation's messages. */
  newBudget(): ExpandContext['budget'] {
    return { left: this.#maxNodes, max: this.#maxNodes };
  }

  /** The node of the global element `q` (a document/literal part, or a WSDL 2.0 message). */
  globalElement(q: QName, ctx: ExpandContext): XmlNode {
    return this.#globalElement(q, 1, 1, { ...ctx, stack: [], depth: 0 });
  }

  /** The node of an rpc part (or a document part given by type): `name`, unqualified, of the type `q`. */
  typedPart(name: string, q: QName, ctx: ExpandContext): XmlNode {
    this.#spend(ctx);
    const content = this.#namedType(q, { ...ctx, stack: [], depth: 0 });
    return {
      name,
      ...(content.type !== undefined ? { type: content.type } : {}),
      minOccurs: 1,
      maxOccurs: 1,
      ...(content.children ? { children: content.children } : {}),
    };
  }

  #globalElement(q: QName, minOccurs: number, maxOccurs: XmlNode['maxOccurs'], w: Walk): XmlNode {
    const decl = this.#elements.get(qnameKey(q));
    if (!decl) throw new WsdlError(`${w.where}: element ${show(q)} is not defined${this.#hint(q, this.#elements)}`);
    const node = this.#element(decl.el, decl.schema, true, w);
    node.minOccurs = minOccurs;
    node.maxOccurs = maxOccurs;
    return node;
  }

  /** An element declaration (global or local, or a ref to a global one) as a node. */
  #element(el: XmlElement, schema: SchemaInfo, global: boolean, w: Walk): XmlNode {
    const min = minOccurs(el, schema);
    const max = maxOccurs(el, schema);
    const ref = attr(el, 'ref');
    if (ref !== undefined) return this.#globalElement(this.#qname(el, ref, schema), min, max === 0 ? 1 : max, w);
    const name = attr(el, 'name');
    if (!name) throw new WsdlError(`${at(schema, el)}: an xsd:element has neither a name nor a ref (in ${w.where})`);
    this.#spend(w);
    const form = attr(el, 'form');
    const qualified = global || form === 'qualified' || (form === undefined && schema.qualified);
    const content = this.#elementContent(el, schema, { ...w, where: `${w.where} > ${name}` });
    // Keys in reading order: what the element is, how often, then what it holds.
    return {
      name,
      ...(qualified && schema.tns ? { namespace: schema.tns } : {}),
      ...(content.type !== undefined ? { type: content.type } : {}),
      minOccurs: min,
      maxOccurs: max === 0 ? 1 : max,
      ...(attr(el, 'nillable') === 'true' ? { nillable: true } : {}),
      ...(content.children !== undefined ? { children: content.children } : {}),
    };
  }

  #elementContent(el: XmlElement, schema: SchemaInfo, w: Walk): Content {
    const type = attr(el, 'type');
    if (type !== undefined) return this.#namedType(this.#qname(el, type, schema), w);
    for (const c of el.children) {
      if (!isXsdNamespace(c.ns)) continue;
      if (c.local === 'complexType')
        return this.#nested(w, `an anonymous type`, () => this.#complexType(c, schema, { ...w, depth: w.depth + 1 }));
      if (c.local === 'simpleType') return { type: this.#simpleBase(c, schema, w, []) };
    }
    // No type at all is xsd:anyType: any content.
    return { type: 'anyType' };
  }

  #namedType(q: QName, w: Walk): Content {
    if (isXsdNamespace(q.ns)) return { type: q.local };
    if (SOAP_ENCODINGS.includes(q.ns))
      return { type: q.local === 'Array' || q.local === 'Struct' ? 'anyType' : q.local };
    const key = qnameKey(q);
    const decl = this.#types.get(key);
    if (!decl) throw new WsdlError(`${w.where}: type ${show(q)} is not defined${this.#hint(q, this.#types)}`);
    if (decl.el.local === 'simpleType') return { type: this.#simpleBase(decl.el, decl.schema, w, [key]) };
    if (w.stack.includes(key)) {
      this.#warnOnce(
        key,
        `type ${show(q)} contains itself (first met at ${w.where}); where it recurs it is taken as any content`,
      );
      return { type: 'anyType' };
    }
    return this.#nested(w, `type ${show(q)}`, () =>
      this.#complexType(decl.el, decl.schema, { ...w, stack: [...w.stack, key], depth: w.depth + 1 }),
    );
  }

  /** Runs `expand` unless the structure is already as deep as allowed (then: any content, with a warning). */
  #nested(w: Walk, what: string, expand: () => Content): Content {
    if (w.depth >= this.#maxDepth) {
      this.#warn(`${w.where}: ${what} is nested more than ${this.#maxDepth} deep; it is taken as any content`);
      return { type: 'anyType' };
    }
    return expand();
  }

  #complexType(ct: XmlElement, schema: SchemaInfo, w: Walk): Content {
    let children: XmlNode[] = [];
    for (const c of ct.children) {
      if (!isXsdNamespace(c.ns)) continue;
      if (MODEL_GROUPS.has(c.local)) children.push(...this.#particles(c, schema, w, 1, 1));
      else if (c.local === 'group') children.push(...this.#groupRef(c, schema, w, 1, 1));
      else if (c.local === 'simpleContent') return { type: this.#simpleContent(c, schema, w) };
      else if (c.local === 'complexContent') children = this.#complexContent(c, schema, w);
    }
    return { children };
  }

  #complexContent(cc: XmlElement, schema: SchemaInfo, w: Walk): XmlNode[] {
    const derivation = cc.children.find(
      (c) => isXsdNamespace(c.ns) && (c.local === 'extension' || c.local === 'restriction'),
    );
    if (!derivation) return [];
    const own: XmlNode[] = [];
    for (const c of derivation.children) {
      if (!isXsdNamespace(c.ns)) continue;
      if (MODEL_GROUPS.has(c.local)) own.push(...this.#particles(c, schema, w, 1, 1));
      else if (c.local === 'group') own.push(...this.#groupRef(c, schema, w, 1, 1));
    }
    const baseName = attr(derivation, 'base');
    const base = baseName === undefined ? undefined : this.#qname(derivation, baseName, schema);
    if (base && SOAP_ENCODINGS.includes(base.ns) && base.local === 'Array')
      return own.length ? own : this.#encodedArray(derivation, w);
    // A restriction restates the content it keeps; an extension appends its own particles to its base's.
    if (derivation.local === 'restriction' || !base || isXsdNamespace(base.ns)) return own;
    const inherited = this.#namedType(base, w);
    return merge([...(inherited.children ?? []), ...own]);
  }

  /** A SOAP-encoded array declared only by `wsdl:arrayType="xsd:string[]"`: repeated `item` elements. */
  #encodedArray(restriction: XmlElement, w: Walk): XmlNode[] {
    for (const a of restriction.children) {
      const arrayType = a.attrs.find((x) => x.local === 'arrayType' && x.ns !== '')?.value;
      if (arrayType === undefined) continue;
      const item = resolveQName(a, arrayType.replace(/\[[\d,]*\]$/, ''));
      this.#spend(w);
      const content = item ? this.#namedType(item, w) : { type: 'anyType' };
      return [
        {
          name: 'item',
          ...(content.type !== undefined ? { type: content.type } : {}),
          minOccurs: 0,
          maxOccurs: 'unbounded',
          ...(content.children ? { children: content.children } : {}),
        },
      ];
    }
    return [{ name: 'item', type: 'anyType', minOccurs: 0, maxOccurs: 'unbounded' }];
  }

  #simpleContent(sc: XmlElement, schema: SchemaInfo, w: Walk): string {
    const derivation = sc.children.find(
      (c) => isXsdNamespace(c.ns) && (c.local === 'extension' || c.local === 'restriction'),
    );
    const base = derivation && attr(derivation, 'base');
    if (!derivation || base === undefined) return 'string';
    return this.#namedType(this.#qname(derivation, base, schema), w).type ?? 'string';
  }

  /** The members of a sequence, choice or all, flattened, with the group's own occurrence applied to them. */
  #particles(
    group: XmlElement,
    schema: SchemaInfo,
    w: Walk,
    outerMin: number,
    outerMax: XmlNode['maxOccurs'],
  ): XmlNode[] {
    const gmax = times(maxOccurs(group, schema), outerMax);
    if (gmax === 0) return [];
    // Only one member of a choice is present, so each member is optional.
    const gmin = group.local === 'choice' ? 0 : minOccurs(group, schema) * outerMin;
    const out: XmlNode[] = [];
    for (const c of group.children) {
      if (!isXsdNamespace(c.ns)) continue;
      if (c.local === 'element') {
        if (attr(c, 'maxOccurs') === '0') continue;
        const node = this.#element(c, schema, false, w);
        const max = times(node.maxOccurs, gmax);
        out.push({ ...node, minOccurs: node.minOccurs * gmin, maxOccurs: max === 0 ? 1 : max });
      } else if (MODEL_GROUPS.has(c.local)) {
        out.push(...this.#particles(c, schema, w, gmin, gmax));
      } else if (c.local === 'group') {
        out.push(...this.#groupRef(c, schema, w, gmin, gmax));
      }
      // xsd:any has no name to write or read by: it is left out of the structure.
    }
    return merge(out);
  }

  #groupRef(ref: XmlElement, schema: SchemaInfo, w: Walk, outerMin: number, outerMax: XmlNode['maxOccurs']): XmlNode[] {
    const name = attr(ref, 'ref');
    if (name === undefined) return [];
    const q = this.#qname(ref, name, schema);
    const key = `group ${qnameKey(q)}`;
    const decl = this.#groups.get(qnameKey(q));
    if (!decl) throw new WsdlError(`${w.where}: group ${show(q)} is not defined${this.#hint(q, this.#groups)}`);
    if (w.stack.includes(key)) {
      this.#warn(`${w.where}: group ${show(q)} contains itself; the inner occurrence is left out`);
      return [];
    }
    const inner: Walk = { ...w, stack: [...w.stack, key] };
    const min = minOccurs(ref, schema) * outerMin;
    const max = times(maxOccurs(ref, schema), outerMax);
    if (max === 0) return [];
    const model = decl.el.children.find((c) => isXsdNamespace(c.ns) && MODEL_GROUPS.has(c.local));
    return model ? this.#particles(model, decl.schema, inner, min, max) : [];
  }

  /** The built-in type a simple type restricts, through named simple types; lists and unions are text. */
  #simpleBase(st: XmlElement, schema: SchemaInfo, w: Walk, seen: string[]): string {
    const restriction = st.children.find((c) => isXsdNamespace(c.ns) && c.local === 'restriction');
    if (!restriction) return 'string';
    const base = attr(restriction, 'base');
    if (base === undefined) {
      const inline = restriction.children.find((c) => isXsdNamespace(c.ns) && c.local === 'simpleType');
      return inline ? this.#simpleBase(inline, schema, w, seen) : 'string';
    }
    const q = this.#qname(restriction, base, schema);
    if (isXsdNamespace(q.ns) || SOAP_ENCODINGS.includes(q.ns)) return q.local;
    const key = qnameKey(q);
    const decl = this.#types.get(key);
    if (!decl) throw new WsdlError(`${w.where}: type ${show(q)} is not defined${this.#hint(q, this.#types)}`);
    if (seen.includes(key)) throw new WsdlError(`${at(decl.schema, decl.el)}: simple type ${show(q)} restricts itself`);
    if (decl.el.local !== 'simpleType') return 'string';
    return this.#simpleBase(decl.el, decl.schema, w, [...seen, key]);
  }

  #qname(el: XmlElement, value: string, schema: SchemaInfo): QName {
    const q = resolveQName(el, value);
    if (!q) throw new WsdlError(`${at(schema, el)}: the prefix of "${value}" is not declared`);
    // In a schema included into another namespace, references to no namespace mean the includer's names.
    if (q.ns === '' && schema.chameleon) return { ns: schema.tns, local: q.local };
    return q;
  }

  #spend(w: ExpandContext): void {
    if (--w.budget.left < 0)
      throw new WsdlError(`${w.where}: the message structure has more than ${w.budget.max} elements`);
  }

  #warn(message: string): void {
    if (!this.#warnings.includes(message)) this.#warnings.push(message);
  }

  readonly #warned = new Set<string>();
  /** One warning per `key` (a recursive type is met in every operation that uses it). */
  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#warnings.push(message);
  }

  /** " (no schema for namespace X was loaded)" or " (namespace X has: a, b, c)": what might have been meant. */
  #hint(q: QName, table: Map<string, Decl>): string {
    if (!this.#namespaces.has(q.ns)) return ` (no schema for namespace "${q.ns}" was loaded)`;
    const prefix = q.ns ? `{${q.ns}}` : '';
    const names = [...table.keys()]
      .filter((k) => (q.ns ? k.startsWith(prefix) : !k.startsWith('{')))
      .map((k) => k.slice(prefix.length));
    if (!names.length) return '';
    return ` (namespace "${q.ns}" defines: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`;
  }
}

/** "tns:Foo" for messages: the local name with its namespace. */
function show(q: QName): string {
  return q.ns ? `"${q.local}" of namespace "${q.ns}"` : `"${q.local}"`;
}

function at(schema: SchemaInfo, el: XmlElement): string {
  return `${schema.location}:${el.line}`;
}

function minOccurs(el: XmlElement, schema: SchemaInfo): number {
  const v = attr(el, 'minOccurs');
  if (v === undefined) return 1;
  if (!/^\s*\d+\s*$/.test(v)) throw new WsdlError(`${at(schema, el)}: minOccurs="${v}" is not a number`);
  return Number(v);
}

function maxOccurs(el: XmlElement, schema: SchemaInfo): number | 'unbounded' {
  const v = attr(el, 'maxOccurs');
  if (v === undefined) return 1;
  if (v.trim() === 'unbounded') return 'unbounded';
  if (!/^\s*\d+\s*$/.test(v))
    throw new WsdlError(`${at(schema, el)}: maxOccurs="${v}" is neither a number nor "unbounded"`);
  return Number(v);
}

function times(a: number | 'unbounded', b: number | 'unbounded'): number | 'unbounded' {
  if (a === 0 || b === 0) return 0;
  return a === 'unbounded' || b === 'unbounded' ? 'unbounded' : a * b;
}

/**
 * Members with the same name (a sequence that names an element twice, or two branches of a choice) become one
 * node that may repeat: messages are written and read by name, so two nodes of one name could not be told apart.
 */
function merge(nodes: XmlNode[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const n of nodes) {
    const i = out.findIndex((o) => o.name === n.name && o.namespace === n.namespace);
    if (i < 0) {
      out.push(n);
      continue;
    }
    const o = out[i];
    const max = o.maxOccurs === 'unbounded' || n.maxOccurs === 'unbounded' ? 'unbounded' : o.maxOccurs + n.maxOccurs;
    out[i] = { ...o, minOccurs: Math.min(o.minOccurs, n.minOccurs), maxOccurs: max };
  }
  return out;
}
