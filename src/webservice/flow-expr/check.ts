// Load-time checks of a flow expression: only known variables, known functions with the right number of
// arguments, allowed operators, and — where the scope knows them — known attribute names.
import type { ExprNode } from './ast.ts';
import { CONTEXT_FUNCTIONS, FUNCTIONS, REGEX_ARGUMENTS } from './functions.ts';
import { compileRegex, RegexError } from './safe-regex.ts';

/** What is known at a point of a flow. */
export interface StaticScope {
  /** Variable names in scope. */
  variables: Set<string>;
  /** For `object.attributes.X` and changed("X"): the attribute names of the object type, when known. */
  attributes?: Set<string>;
  /** For `params.X`: the declared parameter names. */
  params?: Set<string>;
}

/** The fields of `object` in export flows. */
const OBJECT_FIELDS = new Set(['type', 'anchor', 'dn', 'attributes', 'previous', 'changes']);

const OPS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', '&&', '||', '??', '+', '-', '*', '/', '%']);

/** The problems of an expression (empty when it is fine). */
export function checkExpression(node: ExprNode, scope: StaticScope): string[] {
  const problems: string[] = [];
  const walk = (n: ExprNode): void => {
    switch (n.type) {
      case 'Literal':
        return;
      case 'Identifier':
        if (n.name !== 'undefined' && !scope.variables.has(n.name))
          problems.push(`unknown variable "${n.name}" (known here: ${[...scope.variables].sort().join(', ')})`);
        return;
      case 'MemberExpression': {
        walk(n.object);
        if (n.computed) walk(n.property);
        else checkKnownMember(n, scope, problems);
        return;
      }
      case 'ArrayExpression':
        for (const e of n.elements) if (e) walk(e);
        return;
      case 'ConditionalExpression':
        walk(n.test);
        walk(n.consequent);
        walk(n.alternate);
        return;
      case 'UnaryExpression':
        if (!['!', '-', '+'].includes(n.operator)) problems.push(`operator "${n.operator}" is not allowed`);
        walk(n.argument);
        return;
      case 'BinaryExpression':
        if (!OPS.has(n.operator)) problems.push(`operator "${n.operator}" is not allowed`);
        walk(n.left);
        walk(n.right);
        return;
      case 'CallExpression': {
        if (n.callee.type !== 'Identifier') {
          problems.push('only named functions can be called (no methods)');
          return;
        }
        const name = n.callee.name;
        const def = FUNCTIONS[name] ?? CONTEXT_FUNCTIONS[name];
        if (!def)
          problems.push(
            `unknown function ${name}() (known: ${Object.keys({ ...FUNCTIONS, ...CONTEXT_FUNCTIONS })
              .sort()
              .join(', ')})`,
          );
        else if (n.arguments.length < def.min || n.arguments.length > def.max) {
          problems.push(
            `${name}() takes ${def.min === def.max ? def.min : `${def.min} to ${def.max}`} arguments, got ${n.arguments.length}`,
          );
        }
        if (
          name === 'changed' &&
          scope.attributes &&
          n.arguments[0]?.type === 'Literal' &&
          !scope.attributes.has(String(n.arguments[0].value))
        ) {
          problems.push(`changed("${String(n.arguments[0].value)}"): no such attribute`);
        }
        const rx = REGEX_ARGUMENTS[name];
        if (rx) checkLiteralRegex(name, n.arguments[rx.pattern], n.arguments[rx.flags], problems);
        n.arguments.forEach(walk);
        return;
      }
      default:
        problems.push(`${n.type} is not allowed in expressions`);
    }
  };
  walk(node);
  return problems;
}

/** A literal pattern is compiled now, so a bad or unsafe one is a load error (and cached for the run). */
function checkLiteralRegex(fn: string, pattern: ExprNode | undefined, flags: ExprNode | undefined, problems: string[]) {
  if (pattern?.type !== 'Literal' || typeof pattern.value !== 'string') return;
  if (flags !== undefined && (flags.type !== 'Literal' || typeof flags.value !== 'string')) return;
  try {
    compileRegex(pattern.value, flags?.type === 'Literal' ? String(flags.value) : '');
  } catch (e) {
    if (e instanceof RegexError) problems.push(`${fn}(): ${e.message}`);
    else throw e;
  }
}

/** `object.attributes.x` and `params.x` are checked against what the project declares. */
function checkKnownMember(
  n: Extract<ExprNode, { type: 'MemberExpression' }>,
  scope: StaticScope,
  problems: string[],
): void {
  const prop = (n.property as { name: string }).name;
  const o = n.object;
  if (
    scope.attributes &&
    o.type === 'MemberExpression' &&
    !o.computed &&
    o.object.type === 'Identifier' &&
    o.object.name === 'object' &&
    (o.property as { name: string }).name === 'attributes'
  ) {
    if (!scope.attributes.has(prop)) problems.push(`object.attributes.${prop}: no such attribute in the schema`);
  }
  if (scope.attributes && o.type === 'Identifier' && o.name === 'object' && !OBJECT_FIELDS.has(prop)) {
    problems.push(`object.${prop}: no such field (an object has ${[...OBJECT_FIELDS].join(', ')})`);
  }
  if (scope.params && o.type === 'Identifier' && o.name === 'params' && !scope.params.has(prop)) {
    problems.push(`params.${prop}: no such parameter (declared: ${[...scope.params].sort().join(', ') || 'none'})`);
  }
}
