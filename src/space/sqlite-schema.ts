// The SQLite connector space schema as an ordered list of migrations: a database records the version it
// reached, and opening it applies only the migrations after that, each in its own transaction.
import type Database from 'better-sqlite3';
import { FerryError } from '../errors/catalogue.ts';
import { latencyClassSql } from './latency-buckets.ts';

/** Migrations in order; index + 1 is the schema version a migration brings the database to. Append only. */
export const MIGRATIONS: readonly string[] = [
  `
  -- One row per connector space (connector, object type): objects and index rows carry its small id instead
  -- of the two names, which keeps the tables and the index about half as large.
  CREATE TABLE spaces (
    id                 INTEGER PRIMARY KEY,
    connector          TEXT NOT NULL,
    object_type        TEXT NOT NULL,
    watermark          TEXT,
    generation         INTEGER NOT NULL DEFAULT 0, -- the full import begun last; objects written meanwhile get it
    generation_started TEXT,
    UNIQUE (connector, object_type)
  );

  -- A rowid table (rows hold whole JSON documents, too large for WITHOUT ROWID); index rows refer to the rowid.
  CREATE TABLE objects (
    id         INTEGER PRIMARY KEY,
    space      INTEGER NOT NULL REFERENCES spaces (id),
    anchor     TEXT NOT NULL,
    dn         TEXT NOT NULL,
    attributes TEXT NOT NULL,      -- canonical JSON (sorted keys), so equal objects have equal text
    version    INTEGER NOT NULL,
    created    TEXT NOT NULL,
    modified   TEXT NOT NULL,
    generation INTEGER NOT NULL,   -- the full import generation that last saw or wrote the object
    UNIQUE (space, anchor)
  );

  -- One row per (attribute, lower-cased value) of every object: findByAttribute is a single index seek.
  -- Rows are removed by recomputing them from the object's stored attributes (attribute-values.ts), which
  -- saves a second index; a change to how index keys are computed needs a migration that rebuilds this table.
  CREATE TABLE attr_index (
    space  INTEGER NOT NULL,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,
    object INTEGER NOT NULL,
    PRIMARY KEY (space, name, value, object)
  ) WITHOUT ROWID;

  -- AUTOINCREMENT: ids are never reused after a prune, so beforeId paging stays stable.
  CREATE TABLE provisioning_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    time        TEXT NOT NULL,
    connector   TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object      TEXT,
    action      TEXT NOT NULL,
    status      TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    steps       TEXT,
    error       TEXT,
    request_id  TEXT
  );
  -- The queries of LogQuery, all newest first (by id).
  CREATE INDEX provisioning_log_connector ON provisioning_log (connector, id);
  CREATE INDEX provisioning_log_object ON provisioning_log (object, id);
  CREATE INDEX provisioning_log_status ON provisioning_log (status, id);
  CREATE INDEX provisioning_log_time ON provisioning_log (time);
  `,
  `
  -- The attributes a space indexes for findByAttribute (JSON list; NULL = every attribute). Fewer index rows make
  -- large imports several times faster; the host names the attributes it looks objects up by.
  ALTER TABLE spaces ADD COLUMN indexed TEXT;
  `,
  `
  -- An attribute holding the object's own anchor (already lower case, plain name) is found through the objects'
  -- anchor index; its attr_index rows are redundant and are no longer written (attribute-values.ts isAnchorEntry).
  DELETE FROM attr_index
  WHERE instr(name, '"') = 0 AND instr(name, '\\') = 0
    AND EXISTS (
      SELECT 1 FROM objects o
      WHERE o.id = attr_index.object AND o.anchor = attr_index.value
        AND json_type(o.attributes, '$."' || attr_index.name || '"') = 'text'
        AND json_extract(o.attributes, '$."' || attr_index.name || '"') = o.anchor
    );
  `,
  `
  -- Provisioning activity per minute, connector and result, kept up to date with every append (sqlite-log.ts):
  -- the console's dashboard reads at most 1,440 rows per connector and result for a day instead of aggregating
  -- every log record of it. Rebuilt from the records already there (so replaying the migration is harmless).
  CREATE TABLE IF NOT EXISTS provisioning_activity (
    minute    TEXT NOT NULL, -- the record time's first 16 characters: 2030-01-01T00:00
    connector TEXT NOT NULL,
    status    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    total_ms  REAL NOT NULL,
    max_ms    REAL NOT NULL,
    PRIMARY KEY (minute, connector, status)
  ) WITHOUT ROWID;
  DELETE FROM provisioning_activity;
  INSERT INTO provisioning_activity (minute, connector, status, n, total_ms, max_ms)
    SELECT substr(time, 1, 16), connector, status, count(*), sum(duration_ms), max(duration_ms)
    FROM provisioning_log GROUP BY 1, 2, 3;
  `,
  `
  -- Provisioning latency per minute and connector, counted in classes (latency-buckets.ts), for the dashboard's
  -- percentiles. Rebuilt from the records already there.
  CREATE TABLE IF NOT EXISTS provisioning_latency (
    minute    TEXT NOT NULL,
    connector TEXT NOT NULL,
    class     INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (minute, connector, class)
  ) WITHOUT ROWID;
  DELETE FROM provisioning_latency;
  INSERT INTO provisioning_latency (minute, connector, class, n)
    SELECT substr(time, 1, 16), connector, ${latencyClassSql('duration_ms')}, count(*)
    FROM provisioning_log GROUP BY 1, 2, 3;
  `,
];

/** Brings a database to the latest schema version; refuses one written by a newer Ferry. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > MIGRATIONS.length) {
    throw new FerryError(
      'internal',
      `The connector space database has schema version ${current}; this Ferry knows up to ${MIGRATIONS.length}. Upgrade Ferry.`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v + 1);
    })();
  }
  return MIGRATIONS.length;
}
