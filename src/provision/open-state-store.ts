// Where a provisioning job keeps its state: its SQLite file (the default), or the PostgreSQL store the hosts of a
// cluster share, so that a job run from any machine continues where the last run left off.
import { basename, extname } from 'node:path';
import { PostgresPools } from '../space/postgres-pool.ts';
import type { ProvisioningJob } from './load-mapping-file.ts';
import { PostgresStateStore } from './postgres-state-store.ts';
import { SqliteStateStore } from './sqlite-state-store.ts';
import type { StateStore } from './state-store.ts';

/** Where to keep a job's state. */
export interface StateLocation {
  /** The SQLite state folder (default: the job's). */
  stateDir?: string;
  /** A PostgreSQL URL: the state goes there instead (a secret: it may hold a password). */
  storeUrl?: string;
  /** The PostgreSQL schema (default ferry, as the hosts'). */
  storeSchema?: string;
}

/** Opens a job's state; on PostgreSQL its rows are keyed by the mapping file's name (without extension). */
export async function openStateStore(job: ProvisioningJob, where: StateLocation): Promise<StateStore> {
  if (!where.storeUrl) return SqliteStateStore.open(where.stateDir ?? job.stateDir);
  const pools = await PostgresPools.open({ url: where.storeUrl, schema: where.storeSchema, poolSize: 4 });
  return new PostgresStateStore(pools, basename(job.file, extname(job.file)), true);
}
