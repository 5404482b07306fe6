// The default connector space backend: one SQLite file per host (WAL, so readers never wait for the writer).
// better-sqlite3 is synchronous: each method does its work at once and returns a settled promise.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Attributes } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import { PageWriter } from './sqlite-writer.ts';
import {
  MAX_INDEXED_LENGTH,
  canonicalJson,
  hasValue,
  indexEntries,
  indexKey,
  isAnchorEntry,
  preparePage,
  preparedEntries,
  type PreparedPage,
} from './attribute-values.ts';
import { migrate } from './sqlite-schema.ts';
import { SqliteLog } from './sqlite-log.ts';
import { prepareStatements, type MetaRow } from './sqlite-statements.ts';
import { BulkInserter } from './sqlite-bulk.ts';
import type { LogQuery, ProvisioningLogStore, ProvisioningRecord } from './log-store.ts';
import { parseGeneration, spaceObject, toSpaceObject, type ObjectRow, type RawObjectRow } from './space-rows.ts';
import type { ScanOptions, SpaceObject, SpaceStore, UpsertReport } from './store.ts';

/** A row of findByValueOrAnchor: an object row and 1 when it came from the anchor's index, else 0. */
type AnchorMarkedRow = [...RawObjectRow, 0 | 1];

/** How long a writer waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
/** Pages at least this large go to the writer thread; small ones are cheaper on this connection. */
const WRITER_MIN_PAGE = 100;

type PageObject = { anchor: string; dn: string; attributes: Attributes };

/** One prepared page to write, with its options. */
export interface PreparedWrite extends PreparedWriteOptions {
  connector: string;
  objectType: string;
  generation: string | undefined;
  page: PreparedPage;
}

/** How upsertPrepared writes: the index set the main connection knows, and whether the space was empty. */
export interface PreparedWriteOptions {
  /** The indexed attributes as the main connection knows them ('all': every attribute); absent: this connection's. */
  indexed?: string[] | 'all';
  /** The page belongs to a full import that began on an empty space. */
  fresh?: boolean;
}

/** The connector spaces and the provisioning log of a host in one SQLite database file. */
export class SqliteSpaceStore implements SpaceStore, ProvisioningLogStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly bulk: BulkInserter;
  private readonly log: SqliteLog;
  /** Space ids by connector + type; rows of `spaces` are never deleted, so entries never go stale. */
  private readonly spaceIds = new Map<string, number>();
  private readonly inTransaction: <T>(fn: () => T) => T;

  /** Per space id: the indexed attribute names (absent = all). */
  private readonly indexed = new Map<number, ReadonlySet<string> | undefined>();

  private writer: PageWriter | undefined;
  /** useWriterThread was called: the writer starts with the first page large enough for it. */
  private wantWriter = false;
  /** Per space: the full import generation that began on an empty space (its pages skip the lookups). */
  private readonly freshImports = new Map<number, string>();

  private constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    migrate(db);
    this.statements = prepareStatements(db);
    this.bulk = new BulkInserter(db);
    this.log = new SqliteLog(db);
    const tx = db.transaction((fn: () => unknown) => fn());
    this.inTransaction = <T>(fn: () => T) => tx(fn) as T;
  }

  /** Opens (creating folders and file) and migrates a store; ':memory:' gives a throwaway one. */
  static open(file: string): SqliteSpaceStore {
    const memory = file === ':memory:';
    if (!memory) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      makePrivate(file);
    }
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    if (!memory) db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts; the space is rebuilt by import.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Up to 16 MiB of page cache (allocated as used), and fewer checkpoints (each one syncs) during big imports.
    db.pragma('cache_size = -16384');
    db.pragma('wal_autocheckpoint = 4000');
    db.pragma('temp_store = MEMORY');
    return new SqliteSpaceStore(db, file);
  }

  get(connector: string, objectType: string, anchor: string): Promise<SpaceObject | undefined> {
    const space = this.findSpace(connector, objectType);
    const row =
      space === undefined ? undefined : (this.statements.getObject.get(space, anchor) as ObjectRow | undefined);
    return Promise.resolve(row && toSpaceObject(connector, objectType, row));
  }

  findByAttribute(connector: string, objectType: string, name: string, value: string): Promise<SpaceObject[]> {
    const space = this.findSpace(connector, objectType);
    if (space === undefined) return Promise.resolve([]);
    const key = indexKey(value);
    // An attribute holding its object's own anchor has no index row: the anchor's index finds it (rows marked 1).
    const only = this.indexOnly(space);
    const rows =
      !only || only.has(name)
        ? (this.statements.findByValueOrAnchor.all(space, name, key, space, key) as (RawObjectRow | AnchorMarkedRow)[])
        : (this.statements.findByValue.all(space, name, key) as RawObjectRow[]);
    let found: SpaceObject[] = [];
    for (const r of rows) {
      if (r[6] !== 1) found.push(spaceObject(connector, objectType, r));
      else if (!found.some((o) => o.anchor === r[0])) {
        const o = spaceObject(connector, objectType, r);
        if (isAnchorEntry(name, o.attributes[name], o.anchor)) found.push(o);
      }
    }
    // The index holds prefixes of long values: only then can a hit be a different value.
    if (value.toLowerCase().length > MAX_INDEXED_LENGTH)
      found = found.filter((o) => hasValue(o.attributes, name, value));
    return Promise.resolve(found);
  }

  scan(connector: string, objectType: string, opts: ScanOptions = {}): Promise<SpaceObject[]> {
    const space = this.findSpace(connector, objectType);
    if (space === undefined) return Promise.resolve([]);
    const limit = opts.limit ?? -1;
    const rows = (
      opts.afterAnchor === undefined
        ? this.statements.scanFirst.all(space, limit)
        : this.statements.scanAfter.all(space, opts.afterAnchor, limit)
    ) as ObjectRow[];
    return Promise.resolve(rows.map((r) => toSpaceObject(connector, objectType, r)));
  }

  count(connector: string, objectType: string): Promise<number> {
    const space = this.findSpace(connector, objectType);
    return Promise.resolve(space === undefined ? 0 : (this.statements.count.get(space) as { n: number }).n);
  }

  put(connector: string, objectType: string, anchor: string, dn: string, attributes: Attributes): Promise<SpaceObject> {
    return settle(() =>
      this.inTransaction(() => {
        const space = this.space(connector, objectType);
        const generation = this.currentGeneration(space);
        const json = canonicalJson(attributes);
        const row = this.write(
          space,
          anchor,
          dn,
          indexEntries(attributes, anchor, this.indexOnly(space)),
          json,
          generation,
          this.meta(space, anchor),
        );
        return toSpaceObject(connector, objectType, row);
      }),
    );
  }

  remove(connector: string, objectType: string, anchor: string): Promise<boolean> {
    return settle(() =>
      this.inTransaction(() => {
        const space = this.findSpace(connector, objectType);
        const old = space === undefined ? undefined : this.meta(space, anchor);
        if (space === undefined || !old) return false;
        this.deleteObject(space, old);
        return true;
      }),
    );
  }

  rename(connector: string, objectType: string, from: string, to: string, dn: string): Promise<void> {
    return settle(() =>
      this.inTransaction(() => {
        const space = this.findSpace(connector, objectType);
        const old = space === undefined ? undefined : this.meta(space, from);
        if (space === undefined || !old) {
          throw new FerryError(
            'not_found',
            `Cannot rename ${objectType} "${from}" of ${connector}: it is not in the connector space.`,
          );
        }
        if (from !== to && this.meta(space, to)) {
          throw new FerryError(
            'uniqueness',
            `Cannot rename ${objectType} "${from}" of ${connector} to "${to}": that anchor is taken.`,
          );
        }
        this.statements.renameObject.run(to, dn, new Date().toISOString(), old.id);
        // Index rows point at the row id, which a rename keeps; only an attribute that held the old (or holds the
        // new) anchor changes entries (see isAnchorEntry).
        const attributes = JSON.parse(old.attributes) as Attributes;
        this.reindex(
          space,
          old.id,
          indexEntries(attributes, from, this.indexOnly(space)),
          indexEntries(attributes, to, this.indexOnly(space)),
        );
      }),
    );
  }

  beginFullImport(connector: string, objectType: string): Promise<string> {
    // The writer thread boots (about 100 ms of module loading) while the application answers the first query,
    // not after its first page arrived.
    if (this.wantWriter && !this.writer) this.writer = new PageWriter(this.file);
    return settle(() =>
      this.inTransaction(() => {
        const space = this.space(connector, objectType);
        const row = this.statements.beginImport.get(new Date().toISOString(), space) as { generation: number };
        const generation = String(row.generation);
        if (!this.statements.anyObject.get(space)) this.freshImports.set(space, generation);
        else this.freshImports.delete(space);
        return generation;
      }),
    );
  }

  upsertPage(
    connector: string,
    objectType: string,
    generation: string | undefined,
    objects: PageObject[],
  ): Promise<UpsertReport> {
    let page: PreparedPage;
    let only: ReadonlySet<string> | undefined;
    try {
      only = this.indexOnly(this.space(connector, objectType));
      page = preparePage(objects, only);
    } catch (e) {
      return Promise.reject(e);
    }
    const fresh = this.isFresh(connector, objectType, generation);
    // Big pages go to the writer thread (when there is one): the main thread goes on with the next page.
    // Started by the first full import (or a delta's first big page), not with the store: a host that only
    // serves reads keeps no second isolate.
    if (this.wantWriter && !this.writer && objects.length >= WRITER_MIN_PAGE) this.writer = new PageWriter(this.file);
    if (this.writer?.alive && objects.length >= WRITER_MIN_PAGE) {
      return this.writer.write({ connector, objectType, generation, page, indexed: only ? [...only] : 'all', fresh });
    }
    return this.upsertPrepared(connector, objectType, generation, page, { fresh });
  }

  /** True for a page of the full import that began on an empty space (noted by beginFullImport on this connection). */
  private isFresh(connector: string, objectType: string, generation: string | undefined): boolean {
    const space = this.findSpace(connector, objectType) ?? -1;
    const fresh = this.freshImports.get(space);
    if (fresh === undefined || generation === undefined) return false;
    // A page of an older import still running: what it writes may be stale for the fresh one, which must sweep.
    if (fresh !== generation) this.freshImports.delete(space);
    return fresh === generation;
  }

  /** Writes a prepared page on this connection in one transaction. */
  upsertPrepared(
    connector: string,
    objectType: string,
    generation: string | undefined,
    page: PreparedPage,
    opts: PreparedWriteOptions = {},
  ): Promise<UpsertReport> {
    return settle(() =>
      this.inTransaction(() => this.writePrepared({ connector, objectType, generation, page, ...opts })),
    );
  }

  /**
   * Writes several prepared pages in one transaction (the writer thread passes all the pages waiting for it):
   * one commit for many pages writes each changed B-tree page once, not once per import page. All or none.
   */
  upsertPreparedBatch(pages: PreparedWrite[]): UpsertReport[] {
    return this.inTransaction(() => pages.map((p) => this.writePrepared(p)));
  }

  private writePrepared(w: PreparedWrite): UpsertReport {
    const { page, generation } = w;
    const space = this.space(w.connector, w.objectType);
    if (w.indexed !== undefined) this.indexed.set(space, w.indexed === 'all' ? undefined : new Set(w.indexed));
    const report: UpsertReport = { added: 0, updated: 0, unchanged: 0 };
    // A delta page (no generation) still counts as seen by a full import running meanwhile.
    const stamp = generation === undefined ? this.currentGeneration(space) : parseGeneration(generation);
    // Into a space that was empty: insert in bulk, and only for anchors already taken (the application listed
    // an object twice, or a SCIM create came first) look at what is there, below.
    const inserted = w.fresh ? this.bulk.insertNew(space, page, stamp) : undefined;
    if (inserted) report.added += inserted.count;
    for (let i = 0; i < page.anchors.length; i++) {
      if (inserted?.done[i]) continue;
      const json = page.jsons[i];
      const old = this.meta(space, page.anchors[i]);
      if (old && old.dn === page.dns[i] && old.attributes === json) {
        // Unchanged: no version bump, no index churn; only mark it seen by this import.
        if (old.generation !== stamp) this.statements.stampGeneration.run(stamp, old.id);
        report.unchanged++;
        continue;
      }
      this.write(space, page.anchors[i], page.dns[i], preparedEntries(page, i), json, stamp, old);
      report[old ? 'updated' : 'added']++;
    }
    return report;
  }

  countStale(connector: string, objectType: string, generation: string): Promise<number> {
    return settle(() => {
      const space = this.findSpace(connector, objectType);
      if (space === undefined || this.freshImports.get(space) === generation) return 0;
      return (this.statements.countStale.get(space, parseGeneration(generation)) as { n: number }).n;
    });
  }

  finishFullImport(connector: string, objectType: string, generation: string): Promise<number> {
    return settle(() =>
      this.inTransaction(() => {
        const g = parseGeneration(generation);
        const space = this.findSpace(connector, objectType);
        if (space === undefined) return 0;
        const current = this.currentGeneration(space);
        // A later full import has begun: sweeping now would remove what it already saw.
        if (current !== g) {
          throw new FerryError(
            'internal',
            `Full import ${generation} of ${connector}/${objectType} was superseded by ${current}; nothing removed.`,
          );
        }
        // An import that began on an empty space saw or stamped everything there is (writes meanwhile take its
        // generation): nothing can be stale, and the scan of every object is skipped.
        const fresh = this.freshImports.get(space) === generation;
        this.freshImports.delete(space);
        if (fresh) return 0;
        const stale = this.statements.staleObjects.all(space, g) as MetaRow[];
        for (const old of stale) this.deleteObject(space, old);
        return stale.length;
      }),
    );
  }

  getWatermark(connector: string, objectType: string): Promise<string | undefined> {
    const space = this.findSpace(connector, objectType);
    const row =
      space === undefined ? undefined : (this.statements.getWatermark.get(space) as { watermark: string | null });
    return Promise.resolve(row?.watermark ?? undefined);
  }

  configureIndex(connector: string, objectType: string, attributes: string[] | undefined): Promise<void> {
    return settle(() => {
      const space = this.space(connector, objectType);
      const wanted = attributes === undefined ? null : JSON.stringify([...new Set(attributes)].sort());
      const row = this.db.prepare('SELECT indexed FROM spaces WHERE id = ?').get(space) as { indexed: string | null };
      this.indexed.set(space, wanted === null ? undefined : new Set(JSON.parse(wanted) as string[]));
      if (row.indexed === wanted) return;
      // The set changed: rebuild this space's index rows from the stored attributes, in one transaction.
      this.inTransaction(() => {
        this.db.prepare('DELETE FROM attr_index WHERE space = ?').run(space);
        const only = this.indexed.get(space);
        // In chunks: a statement that is still iterating would block the inserts on this connection.
        const chunk = this.db.prepare(
          'SELECT id, anchor, attributes FROM objects WHERE space = ? AND id > ? ORDER BY id LIMIT 5000',
        );
        for (let after = 0; ; ) {
          const rows = chunk.all(space, after) as { id: number; anchor: string; attributes: string }[];
          if (rows.length === 0) break;
          for (const o of rows) {
            for (const [name, key] of indexEntries(JSON.parse(o.attributes) as Attributes, o.anchor, only))
              this.statements.insertIndex.run(space, name, key, o.id);
          }
          after = rows[rows.length - 1].id;
        }
        this.db.prepare('UPDATE spaces SET indexed = ? WHERE id = ?').run(wanted, space);
      });
    });
  }

  /** The indexed attributes of a space (loaded once from the database). */
  private indexOnly(space: number): ReadonlySet<string> | undefined {
    if (!this.indexed.has(space)) {
      const row = this.db.prepare('SELECT indexed FROM spaces WHERE id = ?').get(space) as
        | { indexed: string | null }
        | undefined;
      this.indexed.set(space, row?.indexed ? new Set(JSON.parse(row.indexed) as string[]) : undefined);
    }
    return this.indexed.get(space);
  }

  setWatermark(connector: string, objectType: string, watermark: string | undefined): Promise<void> {
    return settle(() => {
      this.statements.setWatermark.run(watermark ?? null, this.space(connector, objectType));
    });
  }

  appendLog(records: ProvisioningRecord[]): Promise<void> {
    return settle(() => this.log.append(records));
  }

  queryLog(q: LogQuery): Promise<ProvisioningRecord[]> {
    return settle(() => this.log.query(q));
  }

  /** Deletes provisioning log records older than the ISO time; returns how many (the retention job). */
  pruneLog(olderThanIso: string): Promise<number> {
    return settle(() => this.log.pruneOlderThan(olderThanIso));
  }

  async close(): Promise<void> {
    await this.writer?.close();
    if (this.db.open) this.db.close();
  }

  /** Sets this connection's page cache size in bytes. */
  setCacheSize(bytes: number): void {
    this.db.pragma(`cache_size = -${Math.max(1, Math.round(bytes / 1024))}`);
  }

  /** Starts a writer thread for large import pages (the host does; tests and tools need not). */
  useWriterThread(): void {
    this.wantWriter = this.file !== ':memory:';
  }

  /** The id of a space, or undefined when nothing was ever stored in it (reads never create one). */
  private findSpace(connector: string, objectType: string): number | undefined {
    const key = `${connector}\u0000${objectType}`;
    let id = this.spaceIds.get(key);
    if (id === undefined) {
      id = (this.statements.getSpace.get(connector, objectType) as { id: number } | undefined)?.id;
      if (id !== undefined) this.spaceIds.set(key, id);
    }
    return id;
  }

  /** The id of a space, created on first write. */
  private space(connector: string, objectType: string): number {
    const found = this.findSpace(connector, objectType);
    if (found !== undefined) return found;
    this.statements.insertSpace.run(connector, objectType);
    return this.findSpace(connector, objectType)!;
  }

  /** The generation of the full import begun last (0 if none): objects written meanwhile count as seen by it. */
  private currentGeneration(space: number): number {
    return (this.statements.getGeneration.get(space) as { generation: number }).generation;
  }

  private meta(space: number, anchor: string): MetaRow | undefined {
    return this.statements.getMeta.get(space, anchor) as MetaRow | undefined;
  }

  /** Inserts or updates one object (bumping its version) and brings its index rows up to date. */
  private write(
    space: number,
    anchor: string,
    dn: string,
    entries: [name: string, key: string][],
    json: string,
    generation: number,
    old: MetaRow | undefined,
  ): ObjectRow {
    const now = new Date().toISOString();
    const only = this.indexOnly(space);
    if (!old) {
      const id = Number(
        this.statements.insertObject.run(space, anchor, dn, json, 1, now, now, generation).lastInsertRowid,
      );
      for (const [name, key] of entries) this.statements.insertIndex.run(space, name, key, id);
      return { anchor, dn, attributes: json, version: 1, created: now, modified: now };
    }
    const version = old.version + 1;
    this.statements.updateObject.run(dn, json, version, now, generation, old.id);
    // Touch only the index rows whose values changed.
    if (old.attributes !== json)
      this.reindex(space, old.id, indexEntries(JSON.parse(old.attributes) as Attributes, anchor, only), entries);
    return { anchor, dn, attributes: json, version, created: old.created, modified: now };
  }

  /** Brings an object's index rows from `before` to `after`, touching only the entries that differ. */
  private reindex(space: number, id: number, before: [string, string][], after: [string, string][]): void {
    const gone = new Map(before.map((e) => [`${e[0]}\u0000${e[1]}`, e]));
    for (const e of after) {
      if (!gone.delete(`${e[0]}\u0000${e[1]}`)) this.statements.insertIndex.run(space, e[0], e[1], id);
    }
    for (const [name, key] of gone.values()) this.statements.deleteIndex.run(space, name, key, id);
  }

  private deleteObject(space: number, old: MetaRow): void {
    for (const [name, key] of indexEntries(JSON.parse(old.attributes) as Attributes, old.anchor, this.indexOnly(space)))
      this.statements.deleteIndex.run(space, name, key, old.id);
    this.statements.deleteObject.run(old.id);
  }
}

/** Runs a synchronous step as a promise, so a thrown error becomes a rejection as with any async backend. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Creates the database file readable by its owner only, before SQLite does (SQLite gives its -wal and -shm files
 * the database file's mode), and narrows files an older version left world-readable.
 */
function makePrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      chmodSync(f, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
