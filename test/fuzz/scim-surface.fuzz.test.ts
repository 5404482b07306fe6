// Property-based fuzzing of the SCIM surface over real HTTP (issue 10 §6), bounded for CI: a fixed seed and a
// fixed number of requests per family, about 10 s of requests in all (issue 11 §5: the whole suite under 2 minutes).
// `npm run fuzz` runs the same properties on a million requests. A broken property fails with fast-check's shrunk counterexample and the host's answer.
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { type FuzzEnv, startFuzzEnv } from './fuzz-env.ts';
import { type RequestFamily, requestsOf } from './scim-arbitraries.ts';
import { ScimProperties } from './scim-properties.ts';

const SEED = 20_261_207;
// The suite runs beside other test files on a shared machine: /health must answer within 2 s here; the 100 ms
// goal is measured by `npm run fuzz`, not asserted, where a loaded machine would make it flaky.
const HEALTH_FAIL_MS = 2000;
const RUNS: Record<RequestFamily, number> = { query: 60, bodies: 50, patch: 50, bulk: 30, ids: 40 };

let env: FuzzEnv;
let props: ScimProperties;

before(async () => {
  env = await startFuzzEnv();
  props = new ScimProperties(env, { healthLimitMs: 100, healthFailMs: HEALTH_FAIL_MS });
  await props.setUp();
});
after(async () => {
  await env?.stop();
});

// Shrinking replays requests against live state; past this many tries the counterexample is small enough.
const MAX_SHRINKS = 100;

const holds = (family: RequestFamily) => {
  let failed = false;
  let shrinks = 0;
  return fc.assert(
    fc.asyncProperty(requestsOf([family]), async (req) => {
      if (failed && ++shrinks > MAX_SHRINKS) return;
      try {
        await props.check(req);
      } catch (e) {
        failed = true;
        throw e;
      }
    }),
    { seed: SEED, numRuns: RUNS[family] },
  );
};

test('filters and query parameters: no 5xx, no crash, /health answers, SCIM errors', () => holds('query'));
test('resource bodies (users, groups, broken JSON): and the space agrees with the application', () => holds('bodies'));
test("PATCH documents in Entra's dialect: and the space agrees with the application", () => holds('patch'));
test('Bulk requests: and the space agrees with the application', () => holds('bulk'));
test('routes by id, hostile ids and deletes: and the space agrees with the application', () => holds('ids'));

// Found by `npm run fuzz` (seed 107): the export adds members one call at a time; when the application refuses one,
// the host answers 400, and the members added before it stay in the application: the space must hold them too.
test('a group PATCH the application refuses half-way leaves the space agreeing with the application', async () => {
  await props.check({
    connector: 'APP1',
    method: 'PATCH',
    path: '/Groups/@group6',
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'members', value: [{ value: '@user1' }, { value: '@user2' }] },
        { op: 'Add', path: 'members', value: [{ value: 'acc_999999' }] },
      ],
    },
  });
});
