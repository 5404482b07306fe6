// The SQLite database of an example application: one file in its data folder, WAL mode, the schema versioned with
// user_version and brought up to date by an ordered list of migrations. Shared by the example apps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** An open database handle. */
export type Db = Database.Database;

/** How an example opens its database. */
export interface ExampleDbOptions {
  /** File name inside the data folder, e.g. app.db. */
  file: string;
  /** Migrations in order: entry i brings the schema to version i + 1 (append, never edit a released one). */
  migrations: readonly string[];
  foreignKeys?: boolean;
  /** Page cache in KiB (SQLite's default otherwise). */
  cacheKiB?: number;
  tempStoreMemory?: boolean;
}

/** Opens (creating the folder and the file) and migrates DIR/file. */
export function openExampleDb(dataDir: string, o: ExampleDbOptions): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, o.file), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode never corrupts; a power cut may lose the last commits, acceptable for an example app.
  db.pragma('synchronous = NORMAL');
  if (o.foreignKeys) db.pragma('foreign_keys = ON');
  if (o.cacheKiB) db.pragma(`cache_size = -${o.cacheKiB}`);
  if (o.tempStoreMemory) db.pragma('temp_store = MEMORY');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < o.migrations.length; v++) {
    db.transaction(() => {
      db.exec(o.migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/** The current time as stored: ISO 8601 UTC with milliseconds, so text order is time order. */
export function now(): string {
  return new Date().toISOString();
}

/** True for SQLite's unique-constraint failure (a name already taken). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
