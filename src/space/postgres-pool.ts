// The connection pools of the PostgreSQL backend: one for statements, one for the per-object locks (a lock holds
// its connection across the application call, and must never wait for a statement's connection, nor the other
// way round). A lost database surfaces as `store_unavailable` (503 with Retry-After), never as a bug.
import pg from 'pg';
import { FerryError } from '../errors/catalogue.ts';
import { migratePostgres, PG_SCHEMA_NAME } from './postgres-schema.ts';

/** Where the PostgreSQL store lives. */
export interface PostgresOptions {
  /** postgres://user:password@host:port/database (a secret: never logged). */
  url: string;
  /** The schema holding Ferry's tables (default "ferry"). */
  schema?: string;
  /** Connections for statements (default 10). */
  poolSize?: number;
  /** Told of errors of idle connections (the database restarted); without it they are ignored. */
  onIdleError?: (e: Error) => void;
}

/** Seconds a SCIM client is told to wait when the database is unreachable. */
const STORE_RETRY_AFTER_SECONDS = 5;

/** SQLSTATE classes and codes that mean the database went away or refuses connections for now. */
const LOST_STATES = /^(08|57P0[123]|53300)/;
const LOST_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when an error says the database is unreachable (restarting, down, connection dropped). */
export function isConnectionLoss(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_STATES.test(code) || LOST_ERRNOS.has(code))) return true;
  // Also a pool that found no free connection in time (the database stalls, or the host is overloaded): transient.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    e.message,
  );
}

/** Runs a database call; a lost database becomes store_unavailable (the message names no address or secret). */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isConnectionLoss(e)) {
      throw new FerryError('store_unavailable', 'The PostgreSQL store is unreachable; the request was not done.', {
        retryAfter: STORE_RETRY_AFTER_SECONDS,
        cause: e,
      });
    }
    throw e;
  }
}

/** The pools of one PostgreSQL store, over a migrated schema. */
export class PostgresPools {
  private closed = false;

  private constructor(
    /** For statements. */
    readonly query: pg.Pool,
    /** For per-object advisory locks held across an application call. */
    readonly locks: pg.Pool,
    readonly schema: string,
  ) {}

  /** Opens both pools and migrates the schema (once per database, under a lock). */
  static async open(opts: PostgresOptions): Promise<PostgresPools> {
    const schema = opts.schema ?? 'ferry';
    if (!PG_SCHEMA_NAME.test(schema)) {
      throw new FerryError(
        'invalid_value',
        `The store schema "${schema}" is not a plain lower-case PostgreSQL name (letters, digits, _).`,
      );
    }
    const make = (max: number) => {
      const pool = new pg.Pool({
        connectionString: opts.url,
        max,
        options: `-c search_path=${schema}`,
        connectionTimeoutMillis: 5000,
        idleTimeoutMillis: 30_000,
        application_name: 'ferry',
      });
      // An idle connection dropped by a database restart must not crash the host; the next query reconnects.
      pool.on('error', (e) => opts.onIdleError?.(e));
      return pool;
    };
    const query = make(opts.poolSize ?? 10);
    const locks = make(32);
    try {
      await guarded(() => migratePostgres(query, schema));
    } catch (e) {
      await Promise.all([query.end(), locks.end()]);
      throw e;
    }
    return new PostgresPools(query, locks, schema);
  }

  /** Ends both pools; safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.query.end(), this.locks.end()]);
  }

  /** Runs fn in a transaction on one connection of the statement pool. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return guarded(async () => {
      const client = await this.query.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const r = await fn(client);
        await client.query('COMMIT');
        return r;
      } catch (e) {
        broken = isConnectionLoss(e);
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release(broken);
      }
    });
  }
}
