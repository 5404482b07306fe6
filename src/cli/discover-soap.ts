// ferry discover soap <wsdl file or URL> [--project FILE] [--service NAME] [--port NAME] [--json] …
// Reads a WSDL (with its imports), writes its SOAP operations into a web service project (rediscovery keeps flows
// and comments), and prints the tree service → port → operation with each message sketched on one line.
import type { Command } from 'commander';
import { readText, recordedPath, relativeTo } from './discover-files.ts';
import { soapDiscovery } from '../soap/discovery.ts';
import { onlyPorts, wsdlTree } from '../soap/wsdl-tree.ts';
import { isHttpUrl } from '../soap/fetch-text.ts';
import { formatSoapTree } from '../soap/sketch.ts';
import { loadWsdl } from '../soap/wsdl.ts';
import { wsdlOperationName } from '../soap/envelope.ts';
import { DiscoveryError, type DiscoveredService } from '../webservice/discovery/discovered-service.ts';
import { formatMergeReport } from '../webservice/discovery/report-text.ts';
import { recordedSource, writeDiscovery, type MergeReport } from '../webservice/discovery/write-project.ts';

interface SoapOptions {
  project?: string;
  service?: string;
  port?: string;
  json?: boolean;
  prune?: boolean;
  force?: boolean;
  insecure?: boolean;
  ca?: string;
  endpoint?: string;
  lenient?: boolean;
}

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
        await discoverSoap(wsdl, o, defaultProject);
      } catch (e) {
        process.stderr.write(`ferry: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
      }
    });
}

async function discoverSoap(wsdl: string | undefined, o: SoapOptions, defaultProject: string): Promise<void> {
  const projectFile = o.project ?? (o.json ? undefined : defaultProject);
  if (wsdl === undefined) {
    const recorded = projectFile ? recordedSource(projectFile, o.service) : undefined;
    if (!recorded)
      throw new DiscoveryError(
        `give a WSDL (a file or an http(s) URL)${projectFile ? ` (${projectFile} records no source to discover again)` : ''}`,
      );
    wsdl = recordedPath(projectFile as string, recorded.source, isHttpUrl(recorded.source));
    o.service = recorded.service;
  }
  const ca = o.ca === undefined ? undefined : readText(o.ca, '--ca');
  const desc = await loadWsdl(wsdl, { insecure: o.insecure, ca, lenient: o.lenient });
  const found = soapDiscovery(desc, {
    source: wsdl,
    documentUrl: isHttpUrl(wsdl) ? wsdl : undefined,
    port: o.port,
    endpoint: o.endpoint,
  });
  // Recorded relative to the project, so rediscovery works from wherever the project is checked out.
  if (projectFile && !isHttpUrl(wsdl)) found.source = relativeTo(projectFile, wsdl);
  for (const w of found.warnings) process.stderr.write(`ferry: warning: ${w}\n`);
  let report: MergeReport | undefined;
  if (projectFile) report = writeDiscovery(projectFile, found, { service: o.service, prune: o.prune, force: o.force });
  const shown = onlyPorts(desc, o.port);
  if (o.json)
    process.stdout.write(
      `${JSON.stringify({ services: wsdlTree(shown), ...(report ? { project: report } : {}) }, null, 2)}\n`,
    );
  else {
    if (report) process.stdout.write(formatMergeReport(report, found));
    process.stdout.write(formatSoapTree(shown, idsOf(found)));
  }
  if (report?.problems.length) {
    process.stderr.write(`ferry: ${report.file} does not load:\n${report.problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exitCode = 2;
  }
}

/** service, port and operation name → the project operation id, for the tree. */
function idsOf(found: DiscoveredService): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [id, op] of Object.entries(found.operations)) {
    if (op.soap) ids.set(`${op.soap.service}\u0000${op.soap.port}\u0000${wsdlOperationName(op.soap, id)}`, id);
  }
  return ids;
}
