// Renders the template structures of a project (strings with {{ }}, objects and lists of them) through closures
// built once per structure and sink: an import renders the same emit for every record, so the structure is
// walked once, not per record. Same results as rendering each template in turn.
import type { ExprNode } from '../flow-expr/ast.ts';
import { compile } from '../flow-expr/compile.ts';
import type { EvalHooks, Scope } from '../flow-expr/evaluate.ts';
import { parseExpression } from '../flow-expr/parse.ts';
import { escapeFor, keepsType, parseTemplate, type Sink, type Template } from '../flow-expr/template.ts';

/** A rendered structure as a function of the scope. */
export type Renderer = (scope: Scope, hooks?: EvalHooks) => unknown;

const exprCache = new Map<string, ExprNode>();
const tmplCache = new Map<string, Template>();
const stringRenderers = new Map<Sink, Map<string, Renderer>>();
const structureRenderers = new WeakMap<object, Map<Sink, Renderer>>();

/** The parsed expression of a text (cached: projects repeat the same few). */
export function expression(text: string): ExprNode {
  let n = exprCache.get(text);
  if (!n) {
    n = parseExpression(text);
    exprCache.set(text, n);
  }
  return n;
}

/** The parsed template of a text (cached). */
export function template(text: string): Template {
  let t = tmplCache.get(text);
  if (!t) {
    t = parseTemplate(text);
    tmplCache.set(text, t);
  }
  return t;
}

/** Renders a template structure (strings are templates; objects and lists recurse; undefined values drop out). */
export function renderValue(value: unknown, scope: Scope, sink: Sink, hooks?: EvalHooks): unknown {
  return renderer(value, sink)(scope, hooks);
}

/** The renderer of a structure for a sink (built on first use, then cached by text or by object). */
export function renderer(value: unknown, sink: Sink): Renderer {
  if (typeof value === 'string') {
    let bySink = stringRenderers.get(sink);
    if (!bySink) stringRenderers.set(sink, (bySink = new Map()));
    let r = bySink.get(value);
    if (!r) bySink.set(value, (r = templateRenderer(template(value), sink)));
    return r;
  }
  if (value === null || typeof value !== 'object') return () => value;
  let bySink = structureRenderers.get(value);
  if (!bySink) structureRenderers.set(value, (bySink = new Map()));
  let r = bySink.get(sink);
  if (!r)
    bySink.set(
      sink,
      (r = Array.isArray(value) ? listRenderer(value, sink) : objectRenderer(value as Record<string, unknown>, sink)),
    );
  return r;
}

/** The closure form of renderTemplate. */
function templateRenderer(t: Template, sink: Sink): Renderer {
  if (keepsType(t, sink)) {
    return compile((t.parts[0] as { expr: ExprNode }).expr);
  }
  const parts = t.parts.map((p) => {
    if (typeof p === 'string') return () => p;
    const c = compile(p.expr);
    return (s: Scope, h?: EvalHooks) => escapeFor(sink, c(s, h));
  });
  if (parts.length === 1) return parts[0];
  return (s, h) => {
    let out = '';
    for (const p of parts) out += p(s, h);
    return out;
  };
}

function listRenderer(list: unknown[], sink: Sink): Renderer {
  const items = list.map((v) => renderer(v, sink));
  return (s, h) => {
    const out: unknown[] = [];
    for (const r of items) {
      const v = r(s, h);
      if (v !== undefined) out.push(v);
    }
    return out;
  };
}

function objectRenderer(obj: Record<string, unknown>, sink: Sink): Renderer {
  const entries = Object.entries(obj).map(([k, v]) => [k, renderer(v, sink)] as const);
  return (s, h) => {
    const out: Record<string, unknown> = {};
    for (const [k, r] of entries) {
      const v = r(s, h);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
}

const projections = new WeakMap<object, WeakMap<ReadonlySet<string>, Record<string, unknown>>>();

/**
 * The part of an attribute map whose names are in `keep` (the same object each time, so its renderer is cached):
 * an import renders only the attributes the host keeps. Anything but a plain map is returned as it is.
 */
export function projection(value: unknown, keep: ReadonlySet<string> | undefined): unknown {
  if (!keep || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  let byKeep = projections.get(value);
  if (!byKeep) projections.set(value, (byKeep = new WeakMap()));
  let p = byKeep.get(keep);
  if (!p) {
    p = Object.fromEntries(Object.entries(value).filter(([k]) => keep.has(k)));
    byKeep.set(keep, p);
  }
  return p;
}
