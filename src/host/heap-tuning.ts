// How fast V8 lets the heap grow between full collections. By default the old generation may grow to several
// times what survived the last full collection before V8 collects again. A long import allocates steadily and
// keeps little, so the heap swelled with garbage and peak memory grew with the size of the import (bench:import:
// 261 MB at 300,000 accounts, 282 MB at 1,000,000). A growth factor of 2 keeps it flat (195 and 209 MB; 187 MB at
// 100,000) at no measurable cost in speed. V8 reads the flag at each collection, so setting it at start works.
//
// The young generation: V8 starts each of its two semi-spaces at 1 MB and doubles them, up to 16 MB, while much
// survives a scavenge. Under a steady read load (bench:scim) they grew to the maximum: 34 MB of the host's
// resident memory for objects that live a microsecond. A growth factor of 1 keeps them at 1 MB (bench:scim: peak
// RSS 127 MB instead of 154 at 100,000 users). The maximum size is read only at start, the growth factor at
// every growth, so only the factor can be set here.
import { setFlagsFromString } from 'node:v8';

/** The growth the host asks for: the heap may double between full collections. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * The V8 flag the host sets, or undefined when it sets none: FERRY_HEAP_GROWING_PERCENT=0 keeps V8's own policy,
 * and a --heap-growing-percent given to node (command line or NODE_OPTIONS) wins.
 */
export function heapGrowingFlag(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): string | undefined {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  const raw = env.FERRY_HEAP_GROWING_PERCENT;
  const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000)
    throw new Error(`FERRY_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (it is "${raw}").`);
  return percent === 0 ? undefined : `--heap-growing-percent=${percent}`;
}

/** The semi-space growth factor the host asks for: 1, the young generation stays at its initial size. */
export const DEFAULT_SEMI_SPACE_GROWTH = 1;

/**
 * The young generation's V8 flag, or undefined when the host sets none: FERRY_SEMI_SPACE_GROWTH=0 keeps V8's own
 * policy, and a --semi-space-growth-factor or --max-semi-space-size given to node wins.
 */
export function semiSpaceFlag(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): string | undefined {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => /^--(semi[-_]space[-_]growth[-_]factor|max[-_]semi[-_]space[-_]size)\b/.test(a)))
    return undefined;
  const raw = env.FERRY_SEMI_SPACE_GROWTH;
  const factor = raw === undefined || raw === '' ? DEFAULT_SEMI_SPACE_GROWTH : Number(raw);
  if (!Number.isInteger(factor) || factor < 0 || factor > 16)
    throw new Error(`FERRY_SEMI_SPACE_GROWTH must be a whole number from 0 to 16 (it is "${raw}").`);
  return factor === 0 ? undefined : `--semi-space-growth-factor=${factor}`;
}

let applied = false;

/** Sets the heap flags once per process (see heapGrowingFlag and semiSpaceFlag). */
export function tuneHeap(): void {
  if (applied) return;
  applied = true;
  for (const flag of [heapGrowingFlag(), semiSpaceFlag()]) if (flag) setFlagsFromString(flag);
}
