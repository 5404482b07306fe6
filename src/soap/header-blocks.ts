// SOAP header blocks a service sends with every call besides WS-Security, such as the context header an
// application server wants (Oracle's Integrated SOA Gateway reads the responsibility and language from its
// SOAHeader). A block is an element in its namespace; its value is text, or a structure whose keys become child
// elements in the same namespace (lists repeat the element). Every value is escaped as XML text.
import { SoapRequestError } from './soap-errors.ts';
import { escapeXmlText } from './xml-escape.ts';

/** One header block as a project writes it. */
export interface SoapHeaderBlock {
  name: string;
  namespace?: string;
  value?: unknown;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function content(value: unknown, prefix: string, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return escapeXmlText(String(value), path);
  if (Array.isArray(value)) throw new SoapRequestError(`${path}: a header value is text or a structure, not a list`);
  return Object.entries(value)
    .flatMap(([k, v]) => {
      if (!NAME.test(k)) throw new SoapRequestError(`${path}: "${k}" cannot be an XML element name`);
      return (Array.isArray(v) ? v : [v])
        .filter((x) => x !== undefined)
        .map((x) => element(k, prefix, x, `${path}.${k}`));
    })
    .join('');
}

function element(name: string, prefix: string, value: unknown, path: string): string {
  const tag = prefix ? `${prefix}:${name}` : name;
  const inner = content(value, prefix, path);
  return inner === '' ? `<${tag}/>` : `<${tag}>${inner}</${tag}>`;
}

/** The XML of the header blocks, each declaring its own namespace (prefix h0, h1, …). */
export function headerBlocksXml(blocks: readonly SoapHeaderBlock[]): string {
  return blocks
    .map((b, i) => {
      if (!NAME.test(b.name)) throw new SoapRequestError(`SOAP header "${b.name}" is not an XML element name`);
      const prefix = b.namespace ? `h${i}` : '';
      const tag = prefix ? `${prefix}:${b.name}` : b.name;
      const decl = b.namespace
        ? ` xmlns:${prefix}="${escapeXmlText(b.namespace, 'a header namespace').replace(/"/g, '&quot;')}"`
        : '';
      const inner = content(b.value, prefix, `header ${b.name}`);
      return inner === '' ? `<${tag}${decl}/>` : `<${tag}${decl}>${inner}</${tag}>`;
    })
    .join('');
}
