// ferry sync --mappings FILE [--state DIR] [--full] [--allow-deletes] [--json]
import type { Command } from 'commander';
import type { ProvisioningEngine } from '../provision/engine.ts';
import { fail } from './fail.ts';
import { type JobStateOptions, withJobStateOptions } from './job-state-options.ts';

/** Registers `ferry sync`. */
export function registerSync(program: Command): void {
  withJobStateOptions(program.command('sync'))
    .description('Run one provisioning cycle from a source (CSV/JSON) to a SCIM endpoint with Entra-style mappings')
    .requiredOption('-m, --mappings <file>', 'mapping file (YAML)')
    .option('--full', 'evaluate every user again (an initial cycle)')
    .option('--allow-deletes', 'go ahead even over the accidental-deletion threshold')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExit status: 0 done, 1 done with failures (kept in escrow) or stopped, 2 bad mapping file, 3 stopped by the accidental-deletion threshold.',
    )
    .action(
      async (o: JobStateOptions & { mappings: string; full?: boolean; allowDeletes?: boolean; json?: boolean }) => {
        // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
        const [{ loadMappingFile }, { openJobEngine }, { ProgressBar }, { formatCycleSummary }] = await Promise.all([
          import('../provision/load-mapping-file.ts'),
          import('./open-job-engine.ts'),
          import('../provision/progress-bar.ts'),
          import('../provision/report-format.ts'),
        ]);
        let engine: ProvisioningEngine | undefined;
        try {
          const job = loadMappingFile(o.mappings);
          engine = await openJobEngine(job, o);
          const bar = new ProgressBar('sync');
          const summary = await engine.runCycle({
            full: o.full,
            allowDeletes: o.allowDeletes,
            onProgress: (d, t) => bar.update(d, t),
          });
          bar.done();
          process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : formatCycleSummary(summary));
          process.exitCode = summary.status === 'completed' ? 0 : summary.status === 'quarantined' ? 3 : 1;
        } catch (e) {
          await engine?.close();
          fail(e);
        }
        await engine.close();
      },
    );
}
