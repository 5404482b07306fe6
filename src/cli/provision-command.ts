// ferry provision --mappings FILE --user ID [--state DIR] [--json]: provision on demand, with Entra's step report.
import type { Command } from 'commander';
import type { ProvisioningEngine } from '../provision/engine.ts';
import { fail } from './fail.ts';
import { type JobStateOptions, withJobStateOptions } from './job-state-options.ts';

/** Registers `ferry provision`. */
export function registerProvision(program: Command): void {
  withJobStateOptions(program.command('provision'))
    .description(
      "Provision one user now and show each step (import, scope, match, action), as Entra's provision on demand",
    )
    .requiredOption('-m, --mappings <file>', 'mapping file (YAML)')
    .requiredOption('-u, --user <id>', "the user, by the source's id attribute (e.g. userPrincipalName)")
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit status: 0 success or skipped, 1 failure, 2 bad mapping file.')
    .action(async (o: JobStateOptions & { mappings: string; user: string; json?: boolean }) => {
      // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
      const [{ loadMappingFile }, { openJobEngine }, { formatReport }] = await Promise.all([
        import('../provision/load-mapping-file.ts'),
        import('./open-job-engine.ts'),
        import('../provision/report-format.ts'),
      ]);
      let engine: ProvisioningEngine | undefined;
      try {
        const job = loadMappingFile(o.mappings);
        engine = await openJobEngine(job, o);
        const report = await engine.provisionOnDemand(o.user);
        process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        process.exitCode = report.status === 'failure' ? 1 : 0;
      } catch (e) {
        await engine?.close();
        fail(e);
      }
      await engine.close();
    });
}
