// ferry token new: a strong secret token for a connector or the admin API.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';

/** A new random token: 32 bytes (256 bits) as base64url, 43 characters, no whitespace or padding. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

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
