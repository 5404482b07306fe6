// ferry discover rest <openapi file or URL> [--project FILE] …   and   ferry discover rest --manual --method … --path …
// `discover` groups the discovery commands: `rest` here, `soap` in discover-soap.ts.
import type { Command } from 'commander';
import { readText, recordedPath, relativeTo } from './discover-files.ts';
import { DiscoveryError, type DiscoveredService } from '../webservice/discovery/discovered-service.ts';
import { discoverDocument } from '../webservice/discovery/discover-document.ts';
import { isUrl } from '../webservice/discovery/fetch-document.ts';
import { discoverManual } from '../webservice/discovery/manual.ts';
import { formatMergeReport } from '../webservice/discovery/report-text.ts';
import { recordedSource, writeDiscovery, type MergeReport } from '../webservice/discovery/write-project.ts';
import { registerDiscoverSoap } from './discover-soap.ts';

/** The project file written when neither --project nor --json is given. */
export const DEFAULT_PROJECT_FILE = 'ferry-project.yaml';

interface RestOptions {
  project?: string;
  service?: string;
  json?: boolean;
  prune?: boolean;
  force?: boolean;
  insecure?: boolean;
  ca?: string;
  endpoint?: string;
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
        await discoverRest(document, o);
      } catch (e) {
        // DiscoveryError and ConfigError messages are written for a person; anything else is shown as it is.
        process.stderr.write(`ferry: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
      }
    });
  registerDiscoverSoap(discover, DEFAULT_PROJECT_FILE);
}

async function discoverRest(document: string | undefined, o: RestOptions): Promise<void> {
  const projectFile = o.project ?? (o.json ? undefined : DEFAULT_PROJECT_FILE);
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

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A sample given inline or as @file. */
function sample(value: string | undefined, flag: string): string | undefined {
  if (value === undefined || !value.startsWith('@')) return value;
  return readText(value.slice(1), flag);
}
