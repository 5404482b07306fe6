// What `ferry discover soap` does (discover-soap.ts registers the command and loads this when it runs).
import { type DiscoverOptions, readText, recordedPath, relativeTo } from './discover-files.ts';
import { soapDiscovery } from '../soap/discovery.ts';
import { onlyPorts, wsdlTree } from '../soap/wsdl-tree.ts';
import { isHttpUrl } from '../soap/fetch-text.ts';
import { formatSoapTree } from '../soap/sketch.ts';
import { loadWsdl } from '../soap/wsdl.ts';
import { wsdlOperationName } from '../soap/envelope.ts';
import { DiscoveryError, type DiscoveredService } from '../webservice/discovery/discovered-service.ts';
import { formatMergeReport } from '../webservice/discovery/report-text.ts';
import { recordedSource, writeDiscovery, type MergeReport } from '../webservice/discovery/write-project.ts';

/** The options of `ferry discover soap`. */
export interface SoapOptions extends DiscoverOptions {
  port?: string;
  lenient?: boolean;
}

/** Discovers a WSDL's operations into the project (or prints them) as `ferry discover soap` does. */
export async function discoverSoap(wsdl: string | undefined, o: SoapOptions, defaultProject: string): Promise<void> {
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
