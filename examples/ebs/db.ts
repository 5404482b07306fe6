// The stand-in's SQLite database (DIR/ebs.db): FND_USER, FND_RESPONSIBILITY and FND_USER_RESP_GROUPS_DIRECT in
// miniature, with dates as ISO 8601 UTC text so that text order is time order.
import { openExampleDb, type Db } from '../shared/db.ts';

export { isUniqueViolation, now, type Db } from '../shared/db.ts';

// Each entry upgrades the schema by one version; never edit an entry once released, append a new one.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE fnd_user (
    user_id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name              TEXT NOT NULL UNIQUE,       -- upper case, as FND_USER_PKG stores it
    description            TEXT,
    email_address          TEXT,
    fax                    TEXT,
    employee_id            INTEGER,
    start_date             TEXT NOT NULL,
    end_date               TEXT,                       -- NULL: no end; in the past: the user cannot sign on
    password_hash          TEXT,
    password_date          TEXT,
    password_lifespan_days INTEGER,
    created_by             TEXT NOT NULL,
    creation_date          TEXT NOT NULL,
    last_update_date       TEXT NOT NULL
  );
  CREATE TABLE fnd_responsibility (
    responsibility_id      INTEGER PRIMARY KEY,
    application_short_name TEXT NOT NULL,
    responsibility_key     TEXT NOT NULL,
    responsibility_name    TEXT NOT NULL,
    description            TEXT,
    UNIQUE (application_short_name, responsibility_key)
  );
  CREATE TABLE fnd_user_resp_groups (
    user_id           INTEGER NOT NULL REFERENCES fnd_user(user_id),
    responsibility_id INTEGER NOT NULL REFERENCES fnd_responsibility(responsibility_id),
    security_group    TEXT NOT NULL,
    description       TEXT,
    start_date        TEXT NOT NULL,
    end_date          TEXT,                            -- DelResp end-dates a row; it is never deleted
    PRIMARY KEY (user_id, responsibility_id, security_group)
  ) WITHOUT ROWID;
  CREATE INDEX resp_users ON fnd_user_resp_groups(responsibility_id, user_id);
  `,
];

/** Opens (creating the folder and the file) and migrates DIR/ebs.db. */
export function openDb(dataDir: string): Db {
  return openExampleDb(dataDir, { file: 'ebs.db', migrations: MIGRATIONS, foreignKeys: true });
}
