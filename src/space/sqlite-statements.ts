// Every statement of the SQLite connector space, prepared once per connection (preparing costs more than running).
import type Database from 'better-sqlite3';

/** What a write needs to know of the stored object. */
export interface MetaRow {
  id: number;
  anchor: string;
  dn: string;
  attributes: string;
  version: number;
  created: string;
  generation: number;
}

const OBJECT_COLUMNS = 'anchor, dn, attributes, version, created, modified';
const META_COLUMNS = 'id, anchor, dn, attributes, version, created, generation';

/** Prepares the store's statements on a migrated database. */
export function prepareStatements(db: Database.Database) {
  return {
    getSpace: db.prepare('SELECT id FROM spaces WHERE connector = ? AND object_type = ?'),
    insertSpace: db.prepare('INSERT INTO spaces (connector, object_type) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    getGeneration: db.prepare('SELECT generation FROM spaces WHERE id = ?'),
    beginImport: db.prepare(
      'UPDATE spaces SET generation = generation + 1, generation_started = ? WHERE id = ? RETURNING generation',
    ),
    anyObject: db.prepare('SELECT 1 FROM objects WHERE space = ? LIMIT 1'),
    getWatermark: db.prepare('SELECT watermark FROM spaces WHERE id = ?'),
    setWatermark: db.prepare('UPDATE spaces SET watermark = ? WHERE id = ?'),

    getObject: db.prepare(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE space = ? AND anchor = ?`),
    getMeta: db.prepare(`SELECT ${META_COLUMNS} FROM objects WHERE space = ? AND anchor = ?`),
    // Rows as arrays (RawObjectRow): Entra's matching query runs this once per read, and an object per row
    // cost about a sixth of the lookup.
    findByValue: db
      .prepare(
        `SELECT o.anchor, o.dn, o.attributes, o.version, o.created, o.modified
         FROM attr_index i JOIN objects o ON o.id = i.object
         WHERE i.space = ? AND i.name = ? AND i.value = ?`,
      )
      .raw(true),
    // The same, and the object whose anchor is the value (an attribute holding its own object's anchor has no
    // index row), marked by a last column of 1: one statement, so one read transaction (two file locks, not four)
    // for Entra's matching query.
    findByValueOrAnchor: db
      .prepare(
        `SELECT o.anchor, o.dn, o.attributes, o.version, o.created, o.modified, 0
         FROM attr_index i JOIN objects o ON o.id = i.object
         WHERE i.space = ? AND i.name = ? AND i.value = ?
         UNION ALL
         SELECT ${OBJECT_COLUMNS}, 1 FROM objects WHERE space = ? AND anchor = ?`,
      )
      .raw(true),
    scanFirst: db.prepare(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE space = ? ORDER BY anchor LIMIT ?`),
    scanAfter: db.prepare(
      `SELECT ${OBJECT_COLUMNS} FROM objects WHERE space = ? AND anchor > ? ORDER BY anchor LIMIT ?`,
    ),
    count: db.prepare('SELECT COUNT(*) AS n FROM objects WHERE space = ?'),
    countStale: db.prepare('SELECT COUNT(*) AS n FROM objects WHERE space = ? AND generation <> ?'),
    staleObjects: db.prepare(`SELECT ${META_COLUMNS} FROM objects WHERE space = ? AND generation <> ?`),

    insertObject: db.prepare(
      `INSERT INTO objects (space, anchor, dn, attributes, version, created, modified, generation)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateObject: db.prepare(
      'UPDATE objects SET dn = ?, attributes = ?, version = ?, modified = ?, generation = ? WHERE id = ?',
    ),
    stampGeneration: db.prepare('UPDATE objects SET generation = ? WHERE id = ?'),
    renameObject: db.prepare('UPDATE objects SET anchor = ?, dn = ?, version = version + 1, modified = ? WHERE id = ?'),
    deleteObject: db.prepare('DELETE FROM objects WHERE id = ?'),

    insertIndex: db.prepare('INSERT OR IGNORE INTO attr_index (space, name, value, object) VALUES (?, ?, ?, ?)'),
    deleteIndex: db.prepare('DELETE FROM attr_index WHERE space = ? AND name = ? AND value = ? AND object = ?'),
  };
}
