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

/** An equality and what looks it up (the index its path resolved to). */
export type LookupEquality<T> = EqualityConjunct & { via: T };

/**
 * Equalities whose matches together hold every match of the filter, for a host that can look each one up in an
 * index (`resolve` gives what looks a path up, or false/undefined when nothing can): the first usable one of an
 * `and` chain, one set per branch of an `or` (`userName eq "a" or userName eq "b"`, as a client matching many users
 * at once sends). Each path is resolved once. Undefined when some match could escape them: the filter needs a scan.
 */
export function lookupEqualities<T>(
  f: Filter,
  resolve: (path: AttrRef) => T | false | undefined,
): LookupEquality<T>[] | undefined {
  switch (f.kind) {
    case 'compare': {
      if (f.op !== 'eq' || f.value === null) return undefined;
      const via = resolve(f.path);
      return via === false || via === undefined ? undefined : [{ path: f.path, value: f.value, via }];
    }
    case 'and':
      return lookupEqualities(f.left, resolve) ?? lookupEqualities(f.right, resolve);
    case 'or': {
      const left = lookupEqualities(f.left, resolve);
      const right = left && lookupEqualities(f.right, resolve);
      return left && right ? left.concat(right) : undefined;
    }
    default:
      return undefined;
  }
}
