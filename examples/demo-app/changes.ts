// The changes feed behind delta import: every write appends rows in the same transaction as the write itself,
// so the feed can never miss or invent a change.
import type { Db } from './db.ts';
import { invalid } from './errors.ts';

/** What changed. */
export type ChangeType = 'account' | 'team' | 'membership';
/** How it changed: created or updated, or deleted. */
export type ChangeOp = 'upsert' | 'delete';

/** One entry of the feed. Memberships name the team in `id` and the member in `account_id`. */
export interface Change {
  seq: number;
  type: ChangeType;
  id: string;
  op: ChangeOp;
  account_id?: string;
  at: string;
}

interface ChangeRow {
  seq: number;
  type: ChangeType;
  id: string;
  op: ChangeOp;
  account_id: string | null;
  at: string;
}

/** Default and largest page of the feed. */
export const CHANGES_DEFAULT_LIMIT = 500;
export const CHANGES_MAX_LIMIT = 1000;

/** Appends to and reads the changes table. */
export class ChangeLog {
  private readonly insert;
  private readonly after;
  private readonly latest;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO changes (type, id, op, account_id, at) VALUES (?, ?, ?, ?, ?)');
    this.after = db.prepare('SELECT seq, type, id, op, account_id, at FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
    this.latest = db.prepare("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0) AS seq");
  }

  /** Records one change (call inside the transaction of the write it describes). */
  record(type: ChangeType, id: string, op: ChangeOp, at: string, accountId?: string): void {
    this.insert.run(type, id, op, accountId ?? null, at);
  }

  /** Changes after `since`, oldest first; `next_since` is the watermark to ask with next time. */
  read(since: number, limit: number): { data: Change[]; next_since: number } {
    const rows = this.after.all(since, limit) as ChangeRow[];
    const data = rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      id: r.id,
      op: r.op,
      ...(r.account_id === null ? {} : { account_id: r.account_id }),
      at: r.at,
    }));
    return { data, next_since: rows.length ? rows[rows.length - 1].seq : since };
  }

  /** The newest sequence number (0 for none): take it before a full import to start deltas from there. */
  latestSeq(): number {
    return (this.latest.get() as { seq: number }).seq;
  }
}

/** The `since` query parameter: a sequence number ≥ 0, default 0. */
export function parseSince(value: string | null): number {
  if (value === null || value === '') return 0;
  if (!/^\d{1,15}$/.test(value))
    throw invalid('since', 'since must be a sequence number (an integer ≥ 0)', 'invalid_parameter');
  return Number(value);
}
