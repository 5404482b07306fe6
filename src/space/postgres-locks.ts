// Per-object locks across the hosts of a cluster: transaction-scoped advisory locks on a connection of the lock
// pool, held while the application is called and the connector space written, released by the commit (or by
// the database when the host dies). In-process mutexes in front keep one host's waiters off the lock pool.
import { createHash } from 'node:crypto';
import { KeyedMutex } from '../util/keyed-mutex.ts';
import { lockOrder, withMutexes, type ObjectLocks } from './object-locks.ts';
import { guarded, isConnectionLoss, type PostgresPools } from './postgres-pool.ts';

/** The advisory lock number of a key: 64 bits of its SHA-256 (a collision only makes two keys wait for each other). */
function lockNumber(key: string): bigint {
  return createHash('sha256').update(key, 'utf8').digest().readBigInt64BE(0);
}

/** ObjectLocks on pg_advisory_xact_lock. */
export class PostgresLocks implements ObjectLocks {
  private readonly local = new KeyedMutex();

  constructor(private readonly pools: PostgresPools) {}

  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    if (keys.length === 0) return fn();
    return withMutexes(this.local, keys, async () => {
      const client = await guarded(() => this.pools.locks.connect());
      let broken = false;
      try {
        // One round trip: the numbers are computed here, so the statement needs no parameters.
        const locks = lockOrder(keys).map((k) => `SELECT pg_advisory_xact_lock(${lockNumber(k)});`);
        await guarded(() => client.query(`BEGIN; ${locks.join(' ')}`));
        const result = await fn();
        // The work is done: a connection lost now only released the locks early (the database drops them anyway).
        await client.query('COMMIT').catch((e) => {
          broken = isConnectionLoss(e);
        });
        return result;
      } catch (e) {
        broken ||= isConnectionLoss(e) || (e as { code?: string }).code === 'store_unavailable';
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release(broken);
      }
    });
  }
}
