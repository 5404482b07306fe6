// The application's SQLite database: one file (DIR/app.db) in WAL mode, schema versioned with user_version.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The open database handle. */
export type Db = Database.Database;

const BUSY_TIMEOUT_MS = 5000;

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

/** Opens (creating the folder and file) and migrates DIR/app.db. */
export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'app.db'), { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode never corrupts; a power cut may lose the last commits, acceptable for a demo app.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -32768');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Runs `fn` in one transaction (better-sqlite3 is synchronous, so nothing interleaves with it). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn)();
}

/** The current time as stored: ISO 8601 UTC with milliseconds, so text order is time order. */
export function now(): string {
  return new Date().toISOString();
}

/** True for SQLite's unique-constraint failure (duplicate login or team name). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
