// Change detection between runs: a hash of each user's source attributes is kept in the state; an incremental
// cycle processes only users that are new or changed, failed users whose retry is due, and users gone from the
// source. An initial cycle (first run, changed mappings, --full) processes everyone but failed users still
// waiting for their retry; only an explicit restart (--full) retries those at once.
import { createHash } from 'node:crypto';
import { isDue } from './escrow.ts';
import type { SourceRecord } from './source.ts';
import type { EscrowRow, UserRow } from './state-store.ts';

/** A stable hash of a user's attributes (key order does not matter). */
export function recordHash(record: SourceRecord): string {
  const keys = Object.keys(record.attributes).sort();
  const h = createHash('sha1');
  for (const k of keys) {
    h.update(k);
    h.update('\u0000');
    h.update(JSON.stringify(record.attributes[k]));
    h.update('\u0001');
  }
  return h.digest('base64');
}

/** A user linked to a target object. */
export type LinkedUserRow = UserRow & { targetId: string };

/** What a cycle has to do. */
export interface ChangeSet {
  /** Users to process, with their hash. */
  work: { record: SourceRecord; hash: string }[];
  /** Users unchanged since their last successful processing. */
  unchanged: number;
  /** Failed users whose retry is not due yet. */
  waiting: number;
  /** Users linked to a target object that are no longer in the source (to delete). */
  gone: LinkedUserRow[];
  /** Users gone from the source that were never provisioned (only forgotten). */
  forgotten: string[];
}

/** Compares the source with the stored state. */
export function detectChanges(
  records: readonly SourceRecord[],
  known: ReadonlyMap<string, UserRow>,
  escrow: ReadonlyMap<string, EscrowRow>,
  opts: { full: boolean; now: Date; ignoreBackoff?: boolean },
): ChangeSet {
  const out: ChangeSet = { work: [], unchanged: 0, waiting: 0, gone: [], forgotten: [] };
  const present = new Set<string>();
  for (const record of records) {
    present.add(record.id);
    const hash = recordHash(record);
    const esc = escrow.get(record.id);
    if (!opts.ignoreBackoff && esc && !isDue(esc, opts.now)) {
      out.waiting++;
      continue;
    }
    const row = known.get(record.id);
    if (opts.full || esc || !row || row.hash !== hash) out.work.push({ record, hash });
    else out.unchanged++;
  }
  for (const row of known.values()) {
    if (present.has(row.sourceId)) continue;
    if (row.targetId === null || row.state === 'outOfScope') out.forgotten.push(row.sourceId);
    else {
      const esc = escrow.get(row.sourceId);
      if (!opts.ignoreBackoff && esc && !isDue(esc, opts.now)) out.waiting++;
      else out.gone.push({ ...row, targetId: row.targetId });
    }
  }
  return out;
}
