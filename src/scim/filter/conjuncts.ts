// Extracts the equalities every match of a filter must satisfy, so the host can answer from an index.
import type { AttrRef } from '../schema/types.ts';
import type { Filter } from './ast.ts';

/** One `path eq value` every matching resource satisfies. */
export interface EqualityConjunct {
  path: AttrRef;
  value: string | number | boolean;
}

/** The `eq` comparisons of the filter's top-level `and` chain (value paths, `or` and `not` contribute none). */
export function equalityConjuncts(f: Filter): EqualityConjunct[] {
  const out: EqualityConjunct[] = [];
  const walk = (g: Filter): void => {
    if (g.kind === 'and') {
      walk(g.left);
      walk(g.right);
    } else if (g.kind === 'compare' && g.op === 'eq' && g.value !== null) {
      out.push({ path: g.path, value: g.value });
    }
  };
  walk(f);
  return out;
}
