// Inserts of many new objects and their index rows with one statement per chunk: statement calls, not B-tree
// work, were a large part of writing a first import (each call crosses into SQLite and back).
import type Database from 'better-sqlite3';
import { entriesStart, type PreparedPage } from './attribute-values.ts';

/** Objects per multi-row statement (7 parameters each). */
const CHUNK = 50;
/** Index rows per multi-row statement (4 parameters each; SQLite allows 32,766 parameters). */
const INDEX_CHUNK = 500;

/** Multi-row inserts of new objects, with statements prepared once per row count. */
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
    for (let from = 0; from < page.anchors.length; from += CHUNK) {
      const to = Math.min(from + CHUNK, page.anchors.length);
      const params: (string | number)[] = [];
      for (let i = from; i < to; i++) params.push(space, page.anchors[i], page.dns[i], page.jsons[i], now, now, generation);
      const rows = this.objects(to - from).all(params) as { id: number; anchor: string }[];
      if (rows.length === 0) continue;
      const ids = new Map(rows.map((r) => [r.anchor, r.id]));
      const index: (string | number)[] = [];
      for (let i = from; i < to; i++) {
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
      if (index.length > 0) this.index(index.length / 4).run(index);
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
