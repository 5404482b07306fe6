// How fast V8 lets the heap grow between full collections. By default the old generation may grow to several
// times what survived the last full collection before V8 collects again. A long import allocates steadily and
// keeps little, so the heap swelled with garbage and peak memory grew with the size of the import (bench:import:
// 261 MB at 300,000 accounts, 282 MB at 1,000,000). A growth factor of 2 keeps it flat (195 and 209 MB; 187 MB at
// 100,000) at no measurable cost in speed. V8 reads the flag at each collection, so setting it at start works.
//
// The young generation: V8 starts each of its two semi-spaces at 1 MB and doubles them, up to 16 MB, while much
// survives a scavenge. Loading the host's modules and a steady read load (bench:scim) grew them to the maximum:
// 34 MB of resident memory for objects that live a microsecond. Kept at 1 MB they cost eight times the GC time of
// a read; capped at 8 MB (both semi-spaces) the host stays under 150 MB at 100,000 users. V8 reads the maximum
// only at start, but the growth factor at every growth: the cap sets the factor to 1 once the new space reached
// it (checked after each collection), and tuneHeap keeps it at 1 while the modules load.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The growth the host asks for: the heap may double between full collections. */
export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * A whole number from the environment variable `name` (its default when unset; 0 means "leave V8's policy"), or
 * undefined when a node option matching `nodeOption` was given on the command line or in NODE_OPTIONS: it wins.
 */
function heapSetting(
  name: string,
  fallback: number,
  max: number,
  nodeOption: RegExp,
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[],
): number | undefined {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((a) => nodeOption.test(a))) return undefined;
  const raw = env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`${name} must be a whole number from 0 to ${max} (it is "${raw}").`);
  return n === 0 ? undefined : n;
}

/**
 * The V8 flag the host sets, or undefined when it sets none: FERRY_HEAP_GROWING_PERCENT=0 keeps V8's own policy,
 * and a --heap-growing-percent given to node (command line or NODE_OPTIONS) wins.
 */
export function heapGrowingFlag(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): string | undefined {
  const percent = heapSetting(
    'FERRY_HEAP_GROWING_PERCENT',
    DEFAULT_HEAP_GROWING_PERCENT,
    1000,
    /^--heap[-_]growing[-_]percent\b/,
    env,
    execArgv,
  );
  return percent === undefined ? undefined : `--heap-growing-percent=${percent}`;
}

/** The young generation's size (both semi-spaces) past which the host stops its growth, in MB. */
export const DEFAULT_YOUNG_GENERATION_MB = 8;

/**
 * The cap on the young generation in bytes, or undefined for none: FERRY_YOUNG_GENERATION_MB=0 keeps V8's own
 * policy, and a --semi-space-growth-factor or --max-semi-space-size given to node wins.
 */
export function youngGenerationCap(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): number | undefined {
  const mb = heapSetting(
    'FERRY_YOUNG_GENERATION_MB',
    DEFAULT_YOUNG_GENERATION_MB,
    1024,
    /^--(semi[-_]space[-_]growth[-_]factor|max[-_]semi[-_]space[-_]size)\b/,
    env,
    execArgv,
  );
  return mb === undefined ? undefined : mb * 1024 * 1024;
}

const newSpaceBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

let applied = false;

/**
 * Sets the heap flags once per process (see heapGrowingFlag and youngGenerationCap). Call it before loading
 * much (bin/ferry.mjs does): the young generation does not grow until the first collection after the start.
 */
export function tuneHeap(): void {
  if (applied) return;
  applied = true;
  const flag = heapGrowingFlag();
  if (flag) setFlagsFromString(flag);
  const cap = youngGenerationCap();
  if (cap === undefined) return;
  let factor = 1;
  setFlagsFromString('--semi-space-growth-factor=1');
  // Called after collections, once the event loop runs: V8's doubling until the cap, then none.
  const observer = new PerformanceObserver(() => {
    const next = newSpaceBytes() < cap ? 2 : 1;
    if (next !== factor) setFlagsFromString(`--semi-space-growth-factor=${(factor = next)}`);
  });
  observer.observe({ entryTypes: ['gc'] });
}
