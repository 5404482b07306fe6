// ferry token new: a strong secret token for a connector or the admin API.
import type { Command } from 'commander';
import { newToken } from '../util/new-token.ts';

export { newToken };

/** Registers `ferry token new`. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('Secret tokens for connectors and the admin API');
  token
    .command('new')
    .description('Print a new random secret token (256 bits), e.g. for FERRY_DEMO_TOKEN or a ${file:} secret')
    .action(() => {
      process.stdout.write(`${newToken()}\n`);
    });
}
