// The connector space on PostgreSQL, shared by every host of a cluster. Statements are parameterised (pg names
// and prepares the hot ones once per connection); an import page and a put are one round trip each (server-side
// functions of postgres-schema.ts). Nothing is cached that another host can change, except space ids (rows of
// `spaces` are never deleted) and the indexed attribute set (every host runs the same configuration).
import type pg from 'pg';
import type { Attributes } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import {
  MAX_INDEXED_LENGTH,
  canonicalJson,
  hasValue,
  indexEntries,
  indexKey,
  isAnchorEntry,
  preparePage,
} from './attribute-values.ts';
import type { LogQuery, ProvisioningLogStore, ProvisioningRecord } from './log-store.ts';
import { PostgresLog } from './postgres-log.ts';
import { guarded, type PostgresPools } from './postgres-pool.ts';
import { parseGeneration, toSpaceObject, type ObjectRow } from './space-rows.ts';
import type { ScanOptions, SpaceObject, SpaceStore, UpsertReport } from './store.ts';

const OBJECT_COLUMNS = 'anchor, dn, attributes, version, created, modified';
/** Rows read per statement when the index of a space is rebuilt. */
const REBUILD_CHUNK = 5000;

/** The connector spaces and the provisioning log of a cluster in one PostgreSQL schema. */
export class PostgresSpaceStore implements SpaceStore, ProvisioningLogStore {
  private readonly spaceIds = new Map<string, number>();
  /** Per space id: the indexed attribute names (absent = all). */
  private readonly indexed = new Map<number, ReadonlySet<string> | undefined>();

  private readonly log: PostgresLog;

  constructor(
    /** The pools, which the audit store, locks and leases of the same database share. */
    readonly pools: PostgresPools,
  ) {
    this.log = new PostgresLog(pools);
  }

  private q<R extends pg.QueryResultRow>(name: string | undefined, text: string, values: unknown[]) {
    return guarded(() => this.pools.query.query<R>(name ? { name, text, values } : { text, values }));
  }

  async get(connector: string, objectType: string, anchor: string): Promise<SpaceObject | undefined> {
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return undefined;
    const { rows } = await this.q<ObjectRow>(
      'ferry_get',
      `SELECT ${OBJECT_COLUMNS} FROM objects WHERE space = $1 AND anchor = $2`,
      [space, anchor],
    );
    return rows[0] && toSpaceObject(connector, objectType, rows[0]);
  }

  async findByAttribute(connector: string, objectType: string, name: string, value: string): Promise<SpaceObject[]> {
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return [];
    const key = indexKey(value);
    const only = await this.indexOnly(space);
    // The index rows, and the object whose anchor is the value (an attribute holding its own anchor has no row).
    const { rows } = await this.q<ObjectRow & { by_anchor: boolean }>(
      'ferry_find',
      `SELECT o.anchor, o.dn, o.attributes, o.version, o.created, o.modified, false AS by_anchor
       FROM attr_index i JOIN objects o ON o.id = i.object
       WHERE i.space = $1 AND i.name = $2 AND i.value = $3
       UNION ALL
       SELECT ${OBJECT_COLUMNS}, true FROM objects WHERE $4 AND space = $1 AND anchor = $3`,
      [space, name, key, !only || only.has(name)],
    );
    let found: SpaceObject[] = [];
    for (const r of rows) {
      const o = toSpaceObject(connector, objectType, r);
      if (!r.by_anchor) found.push(o);
      else if (!found.some((f) => f.anchor === o.anchor) && isAnchorEntry(name, o.attributes[name], o.anchor))
        found.push(o);
    }
    if (value.toLowerCase().length > MAX_INDEXED_LENGTH)
      found = found.filter((o) => hasValue(o.attributes, name, value));
    return found;
  }

  async scan(connector: string, objectType: string, opts: ScanOptions = {}): Promise<SpaceObject[]> {
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return [];
    const limit = opts.limit ?? null;
    const { rows } =
      opts.afterAnchor === undefined
        ? await this.q<ObjectRow>(
            'ferry_scan_first',
            `SELECT ${OBJECT_COLUMNS} FROM objects WHERE space = $1 ORDER BY anchor LIMIT $2`,
            [space, limit],
          )
        : await this.q<ObjectRow>(
            'ferry_scan_after',
            `SELECT ${OBJECT_COLUMNS} FROM objects WHERE space = $1 AND anchor > $2 ORDER BY anchor LIMIT $3`,
            [space, opts.afterAnchor, limit],
          );
    return rows.map((r) => toSpaceObject(connector, objectType, r));
  }

  async count(connector: string, objectType: string): Promise<number> {
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return 0;
    const { rows } = await this.q<{ n: number }>(
      'ferry_count',
      'SELECT count(*)::integer AS n FROM objects WHERE space = $1',
      [space],
    );
    return rows[0].n;
  }

  async put(
    connector: string,
    objectType: string,
    anchor: string,
    dn: string,
    attributes: Attributes,
  ): Promise<SpaceObject> {
    const space = await this.space(connector, objectType);
    const entries = indexEntries(attributes, anchor, await this.indexOnly(space));
    const json = canonicalJson(attributes);
    const { rows } = await this.q<{ version: number; created: string; modified: string }>(
      'ferry_put',
      'SELECT * FROM ferry_put($1, $2, $3, $4, $5, $6, $7)',
      [space, new Date().toISOString(), anchor, dn, json, entries.map((e) => e[0]), entries.map((e) => e[1])],
    );
    const r = rows[0];
    return toSpaceObject(connector, objectType, { anchor, dn, attributes: json, ...r });
  }

  async remove(connector: string, objectType: string, anchor: string): Promise<boolean> {
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return false;
    const r = await this.q('ferry_remove', 'DELETE FROM objects WHERE space = $1 AND anchor = $2', [space, anchor]);
    return (r.rowCount ?? 0) > 0;
  }

  async rename(connector: string, objectType: string, from: string, to: string, dn: string): Promise<void> {
    const space = await this.findSpace(connector, objectType);
    const only = space === undefined ? undefined : await this.indexOnly(space);
    await this.pools.transaction(async (c) => {
      const old =
        space === undefined
          ? undefined
          : (
              await c.query<{ id: string; attributes: string }>(
                'SELECT id, attributes FROM objects WHERE space = $1 AND anchor = $2 FOR UPDATE',
                [space, from],
              )
            ).rows[0];
      if (space === undefined || !old) {
        throw new FerryError(
          'not_found',
          `Cannot rename ${objectType} "${from}" of ${connector}: it is not in the connector space.`,
        );
      }
      if (from === to) {
        await c.query('UPDATE objects SET dn = $1, version = version + 1, modified = $2 WHERE id = $3', [
          dn,
          new Date().toISOString(),
          old.id,
        ]);
        return;
      }
      const moved = await c.query(
        `UPDATE objects SET anchor = $1, dn = $2, version = version + 1, modified = $3 WHERE id = $4
         AND NOT EXISTS (SELECT 1 FROM objects WHERE space = $5 AND anchor = $1)`,
        [to, dn, new Date().toISOString(), old.id, space],
      );
      if (moved.rowCount === 0) {
        throw new FerryError(
          'uniqueness',
          `Cannot rename ${objectType} "${from}" of ${connector} to "${to}": that anchor is taken.`,
        );
      }
      // Only an attribute that held the old (or holds the new) anchor changes entries (see isAnchorEntry).
      const entries = indexEntries(JSON.parse(old.attributes) as Attributes, to, only);
      await c.query('DELETE FROM attr_index WHERE object = $1', [old.id]);
      await insertEntries(c, space, [old.id], [entries]);
    });
  }

  async beginFullImport(connector: string, objectType: string): Promise<string> {
    const space = await this.space(connector, objectType);
    const { rows } = await this.q<{ generation: string }>(
      undefined,
      'UPDATE spaces SET generation = generation + 1, generation_started = $1 WHERE id = $2 RETURNING generation',
      [new Date().toISOString(), space],
    );
    return String(rows[0].generation);
  }

  async upsertPage(
    connector: string,
    objectType: string,
    generation: string | undefined,
    objects: { anchor: string; dn: string; attributes: Attributes }[],
  ): Promise<UpsertReport> {
    const g = generation === undefined ? null : parseGeneration(generation);
    if (objects.length === 0) return { added: 0, updated: 0, unchanged: 0 };
    const space = await this.space(connector, objectType);
    const page = preparePage(objects, await this.indexOnly(space));
    const owners = new Array<number>(page.names.length);
    for (let i = 0, k = 0; i < page.ends.length; i++) for (; k < page.ends[i]; k++) owners[k] = i + 1;
    const { rows } = await this.q<{ r: number[] }>(
      'ferry_upsert_page',
      'SELECT ferry_upsert_page($1, $2, $3, $4, $5, $6, $7, $8, $9) AS r',
      [space, g, new Date().toISOString(), page.anchors, page.dns, page.jsons, owners, page.names, page.keys],
    );
    const [added, updated, unchanged] = rows[0].r;
    return { added, updated, unchanged };
  }

  async countStale(connector: string, objectType: string, generation: string): Promise<number> {
    const g = parseGeneration(generation);
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return 0;
    const { rows } = await this.q<{ n: number }>(
      'ferry_count_stale',
      'SELECT count(*)::integer AS n FROM objects WHERE space = $1 AND generation <> $2',
      [space, g],
    );
    return rows[0].n;
  }

  async finishFullImport(connector: string, objectType: string, generation: string): Promise<number> {
    const g = parseGeneration(generation);
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return 0;
    return this.pools.transaction(async (c) => {
      // The space row stays locked until the sweep commits: a full import begun meanwhile waits for it.
      const { rows } = await c.query<{ generation: string }>('SELECT generation FROM spaces WHERE id = $1 FOR UPDATE', [
        space,
      ]);
      const current = Number(rows[0].generation);
      // A later full import has begun (on this host or another): sweeping now would remove what it already saw.
      if (current !== g) {
        throw new FerryError(
          'internal',
          `Full import ${generation} of ${connector}/${objectType} was superseded by ${current}; nothing removed.`,
        );
      }
      const r = await c.query('DELETE FROM objects WHERE space = $1 AND generation <> $2', [space, g]);
      return r.rowCount ?? 0;
    });
  }

  async configureIndex(connector: string, objectType: string, attributes: string[] | undefined): Promise<void> {
    const space = await this.space(connector, objectType);
    const wanted = attributes === undefined ? null : JSON.stringify([...new Set(attributes)].sort());
    const only = wanted === null ? undefined : new Set(JSON.parse(wanted) as string[]);
    this.indexed.set(space, only);
    // Several hosts starting at once: the first rebuilds under the space's row lock, the others then find it done.
    await this.pools.transaction(async (c) => {
      const { rows } = await c.query<{ indexed: string | null }>(
        'SELECT indexed FROM spaces WHERE id = $1 FOR UPDATE',
        [space],
      );
      if (rows[0].indexed === wanted) return;
      await c.query('DELETE FROM attr_index WHERE space = $1', [space]);
      for (let after = '0'; ; ) {
        const chunk = (
          await c.query<{ id: string; anchor: string; attributes: string }>(
            'SELECT id, anchor, attributes FROM objects WHERE space = $1 AND id > $2 ORDER BY id LIMIT $3',
            [space, after, REBUILD_CHUNK],
          )
        ).rows;
        if (chunk.length === 0) break;
        await insertEntries(
          c,
          space,
          chunk.map((o) => o.id),
          chunk.map((o) => indexEntries(JSON.parse(o.attributes) as Attributes, o.anchor, only)),
        );
        after = chunk[chunk.length - 1].id;
      }
      await c.query('UPDATE spaces SET indexed = $1 WHERE id = $2', [wanted, space]);
    });
  }

  async getWatermark(connector: string, objectType: string): Promise<string | undefined> {
    const space = await this.findSpace(connector, objectType);
    if (space === undefined) return undefined;
    const { rows } = await this.q<{ watermark: string | null }>(
      'ferry_get_watermark',
      'SELECT watermark FROM spaces WHERE id = $1',
      [space],
    );
    return rows[0]?.watermark ?? undefined;
  }

  async setWatermark(connector: string, objectType: string, watermark: string | undefined): Promise<void> {
    const space = await this.space(connector, objectType);
    await this.q('ferry_set_watermark', 'UPDATE spaces SET watermark = $1 WHERE id = $2', [watermark ?? null, space]);
  }

  appendLog(records: ProvisioningRecord[]): Promise<void> {
    return this.log.append(records);
  }

  queryLog(q: LogQuery): Promise<ProvisioningRecord[]> {
    return this.log.query(q);
  }

  pruneLog(olderThanIso: string): Promise<number> {
    return this.log.pruneOlderThan(olderThanIso);
  }

  /** Ends the pools (the store owns them). */
  close(): Promise<void> {
    return this.pools.close();
  }

  /** The indexed attributes of a space (loaded once from the database). */
  private async indexOnly(space: number): Promise<ReadonlySet<string> | undefined> {
    if (!this.indexed.has(space)) {
      const { rows } = await this.q<{ indexed: string | null }>(
        'ferry_indexed',
        'SELECT indexed FROM spaces WHERE id = $1',
        [space],
      );
      const list = rows[0]?.indexed;
      this.indexed.set(space, list ? new Set(JSON.parse(list) as string[]) : undefined);
    }
    return this.indexed.get(space);
  }

  /** The id of a space, or undefined when nothing was ever stored in it (reads never create one). */
  private async findSpace(connector: string, objectType: string): Promise<number | undefined> {
    const key = `${connector}\u0000${objectType}`;
    let id = this.spaceIds.get(key);
    if (id === undefined) {
      const { rows } = await this.q<{ id: number }>(
        'ferry_space',
        'SELECT id FROM spaces WHERE connector = $1 AND object_type = $2',
        [connector, objectType],
      );
      id = rows[0]?.id;
      if (id !== undefined) this.spaceIds.set(key, id);
    }
    return id;
  }

  /** The id of a space, created on first write (by whichever host comes first). */
  private async space(connector: string, objectType: string): Promise<number> {
    const found = await this.findSpace(connector, objectType);
    if (found !== undefined) return found;
    await this.q(
      undefined,
      'INSERT INTO spaces (connector, object_type) VALUES ($1, $2) ON CONFLICT (connector, object_type) DO NOTHING',
      [connector, objectType],
    );
    return (await this.findSpace(connector, objectType)) as number;
  }
}

/** Inserts the index entries of several objects with one statement. */
async function insertEntries(
  c: pg.PoolClient,
  space: number,
  ids: string[],
  entries: [string, string][][],
): Promise<void> {
  const objects: string[] = [];
  const names: string[] = [];
  const keys: string[] = [];
  entries.forEach((list, i) => {
    for (const [n, k] of list) {
      objects.push(ids[i]);
      names.push(n);
      keys.push(k);
    }
  });
  if (objects.length === 0) return;
  await c.query(
    `INSERT INTO attr_index (space, name, value, object)
     SELECT $1, n, k, o FROM unnest($2::text[], $3::text[], $4::bigint[]) e(n, k, o) ON CONFLICT DO NOTHING`,
    [space, names, keys, objects],
  );
}
