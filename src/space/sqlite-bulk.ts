// Inserts of many new objects and their index rows with one statement per chunk: statement calls, not B-tree
// work, were a large part of writing a first import (each call crosses into SQLite and back).
import type Database from 'better-sqlite3';
import { entriesStart, type PreparedPage } from './attribute-values.ts';

/** Objects per multi-row statement (7 parameters each). */
const CHUNK = 50;
/** Index rows per multi-row statement (4 parameters each; SQLite allows 32,766 parameters). */
const INDEX_CHUNK = 500;

/**
 * The row counts to insert `n` rows with: whole chunks of `max`, then powers of two. Statements are prepared per
 * row count and kept, and one with hundreds of rows holds a large compiled program (500 index-row variants
 * took 54 MB): a page's remainder in powers of two needs about ten variants instead of one per count.
 */
export function rowCounts(n: number, max: number): number[] {
  const out: number[] = [];
  let left = n;
  for (; left >= max; left -= max) out.push(max);
  for (let p = 2 ** Math.floor(Math.log2(max)); left > 0; p >>= 1) {
    if (left >= p) {
      out.push(p);
      left -= p;
    }
  }
  return out;
}

/** Multi-row inserts of new objects, with statements prepared once per row count (see rowCounts). */
export class BulkInserter {
  private readonly objectStatements = new Map<number, Database.Statement>();
  private readonly indexStatements = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Inserts the page's objects whose anchors are free (version 1, stamped with the generation) and their index
   * rows. `done[i]` tells which were inserted; the caller handles the others one by one.
   */
  insertNew(space: number, page: PreparedPage, generation: number): { count: number; done: boolean[] } {
    const now = new Date().toISOString();
    const done = new Array<boolean>(page.anchors.length).fill(false);
    let count = 0;
    const index: (string | number)[] = [];
    let from = 0;
    for (const size of rowCounts(page.anchors.length, CHUNK)) {
      const to = from + size;
      const params: (string | number)[] = [];
      for (let i = from; i < to; i++)
        params.push(space, page.anchors[i], page.dns[i], page.jsons[i], now, now, generation);
      const rows = this.objects(size).all(params) as { id: number; anchor: string }[];
      const ids = new Map(rows.map((r) => [r.anchor, r.id]));
      for (let i = from; i < to && ids.size > 0; i++) {
        const id = ids.get(page.anchors[i]);
        if (id === undefined) continue;
        // An anchor twice within the chunk: its first occurrence was inserted, the later ones are updates.
        ids.delete(page.anchors[i]);
        done[i] = true;
        count++;
        for (let k = entriesStart(page, i); k < page.ends[i]; k++) {
          index.push(space, page.names[k], page.keys[k], id);
          if (index.length === INDEX_CHUNK * 4) this.index(INDEX_CHUNK).run(index.splice(0));
        }
      }
      from = to;
    }
    let at = 0;
    for (const size of rowCounts(index.length / 4, INDEX_CHUNK)) {
      this.index(size).run(index.slice(at, at + size * 4));
      at += size * 4;
    }
    return { count, done };
  }

  private objects(n: number): Database.Statement {
    let st = this.objectStatements.get(n);
    if (!st) {
      const values = Array.from({ length: n }, () => '(?, ?, ?, ?, 1, ?, ?, ?)').join(', ');
      st = this.db.prepare(
        `INSERT INTO objects (space, anchor, dn, attributes, version, created, modified, generation) VALUES ${values}
         ON CONFLICT (space, anchor) DO NOTHING RETURNING id, anchor`,
      );
      this.objectStatements.set(n, st);
    }
    return st;
  }

  private index(n: number): Database.Statement {
    let st = this.indexStatements.get(n);
    if (!st) {
      const values = Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ');
      st = this.db.prepare(`INSERT OR IGNORE INTO attr_index (space, name, value, object) VALUES ${values}`);
      this.indexStatements.set(n, st);
    }
    return st;
  }
}
