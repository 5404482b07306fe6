// The `ferry` command line.
import { Command } from 'commander';
import { FERRY_VERSION } from '../version.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerDemo } from './demo-command.ts';
import { registerDiscover } from './discover-command.ts';
import { registerExpr } from './expr-command.ts';
import { registerInit } from './init-command.ts';
import { registerProvision } from './provision-command.ts';
import { registerServe } from './serve-command.ts';
import { registerSync } from './sync-command.ts';
import { registerSyncLog } from './sync-log-command.ts';
import { registerToken } from './token-command.ts';
import { registerValidate } from './validate-command.ts';

/** Runs the CLI with the given argv. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('ferry')
    .description('Ferry: an open SCIM 2.0 connector host that provisions into REST and SOAP applications.')
    .version(FERRY_VERSION)
    .showHelpAfterError();
  registerServe(program);
  registerDemo(program);
  registerValidate(program);
  registerInit(program);
  registerDiscover(program);
  registerExpr(program);
  registerSync(program);
  registerSyncLog(program);
  registerProvision(program);
  registerAdminCommands(program);
  registerToken(program);
  await program.parseAsync(argv);
}
