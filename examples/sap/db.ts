// The stand-in's SQLite database: DIR/app.db in WAL mode. One row per user, keyed by the user name (as USR02 is
// keyed by BNAME); the BAPI structures are kept as JSON objects of their fields.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The open database handle. */
export type Db = Database.Database;

// Each entry upgrades the schema by one version; append, never edit a released entry.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    bname       TEXT PRIMARY KEY,            -- the user name: upper case, at most 12 characters
    address     TEXT NOT NULL DEFAULT '{}',  -- BAPIADDR3 fields (JSON), only non-empty ones
    logondata   TEXT NOT NULL DEFAULT '{}',  -- BAPILOGOND fields (JSON), only non-empty ones
    company     TEXT NOT NULL DEFAULT '',    -- BAPIUSCOMP-COMPANY
    pwd_hash    TEXT,                        -- scrypt$N$r$p$salt$hash, never the password
    pwd_state   TEXT CHECK (pwd_state IN ('initial', 'productive')),
    created_at  TEXT NOT NULL,
    modified_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
];

/** Opens (creating the folder and the file) and migrates DIR/app.db. */
export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'app.db'), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32768');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** The current time, ISO 8601 UTC. */
export function now(): string {
  return new Date().toISOString();
}
