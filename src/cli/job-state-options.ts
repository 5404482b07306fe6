// The options of `ferry sync` and `ferry provision` that say where the job's state is kept (light: no engine, so
// registering the commands loads nothing else; open-job-engine.ts opens the state).
import type { Command } from 'commander';

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
