// Canonical filter text: lower-case operators, JSON values, parentheses only where precedence needs them,
// so formatting then parsing gives back the same tree.
import type { AttrRef } from '../schema/types.ts';
import type { CompValue, Filter } from './ast.ts';

/** Formats an attribute reference as written in a filter (`urn:...:name.sub`). */
export function formatAttrRef(ref: AttrRef): string {
  const base = ref.urn !== undefined ? `${ref.urn}:${ref.name}` : ref.name;
  return ref.sub !== undefined ? `${base}.${ref.sub}` : base;
}

/** Formats a comparison value as JSON (strings escaped, so they re-parse to the same text). */
export function formatCompValue(value: CompValue): string {
  return JSON.stringify(value);
}

const PRECEDENCE = { or: 1, and: 2 } as const;

function precedence(f: Filter): number {
  return f.kind === 'or' || f.kind === 'and' ? PRECEDENCE[f.kind] : 3;
}

/** Canonical text of a filter that re-parses to the same tree. */
export function formatFilter(f: Filter): string {
  switch (f.kind) {
    case 'and':
    case 'or': {
      const p = PRECEDENCE[f.kind];
      // Left-associative: a left child of equal precedence needs no parentheses, a right child does.
      const left = precedence(f.left) < p ? `(${formatFilter(f.left)})` : formatFilter(f.left);
      const right = precedence(f.right) <= p ? `(${formatFilter(f.right)})` : formatFilter(f.right);
      return `${left} ${f.kind} ${right}`;
    }
    case 'not':
      return `not (${formatFilter(f.filter)})`;
    case 'present':
      return `${formatAttrRef(f.path)} pr`;
    case 'compare':
      return `${formatAttrRef(f.path)} ${f.op} ${formatCompValue(f.value)}`;
    case 'valuePath':
      return `${formatAttrRef(f.path)}[${formatFilter(f.filter)}]`;
  }
}
