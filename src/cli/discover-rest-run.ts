// What `ferry discover rest` does (discover-command.ts registers the command and loads this when it runs).
import { type DiscoverOptions, readText, recordedPath, relativeTo } from './discover-files.ts';
import { DiscoveryError, type DiscoveredService } from '../webservice/discovery/discovered-service.ts';
import { discoverDocument } from '../webservice/discovery/discover-document.ts';
import { isUrl } from '../webservice/discovery/fetch-document.ts';
import { discoverManual } from '../webservice/discovery/manual.ts';
import { formatMergeReport } from '../webservice/discovery/report-text.ts';
import { recordedSource, writeDiscovery, type MergeReport } from '../webservice/discovery/write-project.ts';

/** The options of `ferry discover rest`. */
export interface RestOptions extends DiscoverOptions {
  manual?: boolean;
  method?: string;
  path?: string;
  param?: string[];
  sampleRequest?: string;
  sampleResponse?: string;
  responseStatus?: string;
  operationId?: string;
  summary?: string;
}

const MANUAL_ONLY = [
  'method',
  'path',
  'sampleRequest',
  'sampleResponse',
  'responseStatus',
  'operationId',
  'summary',
] as const;
const FLAG: Record<string, string> = {
  method: '--method',
  path: '--path',
  sampleRequest: '--sample-request',
  sampleResponse: '--sample-response',
  responseStatus: '--response-status',
  operationId: '--operation-id',
  summary: '--summary',
};

/** Discovers REST operations (an OpenAPI document or --manual) into the project as `ferry discover rest` does. */
export async function discoverRest(
  document: string | undefined,
  o: RestOptions,
  defaultProject: string,
): Promise<void> {
  const projectFile = o.project ?? (o.json ? undefined : defaultProject);
  let found: DiscoveredService;
  if (o.manual) {
    if (document !== undefined) throw new DiscoveryError(`--manual takes no document (got "${document}")`);
    if (o.prune) throw new DiscoveryError('--prune needs an OpenAPI document (discovery by hand only adds operations)');
    if (!o.method || !o.path) throw new DiscoveryError('--manual needs --method and --path');
    found = discoverManual({
      method: o.method,
      path: o.path,
      endpoint: o.endpoint,
      parameters: o.param,
      sampleRequest: sample(o.sampleRequest, '--sample-request'),
      sampleResponse: sample(o.sampleResponse, '--sample-response'),
      responseStatus: o.responseStatus,
      operationId: o.operationId,
      summary: o.summary,
    });
  } else {
    if (document === undefined) {
      // Rediscovery: the source an earlier discovery recorded in the project, relative to the project's folder.
      const recorded = projectFile ? recordedSource(projectFile, o.service) : undefined;
      if (!recorded)
        throw new DiscoveryError(
          `give an OpenAPI document (a file or an http(s) URL), or describe an operation with --manual${projectFile ? ` (${projectFile} records no source to discover again)` : ''}`,
        );
      document = recordedPath(projectFile as string, recorded.source, isUrl(recorded.source));
      o.service = recorded.service;
    }
    const misplaced = MANUAL_ONLY.filter((k) => o[k] !== undefined).map((k) => FLAG[k]);
    if (o.param?.length) misplaced.push('--param');
    if (misplaced.length)
      throw new DiscoveryError(`${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} for --manual`);
    const ca = o.ca === undefined ? undefined : readText(o.ca, '--ca');
    ({ found } = await discoverDocument({
      kind: 'rest',
      location: document,
      insecure: o.insecure,
      ca,
      endpoint: o.endpoint,
    }));
    // Recorded relative to the project, so rediscovery works from wherever the project is checked out.
    if (projectFile && !isUrl(document)) found.source = relativeTo(projectFile, document);
  }
  for (const w of found.warnings) process.stderr.write(`ferry: warning: ${w}\n`);
  let report: MergeReport | undefined;
  if (projectFile)
    report = writeDiscovery(projectFile, found, {
      service: o.service,
      mode: o.manual ? 'add' : 'replace',
      prune: o.prune,
      force: o.force,
    });
  if (o.json) process.stdout.write(`${JSON.stringify(report ? { ...found, project: report } : found, null, 2)}\n`);
  else if (report) process.stdout.write(formatMergeReport(report, found));
  if (report?.problems.length) {
    process.stderr.write(`ferry: ${report.file} does not load:\n${report.problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exitCode = 2;
  }
}

/** A sample given inline or as @file. */
function sample(value: string | undefined, flag: string): string | undefined {
  if (value === undefined || !value.startsWith('@')) return value;
  return readText(value.slice(1), flag);
}
