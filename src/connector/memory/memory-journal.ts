// The demo application's change log for delta imports: a counter and the most recent changes. Bounded, like a
// real application's change feed, so an old watermark means "start over with everything".

/** One recorded change. */
export interface JournalEntry {
  seq: number;
  objectType: string;
  anchor: string;
  change: 'upsert' | 'delete';
}

/** Changes kept by default. */
export const DEFAULT_JOURNAL_LIMIT = 10_000;

/** A bounded, ordered journal of object changes. */
export class ChangeJournal {
  private entries: JournalEntry[] = [];
  /** Every change with seq <= floor is forgotten. */
  private floor: number;

  constructor(
    private counter = 0,
    private readonly limit = DEFAULT_JOURNAL_LIMIT,
  ) {
    this.floor = counter;
  }

  /** The sequence number of the latest change (the watermark of "now"). */
  get current(): number {
    return this.counter;
  }

  /** Records a change and returns its sequence number. */
  record(objectType: string, anchor: string, change: JournalEntry['change']): number {
    const seq = ++this.counter;
    this.entries.push({ seq, objectType, anchor, change });
    // Trim in chunks: shifting one entry per change would copy the whole array each time.
    if (this.entries.length > this.limit + Math.ceil(this.limit / 4)) {
      const drop = this.entries.length - this.limit;
      this.floor = this.entries[drop - 1]!.seq;
      this.entries = this.entries.slice(drop);
    }
    return seq;
  }

  /**
   * The latest change of each object of a type after `since`, in sequence order; undefined when the journal no
   * longer reaches back that far (or `since` is from another history, i.e. ahead of the counter).
   */
  since(objectType: string, since: number): JournalEntry[] | undefined {
    if (!Number.isSafeInteger(since) || since < this.floor || since > this.counter) return undefined;
    const seen = new Set<string>();
    const out: JournalEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.seq <= since) break;
      if (e.objectType !== objectType || seen.has(e.anchor)) continue;
      seen.add(e.anchor);
      out.push(e);
    }
    return out.reverse();
  }
}
