// The options of `ferry sync` and `ferry provision` that say where the job's state is kept, and the engine over it.
import type { Command } from 'commander';
import { ProvisioningEngine } from '../provision/engine.ts';
import type { ProvisioningJob } from '../provision/load-mapping-file.ts';
import { openStateStore } from '../provision/open-state-store.ts';

/** The parsed state options. */
export interface JobStateOptions {
  state?: string;
  storeUrl?: string;
  storeSchema?: string;
}

/** Adds --state, --store-url and --store-schema to a command. */
export function withJobStateOptions(cmd: Command): Command {
  return cmd
    .option('-s, --state <dir>', 'state folder (change detection, escrow, provisioning log)')
    .option(
      '--store-url <url>',
      'keep the state in PostgreSQL instead, keyed by the mapping file name (default: $FERRY_STORE_URL; prefer the variable, it keeps the password out of the process list)',
    )
    .option('--store-schema <name>', 'PostgreSQL schema (default ferry, as the hosts)');
}

/** The engine of a job, its state opened where the options say (closed with the engine). */
export async function openJobEngine(job: ProvisioningJob, o: JobStateOptions): Promise<ProvisioningEngine> {
  const state = await openStateStore(job, {
    stateDir: o.state,
    storeUrl: o.storeUrl ?? process.env.FERRY_STORE_URL,
    storeSchema: o.storeSchema,
  });
  return new ProvisioningEngine(job, { state, closeState: true });
}
