// The stand-in's SQLite database: DIR/app.db in WAL mode. One row per user, keyed by the user name (as USR02 is
// keyed by BNAME); the BAPI structures are kept as JSON objects of their fields.
import { openExampleDb, type Db } from '../shared/db.ts';

export { now, type Db } from '../shared/db.ts';

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
  return openExampleDb(dataDir, { file: 'app.db', migrations: MIGRATIONS, cacheKiB: 32768 });
}
