// The behaviour every StateStore backend (a provisioning job's state) must show, as a node:test suite a backend's
// test file runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextEscrow } from '../provision/escrow.ts';
import type { ProvisioningReport } from '../provision/report.ts';
import type { StateStore } from '../provision/state-store.ts';

/** A state store under test and how to dispose of it. */
export interface StateStoreFixture {
  store: StateStore;
  /** Opens the same job's state again (after the suite closed `store`). */
  reopen(): Promise<StateStore>;
  /** A store of another job over the same storage, or undefined when each job has storage of its own. */
  otherJob?(): Promise<StateStore>;
  /** Closes the (latest) stores and deletes the data. */
  cleanup(): Promise<void>;
}

const now = new Date('2030-01-01T12:00:00.000Z');
const policy = { initialDelaySeconds: 60, maxDelaySeconds: 3600 };

/** A log entry of a cycle at a time. */
function entry(
  cycleId: number | null,
  sourceId: string,
  time: string,
  status: ProvisioningReport['status'] = 'success',
): ProvisioningReport {
  return {
    cycleId,
    time,
    sourceId,
    targetId: null,
    action: 'Create',
    status,
    durationMs: 1.5,
    steps: [],
    modifiedProperties: [],
  };
}

/** Runs the shared StateStore contract suite against a backend. */
export function runStateStoreContract(name: string, makeStore: () => Promise<StateStoreFixture>): void {
  const withStore = (fn: (fx: StateStoreFixture) => Promise<void>) => async () => {
    const fx = await makeStore();
    try {
      await fn(fx);
    } finally {
      await fx.cleanup();
    }
  };

  describe(`StateStore contract: ${name}`, () => {
    test(
      'users, escrow and settings persist across opens; forgetting a user drops its escrow',
      withStore(async (fx) => {
        const s = fx.store;
        assert.equal(await s.getMeta('fingerprint'), undefined);
        await s.setMeta('fingerprint', 'f1');
        await s.setMeta('fingerprint', 'f2');
        await s.putUser({ sourceId: 'a', hash: 'h1', targetId: 'A', state: 'provisioned' }, now);
        await s.putUser({ sourceId: 'a', hash: 'h2', targetId: 'A', state: 'disabled' }, now);
        await s.putUser({ sourceId: 'b', hash: null, targetId: null, state: 'outOfScope' }, now);
        const e1 = nextEscrow('b', 'Create', 'x', undefined, policy, now);
        await s.putEscrow(e1);
        const e2 = nextEscrow('b', 'Update', 'y', await s.getEscrow('b'), policy, now);
        await s.putEscrow(e2);
        await s.putEscrow(nextEscrow('c', 'Create', 'z', undefined, policy, now));
        await s.close();
        const r = await fx.reopen();
        assert.equal(await r.getMeta('fingerprint'), 'f2');
        assert.deepEqual(await r.getUser('a'), {
          sourceId: 'a',
          hash: 'h2',
          targetId: 'A',
          state: 'disabled',
          updated: now.toISOString(),
        });
        assert.deepEqual([...(await r.allUsers()).keys()].sort(), ['a', 'b']);
        assert.deepEqual(await r.getEscrow('b'), { ...e2, firstFailure: e1.firstFailure });
        assert.equal((await r.getEscrow('b'))?.attempts, 2);
        assert.equal(await r.getUser('nobody'), undefined);
        await r.forgetUser('b');
        assert.equal(await r.getUser('b'), undefined);
        assert.deepEqual([...(await r.allEscrow()).keys()], ['c']);
        await r.clearEscrow('c');
        assert.equal((await r.allEscrow()).size, 0);
      }),
    );

    test(
      'cycles and the log: ids ascend, newest first, filters, limit, prune',
      withStore(async ({ store: s }) => {
        const c1 = await s.startCycle('initial', now);
        const c2 = await s.startCycle('incremental', now);
        assert.ok(c2 > c1);
        await s.endCycle(c1, 'completed', { n: 1 }, now);
        const cycles = await s.cycles();
        assert.deepEqual(
          cycles.map((c) => [c.id, c.kind, c.status, c.ended, c.summary]),
          [
            [c2, 'incremental', 'running', null, null],
            [c1, 'initial', 'completed', now.toISOString(), '{"n":1}'],
          ],
        );
        assert.equal((await s.cycles(1)).length, 1);
        const batch = [
          entry(c1, 'u1', '2029-01-01T00:00:00.000Z'),
          entry(c1, 'u2', '2030-01-01T00:00:00.000Z', 'failure'),
          entry(c2, 'u1', '2030-01-01T00:00:01.000Z'),
        ];
        await s.appendLog([]);
        await s.appendLog(batch);
        const ids = batch.map((r) => r.id ?? 0);
        assert.ok(ids[0] > 0 && ids[0] < ids[1] && ids[1] < ids[2], 'ids ascend in the given order');
        await s.appendLog([entry(null, 'u3', '2030-01-01T00:00:02.000Z')]);
        assert.deepEqual(
          (await s.log()).map((r) => r.sourceId),
          ['u3', 'u1', 'u2', 'u1'],
        );
        assert.deepEqual(
          (await s.log({ sourceId: 'u1' })).map((r) => r.id),
          [ids[2], ids[0]],
        );
        assert.deepEqual(
          (await s.log({ cycleId: c1, status: 'failure' })).map((r) => r.sourceId),
          ['u2'],
        );
        assert.equal((await s.log({ limit: 2 })).length, 2);
        assert.equal((await s.log({ cycleId: c1 }))[0]?.durationMs, 1.5);
        assert.equal(await s.pruneLog(30, now), 1, 'the entry of 2029 is older than 30 days');
        assert.equal((await s.log()).length, 3);
      }),
    );

    test('jobs sharing the storage keep apart', async (t) => {
      const fx = await makeStore();
      try {
        if (!fx.otherJob) {
          t.skip('each job has storage of its own');
          return;
        }
        const other = await fx.otherJob();
        await fx.store.putUser({ sourceId: 'a', hash: 'h', targetId: 'A', state: 'provisioned' }, now);
        await fx.store.setMeta('fingerprint', 'mine');
        await fx.store.appendLog([entry(null, 'a', now.toISOString())]);
        assert.equal((await other.allUsers()).size, 0);
        assert.equal(await other.getMeta('fingerprint'), undefined);
        assert.deepEqual(await other.log(), []);
        await other.close();
      } finally {
        await fx.cleanup();
      }
    });

    test('a run holds the job: others are refused until it ends or its hold lapses', async () => {
      const fx = await makeStore();
      try {
        const s = fx.store;
        const t = now.getTime();
        assert.equal(await s.claimRun('run A', now, 60_000), undefined);
        assert.equal(await s.claimRun('run A', new Date(t + 10_000), 60_000), undefined, 'renewed by its holder');
        assert.deepEqual(await s.claimRun('run B', new Date(t + 20_000), 60_000), {
          holder: 'run A',
          expires: new Date(t + 70_000).toISOString(),
        });
        await s.releaseRun('run B');
        assert.equal((await s.claimRun('run B', new Date(t + 20_000), 60_000))?.holder, 'run A', "B cannot end A's");
        await s.releaseRun('run A');
        assert.equal(await s.claimRun('run B', new Date(t + 20_000), 60_000), undefined, 'free once released');
        assert.equal(await s.claimRun('run C', new Date(t + 80_001), 60_000), undefined, "taken once B's lapsed");
        // The hold is the job's, not the process's: the same storage opened again sees it.
        await s.close();
        const again = await fx.reopen();
        assert.equal((await again.claimRun('run D', new Date(t + 90_000), 60_000))?.holder, 'run C');
      } finally {
        await fx.cleanup();
      }
    });
  });
}
