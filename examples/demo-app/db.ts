// The application's SQLite database: one file (DIR/app.db) in WAL mode, schema versioned with user_version.
import { openExampleDb, type Db } from '../shared/db.ts';

export { isUniqueViolation, now, type Db } from '../shared/db.ts';

// Each entry upgrades the schema by one version; never edit an entry once released, append a new one.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE accounts (
    num           INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: numbers (and so ids) are never reused
    login         TEXT NOT NULL,
    login_key     TEXT NOT NULL UNIQUE,                -- lower-cased login: uniqueness ignores case
    first_name    TEXT,
    last_name     TEXT,
    display_name  TEXT,
    department    TEXT,
    job_title     TEXT,
    employee_no   TEXT,
    city          TEXT,
    company       TEXT,
    expires_on    TEXT,                                -- YYYY-MM-DD
    manager_num   INTEGER REFERENCES accounts(num),
    emails        TEXT NOT NULL DEFAULT '[]',          -- JSON [{kind, address}]
    phones        TEXT NOT NULL DEFAULT '[]',          -- JSON [{kind, number}]
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    password_hash TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX accounts_manager ON accounts(manager_num) WHERE manager_num IS NOT NULL;
  -- No index on updated_at: lists walk the primary key in id order and filter, so paging stays a key range scan.

  CREATE TABLE teams (
    num         INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
  );

  CREATE TABLE members (
    team_num    INTEGER NOT NULL REFERENCES teams(num) ON DELETE CASCADE,
    account_num INTEGER NOT NULL REFERENCES accounts(num) ON DELETE CASCADE,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (team_num, account_num)
  ) WITHOUT ROWID;
  CREATE INDEX members_account ON members(account_num);

  -- The changes feed: one row per change, the sequence is the delta watermark clients keep.
  CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    type       TEXT NOT NULL CHECK (type IN ('account', 'team', 'membership')),
    id         TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    account_id TEXT,                                   -- memberships: the member (id is the team)
    at         TEXT NOT NULL
  );
  `,
];

/** Opens (creating the folder and the file) and migrates DIR/app.db. */
export function openDb(dataDir: string): Db {
  return openExampleDb(dataDir, {
    file: 'app.db',
    migrations: MIGRATIONS,
    foreignKeys: true,
    cacheKiB: 32768,
    tempStoreMemory: true,
  });
}

/** Runs `fn` in one transaction (better-sqlite3 is synchronous, so nothing interleaves with it). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn)();
}
