// How writes to one object are serialised: within one process for SQLite, across every host of a cluster for
// PostgreSQL (postgres-locks.ts). The lock is held across the application call and the connector space commit.
import { KeyedMutex } from '../util/keyed-mutex.ts';

/** Serialises work per key (an object, or a unique value being created). */
export interface ObjectLocks {
  /** Runs fn once every earlier holder of the key, on any host sharing the store, has finished. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** Locks of one process: enough when one host owns the store (SQLite). */
export class InProcessLocks implements ObjectLocks {
  private readonly mutex = new KeyedMutex();

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(key, fn);
  }
}

/** Holds the locks of several keys (sorted, so two holders of overlapping sets cannot deadlock), then runs fn. */
export function withLocks<T>(locks: ObjectLocks, keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const step = (i: number): Promise<T> => (i === sorted.length ? fn() : locks.withLock(sorted[i], () => step(i + 1)));
  return step(0);
}
