// A fast path for reading SOAP responses: a strict scanner for the common, plain XML that services send (elements,
// attributes, text, CDATA, comments, the five predefined entities and character references). Anything else — a
// DOCTYPE, an unknown entity, a construct it does not handle, any well-formedness doubt — makes it give up, and the
// caller parses with saxes instead, which then gives the exact, strict verdict. Same result tree as parseXml.
import type { XmlAttribute, XmlElement, XmlLimits } from './xml-parser.ts';
import { DEFAULT_MAX_XML_BYTES, DEFAULT_MAX_XML_DEPTH } from './xml-parser.ts';

const ROOT_SCOPE: Readonly<Record<string, string>> = Object.freeze({ xml: 'http://www.w3.org/XML/1998/namespace' });
const NAME = /[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?/y;
const ATTR = /\s+([A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Thrown internally to give up the fast path. */
class GiveUp extends Error {
  override readonly name: string = 'GiveUp';
}

function decode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  let bad = false;
  const out = s.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return PREDEFINED[named];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (cp > 0x10ffff || cp === 0) {
      bad = true;
      return '';
    }
    return String.fromCodePoint(cp);
  });
  // An '&' that does not start a valid reference is not well-formed: leave the verdict to the strict parser.
  if (bad || /&(?!(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)/.test(s)) throw new GiveUp();
  return out;
}

function split(qname: string): [prefix: string, local: string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

/** The root element of `text`, or undefined when the fast path gives up (parse with parseXml then). */
export function fastParseXml(text: string, limits: XmlLimits = {}): XmlElement | undefined {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  if (text.length * 3 > maxBytes) return undefined; // let the strict parser measure and refuse
  try {
    return scan(text, maxDepth);
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

function scan(text: string, maxDepth: number): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const chunk = text.slice(i, end);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(chunk);
      else if (/\S/.test(chunk)) throw new GiveUp();
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        if (close < 0) throw new GiveUp();
        i = close + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const close = text.indexOf(']]>', lt + 9);
        const top = stack[stack.length - 1];
        if (close < 0 || !top) throw new GiveUp();
        top.text += text.slice(lt + 9, close);
        i = close + 3;
        continue;
      }
      throw new GiveUp(); // DOCTYPE and declarations: the strict parser refuses them with a clear message
    }
    if (c === 0x3f /* ? */) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) throw new GiveUp();
      i = close + 2;
      continue;
    }
    if (c === 0x2f /* / */) {
      NAME.lastIndex = lt + 2;
      const m = NAME.exec(text);
      const top = stack.pop();
      if (!m || !top || m[0] !== top.qname) throw new GiveUp();
      TAG_END.lastIndex = NAME.lastIndex;
      const e = TAG_END.exec(text);
      if (!e || e[1]) throw new GiveUp();
      i = TAG_END.lastIndex;
      continue;
    }
    // A start tag.
    NAME.lastIndex = lt + 1;
    const m = NAME.exec(text);
    if (!m) throw new GiveUp();
    const qname = m[0];
    let pos = NAME.lastIndex;
    const raw: [string, string][] = [];
    let decls: Record<string, string> | undefined;
    for (;;) {
      ATTR.lastIndex = pos;
      const a = ATTR.exec(text);
      if (!a) break;
      pos = ATTR.lastIndex;
      const value = decode(a[2] ?? a[3] ?? '');
      if (a[1] === 'xmlns') (decls ??= {})[''] = value;
      else if (a[1].startsWith('xmlns:')) (decls ??= {})[a[1].slice(6)] = value;
      else raw.push([a[1], value]);
    }
    TAG_END.lastIndex = pos;
    const e = TAG_END.exec(text);
    if (!e) throw new GiveUp();
    i = TAG_END.lastIndex;
    if (stack.length >= maxDepth) throw new GiveUp();
    const parent = stack[stack.length - 1];
    if (!parent && root) throw new GiveUp(); // a second root
    const scope = decls
      ? Object.freeze({ ...(parent ? parent.scope : ROOT_SCOPE), ...decls })
      : parent
        ? parent.scope
        : ROOT_SCOPE;
    const [prefix, local] = split(qname);
    const ns = scope[prefix] ?? (prefix ? undefined : '');
    if (ns === undefined) throw new GiveUp();
    const attrs: XmlAttribute[] = [];
    const seen = new Set<string>();
    for (const [aq, value] of raw) {
      if (seen.has(aq)) throw new GiveUp();
      seen.add(aq);
      const [ap, al] = split(aq);
      const ans = ap ? scope[ap] : '';
      if (ans === undefined) throw new GiveUp();
      attrs.push({ local: al, ns: ans, value });
    }
    const el: XmlElement = { local, ns, qname, attrs, children: [], text: '', scope, line: 0, column: 0 };
    if (parent) parent.children.push(el);
    else root = el;
    if (!e[1]) stack.push(el);
  }
  if (!root || stack.length) throw new GiveUp();
  return root;
}
