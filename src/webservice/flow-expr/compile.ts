// Compiles an expression tree once into nested closures: an import evaluates the same few templates for every
// record, so walking the tree each time is the cost worth removing. Same semantics as evaluate().
import type { ExprNode } from './ast.ts';
import { FlowExpressionError, evaluate, member, truthy, type EvalHooks, type Scope } from './evaluate.ts';
import { FUNCTIONS, type Value } from './functions.ts';

/** A compiled expression. */
export type Compiled = (scope: Scope, hooks?: EvalHooks) => Value;

const cache = new WeakMap<ExprNode, Compiled>();

/** The compiled form of a node (cached per node). */
export function compile(node: ExprNode): Compiled {
  let c = cache.get(node);
  if (!c) {
    c = build(node);
    cache.set(node, c);
  }
  return c;
}

const eq = (a: Value, b: Value) => (a === undefined ? null : a) === (b === undefined ? null : b);

function build(node: ExprNode): Compiled {
  switch (node.type) {
    case 'Literal': {
      const v = node.value;
      return () => v;
    }
    case 'Identifier': {
      const name = node.name;
      if (name === 'undefined') return () => undefined;
      return (s) => (Object.hasOwn(s, name) ? s[name] : undefined);
    }
    case 'MemberExpression': {
      const obj = compile(node.object);
      if (!node.computed) {
        const key = (node.property as { name: string }).name;
        return (s, h) => member(obj(s, h), key);
      }
      const prop = compile(node.property);
      return (s, h) => member(obj(s, h), prop(s, h));
    }
    case 'CallExpression': {
      const name = (node.callee as { name: string }).name;
      const args = node.arguments.map(compile);
      if (name === 'changed') return (s, h) => (h?.changed ? h.changed(String(args[0]?.(s, h))) : false);
      const def = FUNCTIONS[name];
      if (!def)
        return () => {
          throw new FlowExpressionError(`unknown function ${name}()`);
        };
      const fn = def.fn;
      // The usual arities without an argument list per call (a function sees exactly as many arguments).
      const [a0, a1, a2] = args;
      if (args.length === 1) return (s, h) => fn(a0(s, h));
      if (args.length === 2) return (s, h) => fn(a0(s, h), a1(s, h));
      if (args.length === 3) return (s, h) => fn(a0(s, h), a1(s, h), a2(s, h));
      return (s, h) => fn(...args.map((a) => a(s, h)));
    }
    case 'BinaryExpression': {
      const l = compile(node.left);
      const r = compile(node.right);
      switch (node.operator) {
        case '&&':
          return (s, h) => {
            const a = l(s, h);
            return truthy(a) ? r(s, h) : a;
          };
        case '||':
          return (s, h) => {
            const a = l(s, h);
            return truthy(a) ? a : r(s, h);
          };
        case '??':
          return (s, h) => {
            const a = l(s, h);
            return a === undefined || a === null ? r(s, h) : a;
          };
        case '==':
        case '===':
          return (s, h) => eq(l(s, h), r(s, h));
        case '!=':
        case '!==':
          return (s, h) => !eq(l(s, h), r(s, h));
        default:
          // Arithmetic and ordering: rare in hot paths; the tree walker keeps one definition of them.
          return (s, h) => evaluate(node, s, h);
      }
    }
    case 'UnaryExpression': {
      const a = compile(node.argument);
      if (node.operator === '!') return (s, h) => !truthy(a(s, h));
      return (s, h) => evaluate(node, s, h);
    }
    case 'ConditionalExpression': {
      const t = compile(node.test);
      const c = compile(node.consequent);
      const e = compile(node.alternate);
      return (s, h) => (truthy(t(s, h)) ? c(s, h) : e(s, h));
    }
    default:
      return (s, h) => evaluate(node, s, h);
  }
}
