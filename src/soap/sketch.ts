// One-line sketches of message structures, for the discovery tree a person reads:
// `getBank(blz: string) → details: {bezeichnung?, bic?, ort?, plz?}`.
import type { XmlNode } from './soap-schema.ts';
import { repeats } from './message-writer.ts';
import type { WsdlDescription } from './wsdl.ts';

/** Longest sketch line before it is cut. */
const WIDTH = 120;

/** `name?: type[]` for a node, its children in braces down to `depth` levels. */
export function sketchNode(n: XmlNode, depth = 1): string {
  const mark = n.minOccurs === 0 ? '?' : '';
  const list = repeats(n) ? '[]' : '';
  if (n.children) {
    if (!n.children.length) return `${n.name}${mark}: {}${list}`;
    if (depth <= 0) return `${n.name}${mark}: {…}${list}`;
    return `${n.name}${mark}: {${n.children.map((c) => sketchNode(c, depth - 1)).join(', ')}}${list}`;
  }
  return `${n.name}${mark}: ${n.type ?? 'anyType'}${list}`;
}

/** The parts of a message: the wrapper's children for document/literal wrapped, the parts otherwise. */
export function sketchMessage(nodes: readonly XmlNode[], style: 'document' | 'rpc'): string {
  const shown = style === 'document' && nodes.length === 1 && nodes[0].children ? nodes[0].children : nodes;
  return shown.map((n) => sketchNode(n, 1)).join(', ');
}

/** The tree service → port → operation, with each operation's input and output on one line. */
export function formatSoapTree(desc: WsdlDescription, ids?: Map<string, string>): string {
  const lines: string[] = [];
  for (const s of desc.services) {
    lines.push(`${s.name}`);
    if (!s.ports.length) lines.push('  (no SOAP port)');
    for (const p of s.ports) {
      lines.push(`  ${p.name}  SOAP ${p.soapVersion}, binding ${p.binding}${p.address ? `, ${p.address}` : ''}`);
      for (const op of p.operations) {
        const id = ids?.get(`${s.name}\u0000${p.name}\u0000${op.name}`);
        const head = `    ${op.name}${id && id !== op.name ? ` [${id}]` : ''}(${sketchMessage(op.soap.input, op.soap.style)})`;
        const out = op.soap.output.length
          ? ` → ${sketchMessage(op.soap.output, op.soap.style) || '(empty)'}`
          : ' (one-way)';
        lines.push(cut(`${head}${out}`));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function cut(line: string): string {
  return line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}…` : line;
}
