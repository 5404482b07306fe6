// ferry init --template NAME [--dir DIR]: a new configuration folder from a template of the gallery (templates/):
// the host configuration with the template's connector snippet filled in, the web service project and the files
// it references, Entra's mappings, and the secrets (a new connector token, an admin token, secret parameters) in
// files of their own that the configuration references as ${file:…}. `ferry init --list` lists the templates.
import { type Command, Option } from 'commander';
import { fail } from './fail.ts';
import type { InitOptions } from './init-run.ts';
import { TEMPLATE_STYLES } from './template-styles.ts';

/** Registers `ferry init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Create a configuration folder from a template of the gallery (ferry init --list shows them)')
    .option('-t, --template <name>', 'the template (e.g. sap-ecc, oracle-ebs)')
    .option('-l, --list', 'list the templates')
    .option('-d, --dir <dir>', 'the new configuration folder (default ./ferry-<template>)')
    .option('--name <connector>', "the connector's name (default: the template's)")
    .addOption(
      new Option('--style <style>', 'ECMA style (Entra\'s "On-premises ECMA app") or SCIM style').choices(
        TEMPLATE_STYLES,
      ),
    )
    .option('--base-url <url>', "the application's origin")
    .option(
      '-p, --param <name=value>',
      'a parameter of the project (repeatable); also FERRY_INIT_<NAME>',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--port <port>', 'the port the host listens on', (v) => Number(v), 8585)
    .action(async (o: InitOptions) => {
      try {
        // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
        const { listText, runInit } = await import('./init-run.ts');
        process.stdout.write(o.list ? listText() : await runInit(o));
      } catch (e) {
        fail(e);
      }
    });
}
