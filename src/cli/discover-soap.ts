// ferry discover soap <wsdl file or URL> [--project FILE] [--service NAME] [--port NAME] [--json] …
// Reads a WSDL (with its imports), writes its SOAP operations into a web service project (rediscovery keeps flows
// and comments), and prints the tree service → port → operation with each message sketched on one line.
import type { Command } from 'commander';
import type { SoapOptions } from './discover-soap-run.ts';

/** Registers `ferry discover soap` under `discover`; `defaultProject` is written when neither --project nor --json is given. */
export function registerDiscoverSoap(discover: Command, defaultProject: string): void {
  const exit = (err: { exitCode: number }): never => process.exit(err.exitCode === 0 ? 0 : 2);
  discover
    .command('soap')
    .description('SOAP operations from a WSDL 1.1 or 2.0 (file or URL, with its imported and included schemas)')
    .argument('[wsdl]', 'the WSDL: a file or an http(s) URL (default: the source the project recorded)')
    .option('--project <file>', `project file to create or update (default ${defaultProject}; with --json, none)`)
    .option('--service <name>', 'service of the project to update (default: its first service, or "api")')
    .option('--port <name>', 'only this WSDL port ("Port" or "Service.Port"); default every SOAP port')
    .option('--json', 'print what was discovered as JSON; writes nothing unless --project is given')
    .option('--prune', 'remove operations the WSDL no longer has (those a flow calls are kept)')
    .option('--force', 'write even if the project would no longer load')
    .option('--endpoint <url>', "the service's endpoint, instead of the WSDL's addresses")
    .option('--lenient', 'leave out operations that cannot be understood (with a warning) instead of failing')
    .option('--insecure', 'do not verify the TLS certificate when fetching (a test system only)')
    .option('--ca <file>', 'CA certificate (PEM) to trust when fetching')
    .addHelpText(
      'after',
      `
Examples:
  ferry discover soap sap-user.wsdl --project sap.yaml
  ferry discover soap 'https://app.example.com/Users.svc?wsdl' --port UsersSoap12 --json

Operations are keyed by name, or Port.Operation when a name repeats across ports. Rediscovery updates only
services.<name>.discovery of the project (and sets kind: soap): flows, comments and the rest stay as written.
Exit status: 0 done, 2 error (nothing written) or a project that does not load.`,
    )
    .exitOverride(exit)
    .action(async (wsdl: string | undefined, o: SoapOptions) => {
      try {
        // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
        await (await import('./discover-soap-run.ts')).discoverSoap(wsdl, o, defaultProject);
      } catch (e) {
        process.stderr.write(`ferry: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
      }
    });
}
