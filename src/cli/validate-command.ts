// ferry validate ferry.yaml | ferry validate --project app.yaml
import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.ts';
import { loadHostConfig } from '../config/load-config.ts';
import { loadProject } from '../webservice/project/load-project.ts';
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
    .action((file: string, o: { project?: string }) => {
      try {
        if (o.project) {
          const { project } = loadProject(o.project);
          const flows = Object.values(project.flows.objectTypes).reduce((n, f) => n + Object.keys(f).length, 0);
          process.stdout.write(
            `${o.project}: valid (${project.schema.objectTypes.length} object types, ${flows} flows, ${Object.keys(project.services).length} services)\n`,
          );
          return;
        }
        const cfg = loadHostConfig(file);
        const problems: string[] = [];
        for (const c of cfg.connectors) {
          if (c.kind !== 'web-services' || !c.connectivity.project) continue;
          try {
            loadProject(c.connectivity.project);
          } catch (e) {
            if (e instanceof ConfigError) problems.push(e.message);
            else throw e;
          }
        }
        if (problems.length) {
          process.stderr.write(`ferry: ${problems.join('\n')}\n`);
          process.exit(2);
        }
        process.stdout.write(
          `${file}: valid (${cfg.connectors.length} connector${cfg.connectors.length === 1 ? '' : 's'}: ${cfg.connectors.map((c) => c.name).join(', ')})\n`,
        );
      } catch (e) {
        fail(e);
      }
    });
}
