// ferry discover rest <openapi file or URL> [--project FILE] …   and   ferry discover rest --manual --method … --path …
// `discover` groups the discovery commands: `rest` here, `soap` in discover-soap.ts.
import type { Command } from 'commander';
import type { RestOptions } from './discover-rest-run.ts';
import { registerDiscoverSoap } from './discover-soap.ts';

/** The project file written when neither --project nor --json is given. */
export const DEFAULT_PROJECT_FILE = 'ferry-project.yaml';

/** Registers `ferry discover` and its `rest` and `soap` subcommands. */
export function registerDiscover(program: Command): void {
  const exit = (err: { exitCode: number }): never => process.exit(err.exitCode === 0 ? 0 : 2);
  const discover = program
    .command('discover')
    .description('Discover the operations of an application into a web service project')
    .exitOverride(exit);
  discover
    .command('rest')
    .description(
      'REST operations from an OpenAPI 2.0/3.0/3.1 document (file or URL), or one operation by hand (--manual)',
    )
    .argument('[document]', 'OpenAPI document: a file or an http(s) URL (default: the source the project recorded)')
    .option('--project <file>', `project file to create or update (default ${DEFAULT_PROJECT_FILE}; with --json, none)`)
    .option('--service <name>', 'service of the project to update (default: its first service, or "api")')
    .option('--json', 'print what was discovered as JSON; writes nothing unless --project is given')
    .option('--prune', 'remove operations the document no longer has (those a flow calls are kept)')
    .option('--force', 'write even if the project would no longer load')
    .option('--endpoint <url>', "the service's base URL (by hand; or instead of the document's servers/host)")
    .option('--insecure', 'do not verify the TLS certificate when fetching (a test system only)')
    .option('--ca <file>', 'CA certificate (PEM) to trust when fetching')
    .option('--manual', 'describe one operation by hand instead of reading a document')
    .option('--method <method>', '(--manual) HTTP method')
    .option('--path <path>', '(--manual) path with {name} parameters, e.g. /users/{id}')
    .option(
      '--param <name:in[:required]>',
      '(--manual) a parameter, in: path, query, header or body (repeatable)',
      collect,
    )
    .option('--sample-request <json>', '(--manual) sample request body: JSON text, or @file')
    .option('--sample-response <json>', '(--manual) sample response body: JSON text, or @file')
    .option('--response-status <code>', '(--manual) status of the sample response (default 200)')
    .option('--operation-id <id>', '(--manual) operation id (default: from method and path, e.g. getUsersById)')
    .option('--summary <text>', '(--manual) one-line summary')
    .addHelpText(
      'after',
      `
Examples:
  ferry discover rest openapi.yaml --project app.yaml
  ferry discover rest https://app.example.com/openapi.json --json
  ferry discover rest --manual --method GET --path /users/{id} --endpoint https://app.example.com/api \\
      --param expand:query --sample-response '{"id":"1","login":"jdoe"}' --project app.yaml

Rediscovery updates only services.<name>.discovery of the project: flows, comments and the rest stay as written.
Exit status: 0 done, 2 error (nothing written) or a project that does not load.`,
    )
    // Every failure, usage mistakes included, exits 2 (0 for --help).
    .exitOverride(exit)
    .action(async (document: string | undefined, o: RestOptions) => {
      try {
        // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
        await (await import('./discover-rest-run.ts')).discoverRest(document, o, DEFAULT_PROJECT_FILE);
      } catch (e) {
        // DiscoveryError and ConfigError messages are written for a person; anything else is shown as it is.
        process.stderr.write(`ferry: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
      }
    });
  registerDiscoverSoap(discover, DEFAULT_PROJECT_FILE);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
