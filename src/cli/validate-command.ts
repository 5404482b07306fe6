// ferry validate ferry.yaml
import type { Command } from 'commander';
import { loadHostConfig } from '../config/load-config.ts';
import { fail } from './fail.ts';

/** Registers `ferry validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check a host configuration file and report every problem with its line')
    .argument('[file]', 'host configuration (YAML)', 'ferry.yaml')
    .action((file: string) => {
      try {
        const cfg = loadHostConfig(file);
        process.stdout.write(`${file}: valid (${cfg.connectors.length} connector${cfg.connectors.length === 1 ? '' : 's'}: ${cfg.connectors.map((c) => c.name).join(', ')})\n`);
      } catch (e) {
        fail(e);
      }
    });
}
