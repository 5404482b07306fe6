// Evaluates flow expressions against a scope of plain JSON-like values. Safe by construction: only own
// properties of plain objects and arrays are readable, only listed functions are callable.
import type { ExprNode } from './ast.ts';
import { FUNCTIONS, type Value } from './functions.ts';

/** The variables an expression sees. */
export type Scope = Record<string, Value>;

/** Hooks for functions that read the flow's context. */
export interface EvalHooks {
  changed?: (name: string) => boolean;
}

/** Thrown when evaluation fails at run time (a wrong value, not a wrong expression). */
export class FlowExpressionError extends Error {
  override readonly name: string = 'FlowExpressionError';
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Reads `key` of `obj` the safe way: own properties of plain objects and arrays only. */
export function member(obj: Value, key: Value): Value {
  if (obj === null || obj === undefined) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') return undefined;
  const k = String(key);
  if (FORBIDDEN.has(k)) return undefined;
  if (Array.isArray(obj)) {
    if (k === 'length') return obj.length;
    const i = Number(k);
    return Number.isInteger(i) ? obj.at(i) : undefined;
  }
  if (typeof obj === 'string' && k === 'length') return obj.length;
  if (typeof obj !== 'object') return undefined;
  return Object.hasOwn(obj, k) ? (obj as Record<string, Value>)[k] : undefined;
}

const eq = (a: Value, b: Value) => (a === undefined ? null : a) === (b === undefined ? null : b);

/** Evaluates an expression node. */
export function evaluate(node: ExprNode, scope: Scope, hooks: EvalHooks = {}): Value {
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'Identifier':
      if (node.name === 'undefined') return undefined;
      return Object.hasOwn(scope, node.name) ? scope[node.name] : undefined;
    case 'MemberExpression': {
      const obj = evaluate(node.object, scope, hooks);
      const key = node.computed ? evaluate(node.property, scope, hooks) : (node.property as { name: string }).name;
      return member(obj, key);
    }
    case 'ArrayExpression':
      return node.elements.map((e) => (e ? evaluate(e, scope, hooks) : undefined));
    case 'ConditionalExpression':
      return truthy(evaluate(node.test, scope, hooks))
        ? evaluate(node.consequent, scope, hooks)
        : evaluate(node.alternate, scope, hooks);
    case 'UnaryExpression': {
      const v = evaluate(node.argument, scope, hooks);
      if (node.operator === '!') return !truthy(v);
      if (node.operator === '-') return -Number(v);
      if (node.operator === '+') return Number(v);
      throw new FlowExpressionError(`operator ${node.operator} is not allowed`);
    }
    case 'BinaryExpression': {
      const op = node.operator;
      if (op === '&&') {
        const l = evaluate(node.left, scope, hooks);
        return truthy(l) ? evaluate(node.right, scope, hooks) : l;
      }
      if (op === '||') {
        const l = evaluate(node.left, scope, hooks);
        return truthy(l) ? l : evaluate(node.right, scope, hooks);
      }
      if (op === '??') {
        const l = evaluate(node.left, scope, hooks);
        return l === undefined || l === null ? evaluate(node.right, scope, hooks) : l;
      }
      const l = evaluate(node.left, scope, hooks);
      const r = evaluate(node.right, scope, hooks);
      switch (op) {
        case '==':
        case '===':
          return eq(l, r);
        case '!=':
        case '!==':
          return !eq(l, r);
        case '<':
          return (l as number) < (r as number);
        case '<=':
          return (l as number) <= (r as number);
        case '>':
          return (l as number) > (r as number);
        case '>=':
          return (l as number) >= (r as number);
        case '+':
          return typeof l === 'number' && typeof r === 'number' ? l + r : `${l ?? ''}${r ?? ''}`;
        case '-':
          return Number(l) - Number(r);
        case '*':
          return Number(l) * Number(r);
        case '/':
          return Number(l) / Number(r);
        case '%':
          return Number(l) % Number(r);
        default:
          throw new FlowExpressionError(`operator ${op} is not allowed`);
      }
    }
    case 'CallExpression': {
      const name = (node.callee as { name: string }).name;
      const args = node.arguments.map((a) => evaluate(a, scope, hooks));
      if (name === 'changed') return hooks.changed ? hooks.changed(String(args[0])) : false;
      const def = FUNCTIONS[name];
      if (!def) throw new FlowExpressionError(`unknown function ${name}()`);
      return def.fn(...args);
    }
    default:
      throw new FlowExpressionError(`${node.type} is not allowed in expressions`);
  }
}

/** Truthiness: empty text, empty lists, null and undefined are false. */
export function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}
