// The directory's SQLite database: one file (DIR/directory.db) in WAL mode, schema versioned with user_version.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The open database handle. */
export type Db = Database.Database;

// Each entry upgrades the schema by one version; never edit an entry once released, append a new one.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE people (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,   -- paging order; AUTOINCREMENT: never reused
    person_id     TEXT NOT NULL UNIQUE,                -- what clients see: a GUID, unrelated to the order
    account_name  TEXT NOT NULL UNIQUE COLLATE NOCASE, -- the directory name: unique whatever the case
    display_name  TEXT,
    given_name    TEXT,
    surname       TEXT,
    mail          TEXT,
    phone         TEXT,
    title         TEXT,
    enabled       INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT,
    created       TEXT NOT NULL,
    modified      TEXT NOT NULL
  );
  CREATE TABLE groups (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT,
    created     TEXT NOT NULL,
    modified    TEXT NOT NULL
  );
  CREATE TABLE members (
    group_seq  INTEGER NOT NULL REFERENCES groups(seq) ON DELETE CASCADE,
    person_seq INTEGER NOT NULL REFERENCES people(seq) ON DELETE CASCADE,
    PRIMARY KEY (group_seq, person_seq)
  ) WITHOUT ROWID;
  CREATE INDEX members_person ON members(person_seq);
  `,
];

/** Opens (creating the folder and file) and migrates DIR/directory.db. */
export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'directory.db'), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode never corrupts; a power cut may lose the last commits, acceptable for a stand-in.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** The current time as stored: ISO 8601 UTC, so text order is time order. */
export function now(): string {
  return new Date().toISOString();
}

/** True for SQLite's unique-constraint failure (a name already taken). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
