// Every function of the language, found by name case-insensitively.
import { APP_ROLE_FUNCTIONS } from './app-roles.ts';
import { DATE_FUNCTIONS } from './dates.ts';
import { GENERATE_FUNCTIONS } from './generate.ts';
import { LIST_FUNCTIONS } from './lists.ts';
import { LOGIC_FUNCTIONS } from './logic.ts';
import { REPLACE_FUNCTION } from './replace.ts';
import type { FunctionSpec } from './spec.ts';
import { STRING_FUNCTIONS } from './strings.ts';

/** SelectUniqueValue: only its arity lives here; compile.ts evaluates it (at the top level, maybe asynchronously). */
export const SELECT_UNIQUE_VALUE: FunctionSpec = {
  name: 'SelectUniqueValue',
  params: ['uniqueValueRule'],
  min: 2,
  max: Infinity,
  nullPropagates: false,
  pure: false,
};

const ALL: readonly FunctionSpec[] = [
  ...STRING_FUNCTIONS,
  ...LIST_FUNCTIONS,
  ...LOGIC_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...APP_ROLE_FUNCTIONS,
  ...GENERATE_FUNCTIONS,
  REPLACE_FUNCTION,
  SELECT_UNIQUE_VALUE,
];

const BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

/** The function of that name (any case), or undefined. */
export function findFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Every function's name as the reference spells it, sorted. */
export function functionNames(): string[] {
  return ALL.map((f) => f.name).sort((a, b) => a.localeCompare(b));
}

/** The known name closest to a misspelt one (for "did you mean"), if one is close enough. */
export function closestFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(lower.length / 3)) + 1;
  for (const f of ALL) {
    const d = distance(lower, f.name.toLowerCase());
    if (d < bestDistance) {
      best = f.name;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
