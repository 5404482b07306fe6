// Serialises work per key (one object at a time), so concurrent PATCHes of one object cannot lose updates.

/** A mutex per string key; keys with no waiters take no memory. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs fn when every earlier fn of the same key has settled. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
