// npm run fuzz [-- COUNT [SEED]] — property-based fuzzing of the SCIM surface over real HTTP (issue 10 §6): COUNT
// generated requests (default 1,000,000) from test/fuzz/scim-arbitraries.ts against a host and the demo application,
// each in its own process, checked by test/fuzz/scim-properties.ts. Prints progress and counts by outcome; each
// distinct broken property once, with fast-check's shrunk (minimal) counterexample. The last line is one JSON object.
// FUZZ_HEALTH_MS sets the /health limit (default 100); FUZZ_VERBOSE=1 prints every request.
import fc from 'fast-check';
import { startFuzzEnv } from '../test/fuzz/fuzz-env.ts';
import { type FuzzRequest, requestsOf } from '../test/fuzz/scim-arbitraries.ts';
import { type Outcome, ScimProperties, Violation } from '../test/fuzz/scim-properties.ts';

const total = Number(process.argv[2] ?? 1_000_000);
let seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const healthLimitMs = Number(process.env.FUZZ_HEALTH_MS ?? 100);
const BATCH = 1000;
// Shrinking replays requests against live state; past this many tries the counterexample is small enough.
const MAX_SHRINKS = 200;

const env = await startFuzzEnv();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void env.stop().finally(() => process.exit(130)));
const counts: Partial<Record<Outcome, number>> = {};
const failures = new Map<string, { count: number; example: string }>();
let done = 0;
const t0 = performance.now();
try {
  const props = new ScimProperties(env, { healthLimitMs });
  await props.setUp();
  console.log(`fuzzing ${total} requests, first seed ${seed}, /health limit ${healthLimitMs} ms`);
  while (done < total) {
    // After the first broken property of a batch, fast-check only shrinks: those runs are not counted.
    let shrinking = false;
    let shrinks = 0;
    const property = fc.asyncProperty(requestsOf(), async (req: FuzzRequest) => {
      if (shrinking && ++shrinks > MAX_SHRINKS) return;
      if (process.env.FUZZ_VERBOSE) console.log(`${shrinking ? 'shrink' : 'run'} ${JSON.stringify(req).slice(0, 300)}`);
      try {
        const outcome = await props.check(req);
        if (!shrinking) counts[outcome] = (counts[outcome] ?? 0) + 1;
      } catch (e) {
        if (!(e instanceof Violation)) throw e;
        if (!shrinking) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
        shrinking = true;
        if (!env.hostAlive()) await env.startHost();
        throw e;
      }
    });
    const numRuns = Math.min(BATCH, total - done);
    const r = await fc.check(property, { seed, numRuns, maxSkipsPerRun: 0, endOnFailure: false });
    done += r.failed ? r.numRuns : numRuns;
    if (r.failed) {
      const error = String((r.errorInstance as Error | undefined)?.message ?? r.errorInstance);
      const key = signature(error);
      const known = failures.get(key);
      if (known) known.count++;
      else {
        const example = `${error}\n  counterexample (after ${r.numShrinks} shrinks, seed ${seed}, path ${r.counterexamplePath}): ${JSON.stringify(r.counterexample?.[0])}`;
        failures.set(key, { count: 1, example });
        console.log(`\nNEW FAILURE #${failures.size}: ${example}\n`);
      }
    }
    seed = (seed + 1) % 2 ** 31;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${done}/${total} in ${s.toFixed(0)} s (${(done / s).toFixed(1)}/s): ${JSON.stringify(counts)}, distinct failures ${failures.size}, max /health ${Math.round(props.maxHealthMs)} ms`,
    );
  }
  const figures = {
    requests: done,
    seconds: Math.round((performance.now() - t0) / 1000),
    counts,
    distinctFailures: failures.size,
    maxHealthMs: Math.round(props.maxHealthMs),
    slowHealth: props.slowHealth.length,
  };
  for (const s of props.slowHealth.slice(0, 5)) console.log(s);
  for (const [k, f] of failures) console.log(`${f.count}× ${k}`);
  console.log(JSON.stringify(figures));
} finally {
  await env.stop();
}

// Failures of the same kind on the same route count as one: the property, method and path shape.
function signature(message: string): string {
  const m = /^([\w-]+): (APP1|SCIMAPP) (\w+) (\S+)/.exec(message);
  if (!m) return message.split('\n')[0].slice(0, 120);
  const route = m[4].replace(/\?.*$/, '').replace(/\/(Users|Groups)\/[^/]+/, '/$1/{id}');
  const status = / → (\d{3})/.exec(message)?.[1] ?? '';
  return `${m[1]} ${m[3]} ${route} ${status}`;
}
