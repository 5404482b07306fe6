// ferry sync-log --mappings FILE [--user ID] [--cycle N] [--status S] [--limit N] [--details] [--json]: a job's
// provisioning log, newest first, as Entra's provisioning logs list a job's users (the cycle summary names only
// the first failures).
import type { Command } from 'commander';
import type { ProvisioningEngine } from '../provision/engine.ts';
import type { ProvisioningReport } from '../provision/report.ts';
import { fail } from './fail.ts';
import { type JobStateOptions, withJobStateOptions } from './job-state-options.ts';

interface SyncLogOptions extends JobStateOptions {
  mappings: string;
  user?: string;
  cycle?: string;
  status?: string;
  limit: string;
  details?: boolean;
  json?: boolean;
}

const STATUSES = ['success', 'failure', 'skipped'];

/** Registers `ferry sync-log`. */
export function registerSyncLog(program: Command): void {
  withJobStateOptions(program.command('sync-log'))
    .description("Show a provisioning job's log (the users its cycles processed), newest first")
    .requiredOption('-m, --mappings <file>', 'mapping file (YAML)')
    .option('-u, --user <id>', "only this user, by the source's id attribute")
    .option('-c, --cycle <n>', 'only this cycle')
    .option('--status <status>', `only entries with this status (${STATUSES.join(', ')})`)
    .option('-n, --limit <n>', 'at most this many entries', '50')
    .option('--details', "each entry's step report, as ferry provision prints it")
    .option('--json', 'print the entries as JSON')
    .action(async (o: SyncLogOptions) => {
      const [{ loadMappingFile }, { openJobEngine }, { formatReport }] = await Promise.all([
        import('../provision/load-mapping-file.ts'),
        import('./open-job-engine.ts'),
        import('../provision/report-format.ts'),
      ]);
      let engine: ProvisioningEngine | undefined;
      try {
        const filter = logFilter(o);
        engine = await openJobEngine(loadMappingFile(o.mappings), o);
        const entries = await engine.log(filter);
        if (o.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else if (o.details)
          process.stdout.write(entries.map((e) => formatReport(e, headingOf(e))).join('\n') || 'No entries.\n');
        else process.stdout.write(entries.length ? `${entries.map(lineOf).join('\n')}\n` : 'No entries.\n');
      } catch (e) {
        await engine?.close();
        fail(e);
      }
      await engine.close();
    });
}

function logFilter(o: SyncLogOptions) {
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer, not "${o.limit}"`);
  const cycle = o.cycle === undefined ? undefined : Number(o.cycle);
  if (cycle !== undefined && (!Number.isInteger(cycle) || cycle < 1))
    throw new Error(`--cycle must be a cycle number, not "${o.cycle}"`);
  if (o.status !== undefined && !STATUSES.includes(o.status))
    throw new Error(`--status must be one of ${STATUSES.join(', ')}, not "${o.status}"`);
  return {
    limit,
    ...(o.user !== undefined ? { sourceId: o.user } : {}),
    ...(cycle !== undefined ? { cycleId: cycle } : {}),
    ...(o.status !== undefined ? { status: o.status } : {}),
  };
}

function headingOf(e: ProvisioningReport): string {
  return `${e.time}${e.cycleId === null ? ' provision on demand' : ` cycle ${e.cycleId}`}`;
}

/** One entry on one line: when, which cycle, who, what, how it ended, and why when it failed. */
function lineOf(e: ProvisioningReport): string {
  const cycle = e.cycleId === null ? 'on demand' : `cycle ${e.cycleId}`;
  const target = e.targetId ? ` → ${e.targetId}` : '';
  const why = e.error ? `  ${e.error.code}: ${e.error.message}` : e.reason ? `  (${e.reason})` : '';
  return `${e.time}  ${cycle.padEnd(9)}  ${e.status.padEnd(7)}  ${e.action.padEnd(14)}  ${e.sourceId}${target}${why}`;
}
