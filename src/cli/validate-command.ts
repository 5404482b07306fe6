// ferry validate ferry.yaml | ferry validate --project app.yaml
import type { Command } from 'commander';
import { fail } from './fail.ts';

/** Registers `ferry validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Check a host configuration (and the web service projects it uses), or one project file; every problem with its line',
    )
    .argument('[file]', 'host configuration (YAML)', 'ferry.yaml')
    .option('--project <file>', 'check this web service project file instead')
    .action(async (file: string, o: { project?: string }) => {
      try {
        if (o.project) {
          // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
          const { loadProject } = await import('../webservice/project/load-project.ts');
          const { project } = loadProject(o.project);
          const flows = Object.values(project.flows.objectTypes).reduce((n, f) => n + Object.keys(f).length, 0);
          process.stdout.write(
            `${o.project}: valid (${project.schema.objectTypes.length} object types, ${flows} flows, ${Object.keys(project.services).length} services)\n`,
          );
          return;
        }
        // The same checks as `ferry serve` before it listens (one path), so a valid file also starts.
        const { loadCheckedHostConfig } = await import('../host/check-setup.ts');
        const { config: cfg } = await loadCheckedHostConfig(file);
        process.stdout.write(
          `${file}: valid (${cfg.connectors.length} connector${cfg.connectors.length === 1 ? '' : 's'}: ${cfg.connectors.map((c) => c.name).join(', ')})\n`,
        );
      } catch (e) {
        fail(e);
      }
    });
}
