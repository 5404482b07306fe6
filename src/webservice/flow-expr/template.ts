// Templates: text with {{ expression }} parts. Each value is escaped for where it lands (its sink), so an
// attribute value can never change the shape of a URL, a header or an XML document.
import type { ExprNode } from './ast.ts';
import type { EvalHooks, Scope } from './evaluate.ts';
import { compile } from './compile.ts';
import type { Value } from './functions.ts';
import { FlowExpressionSyntaxError, parseExpression } from './parse.ts';

/** Where a rendered value lands. */
export type Sink = 'path' | 'query' | 'header' | 'json' | 'form' | 'xml' | 'text';

/** One parsed template. */
export interface Template {
  source: string;
  parts: (string | { expr: ExprNode; text: string; offset: number })[];
  /** The whole template is one {{ expression }}: its value keeps its type (list, number, object…). */
  single: boolean;
}

/** Thrown when a value cannot land safely (e.g. a line break in a header). */
export class UnsafeValueError extends Error {
  override readonly name: string = 'UnsafeValueError';
}

/** Parses a template; errors carry the offset within the text. */
export function parseTemplate(source: string): Template {
  const parts: Template['parts'] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push(source.slice(i));
      break;
    }
    if (open > i) parts.push(source.slice(i, open));
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new FlowExpressionSyntaxError('"{{" without "}}"', open);
    const text = source.slice(open + 2, close);
    try {
      parts.push({ expr: parseExpression(text.trim()), text: text.trim(), offset: open + 2 });
    } catch (e) {
      if (e instanceof FlowExpressionSyntaxError) throw new FlowExpressionSyntaxError(e.message, open + 2 + e.index);
      throw e;
    }
    i = close + 2;
  }
  const single = parts.length === 1 && typeof parts[0] !== 'string';
  return { source, parts, single };
}

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function asText(v: Value): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Escapes one interpolated value for its sink. */
export function escapeFor(sink: Sink, v: Value): string {
  const s = asText(v);
  switch (sink) {
    case 'path':
      return encodeURIComponent(s);
    case 'header':
      if (/[\r\n\0]/.test(s)) throw new UnsafeValueError('a header value may not contain line breaks');
      return s;
    case 'xml':
      return s.replace(/[&<>"']/g, (c) => XML[c]);
    default:
      return s;
  }
}

/** True when a single-expression template keeps its value's type in this sink (path, header and xml are text). */
export function keepsType(t: Template, sink: Sink): boolean {
  return t.single && (sink === 'json' || sink === 'query' || sink === 'form' || sink === 'text');
}

/** Renders a template for a sink. A single-expression template keeps its value's type (except in path/header/xml). */
export function renderTemplate(t: Template, scope: Scope, sink: Sink, hooks?: EvalHooks): Value {
  if (keepsType(t, sink)) {
    return compile((t.parts[0] as { expr: ExprNode }).expr)(scope, hooks);
  }
  let out = '';
  for (const p of t.parts) out += typeof p === 'string' ? p : escapeFor(sink, compile(p.expr)(scope, hooks));
  return out;
}
