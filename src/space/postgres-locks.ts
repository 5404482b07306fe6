// Per-object locks across the hosts of a cluster: a transaction-scoped advisory lock on a connection of the lock
// pool, held while the application is called and the connector space written, released by the commit (or by
// the database when the host dies). An in-process mutex in front keeps one host's waiters off the lock pool.
import { KeyedMutex } from '../util/keyed-mutex.ts';
import type { ObjectLocks } from './object-locks.ts';
import { guarded, isConnectionLoss, type PostgresPools } from './postgres-pool.ts';

/** ObjectLocks on pg_advisory_xact_lock. */
export class PostgresLocks implements ObjectLocks {
  private readonly local = new KeyedMutex();

  constructor(private readonly pools: PostgresPools) {}

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const client = await guarded(() => this.pools.locks.connect());
      let broken = false;
      try {
        await guarded(async () => {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        });
        const result = await fn();
        // The work is done: a connection lost now only released the lock early (the database drops it anyway).
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
