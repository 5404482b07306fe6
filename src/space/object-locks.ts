// How writes to one object are serialised: within one process for SQLite, across every host of a cluster for
// PostgreSQL (postgres-locks.ts). The lock is held across the application call and the connector space commit.
import { KeyedMutex } from '../util/keyed-mutex.ts';

/** Serialises work per key (an object, or a unique value being created). */
export interface ObjectLocks {
  /**
   * Runs fn once every earlier holder of any of the keys, on any host sharing the store, has finished. Keys are
   * taken in sorted order, so two holders of overlapping sets cannot deadlock.
   */
  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;
}

/** The keys to take, each once, in the order every holder takes them. */
export function lockOrder(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

/** Holds the in-process mutex of each key (in lock order), then runs fn. */
export function withMutexes<T>(mutex: KeyedMutex, keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  const sorted = lockOrder(keys);
  const step = (i: number): Promise<T> => (i === sorted.length ? fn() : mutex.run(sorted[i], () => step(i + 1)));
  return step(0);
}

/** Locks of one process: enough when one host owns the store (SQLite). */
export class InProcessLocks implements ObjectLocks {
  private readonly mutex = new KeyedMutex();

  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return withMutexes(this.mutex, keys, fn);
  }
}
