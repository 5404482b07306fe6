// The PostgreSQL schema as an ordered list of migrations. Several hosts may start at once: the migrations run
// under a session advisory lock, each in its own transaction, so exactly one host applies each of them.
import type pg from 'pg';
import { FerryError } from '../errors/catalogue.ts';
import { latencyClassSql } from './latency-buckets.ts';

/** Migrations in order; index + 1 is the schema version a migration brings the database to. Append only. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE spaces (
    id                 serial PRIMARY KEY,
    connector          text NOT NULL,
    object_type        text NOT NULL,
    watermark          text,
    generation         bigint NOT NULL DEFAULT 0, -- the full import begun last; objects written meanwhile get it
    generation_started text,
    indexed            text,                      -- JSON list of indexed attributes; NULL = every attribute
    UNIQUE (connector, object_type)
  );

  -- Anchors compare byte by byte ("C"), as in SQLite: keyset paging gives the same order on both backends.
  CREATE TABLE objects (
    id         bigserial PRIMARY KEY,
    space      integer NOT NULL REFERENCES spaces (id),
    anchor     text COLLATE "C" NOT NULL,
    dn         text NOT NULL,
    attributes text NOT NULL,      -- canonical JSON (sorted keys) kept as text: equal objects have equal text
    version    integer NOT NULL,
    created    text NOT NULL,
    modified   text NOT NULL,
    generation bigint NOT NULL,
    UNIQUE (space, anchor)
  );

  -- One row per (attribute, lower-cased value): findByAttribute is one index seek. Rows go with their object.
  CREATE TABLE attr_index (
    space  integer NOT NULL,
    name   text COLLATE "C" NOT NULL,
    value  text COLLATE "C" NOT NULL,
    object bigint NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    PRIMARY KEY (space, name, value, object)
  );
  CREATE INDEX attr_index_object ON attr_index (object);

  CREATE TABLE provisioning_log (
    id          bigserial PRIMARY KEY,
    time        text NOT NULL,
    connector   text NOT NULL,
    object_type text NOT NULL,
    object      text,
    action      text NOT NULL,
    status      text NOT NULL,
    duration_ms double precision NOT NULL,
    steps       text,
    error       text,
    request_id  text
  );
  CREATE INDEX provisioning_log_connector ON provisioning_log (connector, id);
  CREATE INDEX provisioning_log_object ON provisioning_log (object, id);
  CREATE INDEX provisioning_log_status ON provisioning_log (status, id);
  CREATE INDEX provisioning_log_time ON provisioning_log (time);

  -- Writes one object (always a new version); the generation is the space's current one.
  CREATE FUNCTION ferry_put(p_space integer, p_now text, p_anchor text, p_dn text, p_json text,
                            p_names text[], p_keys text[])
  RETURNS TABLE (version integer, created text, modified text) LANGUAGE plpgsql AS $fn$
  #variable_conflict use_column
  DECLARE
    g bigint;
    oid bigint;
    fresh boolean;
  BEGIN
    SELECT s.generation INTO g FROM spaces s WHERE s.id = p_space;
    INSERT INTO objects AS o (space, anchor, dn, attributes, version, created, modified, generation)
    VALUES (p_space, p_anchor, p_dn, p_json, 1, p_now, p_now, g)
    ON CONFLICT (space, anchor) DO UPDATE
      SET dn = EXCLUDED.dn, attributes = EXCLUDED.attributes, version = o.version + 1,
          modified = EXCLUDED.modified, generation = EXCLUDED.generation
    RETURNING o.id, o.version, o.created, o.modified, o.version = 1 INTO oid, version, created, modified, fresh;
    IF NOT fresh THEN
      DELETE FROM attr_index i WHERE i.object = oid
        AND NOT EXISTS (SELECT 1 FROM unnest(p_names, p_keys) e(n, k) WHERE e.n = i.name AND e.k = i.value);
    END IF;
    INSERT INTO attr_index (space, name, value, object)
    SELECT p_space, e.n, e.k, oid FROM unnest(p_names, p_keys) e(n, k) ON CONFLICT DO NOTHING;
    RETURN NEXT;
  END $fn$;

  -- Writes one import page: new objects inserted, changed ones updated (new version), unchanged ones only
  -- stamped with the generation. Index entries of object i are those with p_owners = i (1-based).
  -- Returns {added, updated, unchanged}. One call per page: one round trip. A generation is never lowered: pages
  -- of an older import still running (a host that lost its lease) cannot un-see what a newer one saw.
  CREATE FUNCTION ferry_upsert_page(p_space integer, p_generation bigint, p_now text, p_anchors text[],
                                    p_dns text[], p_jsons text[], p_owners integer[], p_names text[], p_keys text[])
  RETURNS integer[] LANGUAGE plpgsql AS $fn$
  DECLARE
    g bigint := p_generation;
    total integer := coalesce(array_length(p_anchors, 1), 0);
    added_ords integer[];
    added_ids bigint[];
    changed_ords integer[];
    changed_ids bigint[];
    n_unchanged integer;
    r integer[] := ARRAY[0, 0, 0];
    one integer[];
    i integer;
  BEGIN
    IF total = 0 THEN RETURN r; END IF;
    IF g IS NULL THEN SELECT s.generation INTO g FROM spaces s WHERE s.id = p_space; END IF;
    -- An anchor twice in one page (rare): one object at a time, in order, so the later one wins.
    IF (SELECT count(DISTINCT a) FROM unnest(p_anchors) a) < total THEN
      FOR i IN 1 .. total LOOP
        one := ferry_upsert_page(p_space, g, p_now, ARRAY[p_anchors[i]], ARRAY[p_dns[i]], ARRAY[p_jsons[i]],
          (SELECT coalesce(array_agg(1), '{}') FROM unnest(p_owners) o WHERE o = i),
          (SELECT coalesce(array_agg(e.n), '{}') FROM unnest(p_owners, p_names) e(o, n) WHERE e.o = i),
          (SELECT coalesce(array_agg(e.k), '{}') FROM unnest(p_owners, p_keys) e(o, k) WHERE e.o = i));
        r := ARRAY[r[1] + one[1], r[2] + one[2], r[3] + one[3]];
      END LOOP;
      RETURN r;
    END IF;
    -- New anchors first (a concurrent insert of the same anchor makes this wait, then skip it: it is updated below).
    WITH page AS (SELECT * FROM unnest(p_anchors, p_dns, p_jsons) WITH ORDINALITY AS t(anchor, dn, attributes, ord)),
    ins AS (
      INSERT INTO objects (space, anchor, dn, attributes, version, created, modified, generation)
      SELECT p_space, p.anchor, p.dn, p.attributes, 1, p_now, p_now, g FROM page p ORDER BY p.ord
      ON CONFLICT (space, anchor) DO NOTHING RETURNING id, anchor)
    SELECT coalesce(array_agg(p.ord::integer), '{}'), coalesce(array_agg(ins.id), '{}') INTO added_ords, added_ids
    FROM ins JOIN page p ON p.anchor = ins.anchor;
    INSERT INTO attr_index (space, name, value, object)
    SELECT p_space, e.n, e.k, a.id
    FROM unnest(added_ords, added_ids) a(ord, id) JOIN unnest(p_owners, p_names, p_keys) e(o, n, k) ON e.o = a.ord
    ON CONFLICT DO NOTHING;
    -- Changed objects: a new version and their index rows rebuilt.
    WITH page AS (SELECT * FROM unnest(p_anchors, p_dns, p_jsons) WITH ORDINALITY AS t(anchor, dn, attributes, ord)),
    upd AS (
      UPDATE objects o SET dn = p.dn, attributes = p.attributes, version = o.version + 1, modified = p_now,
        generation = greatest(o.generation, g)
      FROM page p
      WHERE o.space = p_space AND o.anchor = p.anchor AND p.ord <> ALL (added_ords)
        AND (o.dn <> p.dn OR o.attributes <> p.attributes)
      RETURNING o.id, p.ord)
    SELECT coalesce(array_agg(upd.ord::integer), '{}'), coalesce(array_agg(upd.id), '{}') INTO changed_ords, changed_ids
    FROM upd;
    IF array_length(changed_ids, 1) > 0 THEN
      DELETE FROM attr_index i WHERE i.object = ANY (changed_ids);
      INSERT INTO attr_index (space, name, value, object)
      SELECT p_space, e.n, e.k, c.id
      FROM unnest(changed_ords, changed_ids) c(ord, id) JOIN unnest(p_owners, p_names, p_keys) e(o, n, k) ON e.o = c.ord
      ON CONFLICT DO NOTHING;
    END IF;
    -- Unchanged objects: only marked seen by this generation.
    WITH page AS (SELECT * FROM unnest(p_anchors, p_dns, p_jsons) WITH ORDINALITY AS t(anchor, dn, attributes, ord)),
    same AS (
      SELECT o.id, o.generation FROM objects o JOIN page p
        ON o.space = p_space AND o.anchor = p.anchor AND o.dn = p.dn AND o.attributes = p.attributes
      WHERE p.ord <> ALL (added_ords) AND p.ord <> ALL (changed_ords)),
    stamp AS (UPDATE objects o SET generation = g FROM same s WHERE o.id = s.id AND s.generation < g)
    SELECT count(*) INTO n_unchanged FROM same;
    RETURN ARRAY[coalesce(array_length(added_ids, 1), 0), coalesce(array_length(changed_ids, 1), 0), n_unchanged];
  END $fn$;
  `,
  `
  -- Scale-out: the hosts of the cluster, the leases that make scheduled work run on one host at a time, and
  -- the audit log of the admin API (shared, as the hosts are one service).
  CREATE TABLE hosts (
    id             text PRIMARY KEY,
    version        text NOT NULL,
    address        text,
    started        timestamptz NOT NULL,
    last_heartbeat timestamptz NOT NULL
  );
  CREATE TABLE leases (
    name     text PRIMARY KEY,
    holder   text,
    token    bigint NOT NULL DEFAULT 0, -- fencing token: grows with every new holder
    expires  timestamptz NOT NULL DEFAULT '-infinity',
    next_due timestamptz NOT NULL DEFAULT '-infinity' -- when the leased work is due again
  );
  CREATE TABLE audit_log (
    id      bigserial PRIMARY KEY,
    time    text NOT NULL,
    role    text NOT NULL,
    actor   text NOT NULL,
    address text NOT NULL,
    via     text NOT NULL,
    method  text NOT NULL,
    route   text NOT NULL,
    object  text,
    before  text,
    after   text,
    result  text NOT NULL,
    status  integer NOT NULL,
    error   text
  );
  CREATE INDEX audit_log_time ON audit_log (time);
  CREATE INDEX audit_log_object ON audit_log (object, id);
  `,
  `
  -- The console dashboard's activity per minute and connector: by result, and by latency class
  -- (latency-buckets.ts), kept up to date by the statement that appends to the log (postgres-log.ts), as in
  -- SQLite. Filled from the records already there.
  CREATE TABLE provisioning_activity (
    minute    text COLLATE "C" NOT NULL, -- the record time's first 16 characters: 2030-01-01T00:00
    connector text NOT NULL,
    status    text NOT NULL,
    n         integer NOT NULL,
    total_ms  float8 NOT NULL,
    max_ms    float8 NOT NULL,
    PRIMARY KEY (minute, connector, status)
  );
  INSERT INTO provisioning_activity (minute, connector, status, n, total_ms, max_ms)
    SELECT substr(time, 1, 16), connector, status, count(*), sum(duration_ms), max(duration_ms)
    FROM provisioning_log GROUP BY 1, 2, 3;
  CREATE TABLE provisioning_latency (
    minute    text COLLATE "C" NOT NULL,
    connector text NOT NULL,
    class     integer NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (minute, connector, class)
  );
  INSERT INTO provisioning_latency (minute, connector, class, n)
    SELECT substr(time, 1, 16), connector, ${latencyClassSql('duration_ms')}, count(*)
    FROM provisioning_log GROUP BY 1, 2, 3;
  `,
  `
  -- The state of provisioning jobs (ferry sync / ferry provision with a PostgreSQL store,
  -- provision/postgres-state-store.ts): the job_ tables of SQLite's provisioning.db, keyed by the job's name.
  CREATE TABLE job_meta (job text NOT NULL, key text NOT NULL, value text NOT NULL, PRIMARY KEY (job, key));
  CREATE TABLE job_users (
    job       text NOT NULL,
    source_id text NOT NULL,
    hash      text,
    target_id text,
    state     text NOT NULL,
    updated   text NOT NULL,
    PRIMARY KEY (job, source_id)
  );
  CREATE TABLE job_escrow (
    job           text NOT NULL,
    source_id     text NOT NULL,
    action        text NOT NULL,
    attempts      integer NOT NULL,
    first_failure text NOT NULL,
    next_attempt  text NOT NULL,
    error         text NOT NULL,
    PRIMARY KEY (job, source_id)
  );
  CREATE TABLE job_cycles (
    id      bigserial PRIMARY KEY,
    job     text NOT NULL,
    kind    text NOT NULL,
    started text NOT NULL,
    ended   text,
    status  text NOT NULL,
    summary text
  );
  CREATE INDEX job_cycles_job ON job_cycles (job, id);
  CREATE TABLE job_log (
    id          bigserial PRIMARY KEY,
    job         text NOT NULL,
    cycle       bigint,
    time        text NOT NULL,
    source_id   text NOT NULL,
    target_id   text,
    action      text NOT NULL,
    status      text NOT NULL,
    duration_ms float8 NOT NULL,
    entry       text NOT NULL
  );
  CREATE INDEX job_log_source ON job_log (job, source_id, id);
  CREATE INDEX job_log_cycle ON job_log (job, cycle, id);
  CREATE INDEX job_log_time ON job_log (job, time);
  `,
  `
  -- Console sessions signed out before their expiry: every host of the cluster refuses them (console-session.ts).
  CREATE TABLE console_revocations (id text PRIMARY KEY, expires bigint NOT NULL);
  `,
];

/** The schema version this Ferry brings a database to. */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** A PostgreSQL identifier Ferry accepts as a schema name (no quoting needed). */
export const PG_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the schema if needed and brings it to the latest version; refuses one written by a newer Ferry.
 * Safe when several hosts call it at once (a session advisory lock per schema).
 */
export async function migratePostgres(pool: pg.Pool, schema: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`ferry-migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_version (version integer NOT NULL)`);
      const row = (await client.query(`SELECT version FROM ${schema}.schema_version`)).rows[0] as
        | { version: number }
        | undefined;
      const current = row?.version ?? 0;
      if (current > MIGRATIONS.length) {
        throw new FerryError(
          'internal',
          `The PostgreSQL schema "${schema}" has version ${current}; this Ferry knows up to ${MIGRATIONS.length}. Upgrade Ferry.`,
        );
      }
      for (let v = current; v < MIGRATIONS.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${schema}`);
          await client.query(MIGRATIONS[v]);
          await client.query('DELETE FROM schema_version');
          await client.query('INSERT INTO schema_version (version) VALUES ($1)', [v + 1]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      }
      return MIGRATIONS.length;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`ferry-migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
}
