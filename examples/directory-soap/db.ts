// The directory's SQLite database: one file (DIR/directory.db) in WAL mode, schema versioned with user_version.
import { openExampleDb, type Db } from '../shared/db.ts';

export { isUniqueViolation, now, type Db } from '../shared/db.ts';

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

/** Opens (creating the folder and the file) and migrates DIR/directory.db. */
export function openDb(dataDir: string): Db {
  return openExampleDb(dataDir, { file: 'directory.db', migrations: MIGRATIONS, foreignKeys: true });
}
