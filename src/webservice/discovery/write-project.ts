// Writes a discovery into a project file: creates a minimal project when there is none, otherwise updates only
// `services.<name>.discovery` (and a missing base URL), in place. Flows, comments and everything else stay as
// they are, byte for byte; operations the source no longer has are kept unless pruning is asked for.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { ConfigError } from '../../config/config-error.ts';
import { parseProject } from '../project/load-project.ts';
import { DiscoveryError, type DiscoveredOperation, type DiscoveredService } from './discovered-service.ts';
import { isObject, type JsonObject } from './json-ref.ts';
import { redactDiscovered } from './redact-sample.ts';
import { editYamlInPlace, type KeyPath } from './yaml-in-place.ts';

/** The name a service gets when the project has none to choose from. */
export const DEFAULT_SERVICE = 'api';

const SERVICE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** How a discovery is merged. */
export interface MergeOptions {
  /** The service to update (default: the project's first service, or "api"). */
  service?: string;
  /**
   * `replace` (an OpenAPI document: the source of all operations) reports operations the source no longer has
   * and records the source; `add` (discovery by hand) only adds or replaces the operations given.
   */
  mode?: 'replace' | 'add';
  /** Remove operations the source no longer has (those a flow still calls are kept and reported). */
  prune?: boolean;
  /** Write even when the project would not load afterwards (e.g. a flow needs a path parameter that is gone). */
  force?: boolean;
  /** The time recorded as discoveredAt (default now). */
  now?: Date;
}

/** What a merge did. */
export interface MergeReport {
  file: string;
  service: string;
  /** The project file did not exist and was created. */
  created: boolean;
  /** The service did not exist in the project and was added. */
  serviceAdded: boolean;
  /** The base URL written because the service had none. */
  baseUrlAdded?: string;
  /** The base URL the source gives when it differs from the service's, which is kept. */
  baseUrlIgnored?: string;
  /** The service's kind, set because the source is of another kind than the service was (e.g. soap). */
  kindSet?: 'rest' | 'soap';
  added: string[];
  updated: string[];
  unchanged: string[];
  /** In the project but not in the source: kept (unless pruned). */
  missing: string[];
  /** Pruned from the project. */
  removed: string[];
  /** Missing from the source and to be pruned, but kept because a flow calls them. */
  keptInUse: string[];
  /** Problems of the project after the merge (only when it did not load before either, or with force). */
  problems: string[];
}

/** Merges `found` into the project file `file` (created when missing) and writes it; returns what changed. */
export function writeDiscovery(file: string, found: DiscoveredService, opts: MergeOptions = {}): MergeReport {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const { text, report } = mergeDiscovery(existing, file, found, opts);
  // Write beside the file and rename, so a crash never leaves half a project.
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return report;
}

/** The new text of a project file (`text` undefined: the file does not exist yet) and what changed. */
export function mergeDiscovery(
  text: string | undefined,
  file: string,
  discovered: DiscoveredService,
  opts: MergeOptions = {},
): { text: string; report: MergeReport } {
  // Samples keep their shape but never a secret's value (a password hash in a sample response, an API key example).
  const found = redactDiscovered(discovered);
  const created = text === undefined;
  const mode = opts.mode ?? 'replace';
  let current = text ?? skeleton(found, opts.service ?? DEFAULT_SERVICE, file);
  const parsed = parseDocument(current);
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    const pos = e.linePos?.[0];
    throw new DiscoveryError(
      `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const js: unknown = parsed.toJS({ maxAliasCount: 1000 });
  if (!isObject(js)) throw new DiscoveryError(`${file}: not a project file (expected a map at the top)`);
  const services = js.services === undefined || js.services === null ? {} : js.services;
  if (!isObject(services)) throw new DiscoveryError(`${file}: "services" must be a map of service name → service`);
  const names = Object.keys(services);
  const service = opts.service ?? names[0] ?? DEFAULT_SERVICE;
  if (!SERVICE_NAME.test(service))
    throw new DiscoveryError(
      `service name "${service}" must start with a letter or _ and hold only letters, digits, _ and -`,
    );

  const svc = services[service];
  const serviceAdded = !isObject(svc);
  const http = isObject(svc) && isObject(svc.http) ? svc.http : undefined;
  const hasBaseUrl = typeof http?.baseUrl === 'string' && http.baseUrl !== '';
  if (!hasBaseUrl && !found.baseUrl) {
    throw new DiscoveryError(
      `service "${service}" has no base URL and the source gives none (or only a relative one): pass --endpoint URL`,
    );
  }
  const discovery = isObject(svc) && isObject(svc.discovery) ? svc.discovery : undefined;
  const before = isObject(discovery?.operations) ? discovery.operations : {};

  const report: MergeReport = {
    file,
    service,
    created,
    serviceAdded,
    added: [],
    updated: [],
    unchanged: [],
    missing: [],
    removed: [],
    keptInUse: [],
    problems: [],
  };
  if (!hasBaseUrl && !serviceAdded) report.baseUrlAdded = found.baseUrl;
  const kind = isObject(svc) && typeof svc.kind === 'string' ? svc.kind : 'rest';
  if (found.kind !== undefined && !serviceAdded && found.kind !== kind) report.kindSet = found.kind;
  // The service's HTTP settings are the person's: a different base URL from the source is only reported.
  if (hasBaseUrl && found.baseUrl && found.baseUrl !== http?.baseUrl) report.baseUrlIgnored = found.baseUrl;
  for (const [id, op] of Object.entries(found.operations)) {
    if (!(id in before)) report.added.push(id);
    else if (canonical(before[id]) === canonical(op)) report.unchanged.push(id);
    else report.updated.push(id);
  }
  if (mode === 'replace') {
    report.missing = Object.keys(before).filter((id) => !(id in found.operations));
    if (opts.prune) {
      const used = calledOperations(js, service, names[0] ?? service);
      report.keptInUse = report.missing.filter((id) => used.has(id));
      report.removed = report.missing.filter((id) => !used.has(id));
    }
  }

  const at = (...keys: string[]): KeyPath => ['services', service, ...keys];
  const touched: KeyPath[] = serviceAdded
    ? [at()]
    : [
        at('discovery'),
        ...(report.baseUrlAdded ? [at('http', 'baseUrl')] : []),
        ...(report.kindSet ? [at('kind')] : []),
      ];
  const now = (opts.now ?? new Date()).toISOString();
  current = editYamlInPlace(current, touched, (doc) => {
    // Added at the end of the service, so the rest of it stays byte for byte (a new service gets it first).
    if (report.kindSet || (serviceAdded && found.kind === 'soap')) {
      if (serviceAdded) setAhead(doc, mapAt(doc, at()), 'kind', found.kind as string, ['http', 'soap', 'discovery']);
      else mapAt(doc, at()).set('kind', found.kind);
    }
    if (report.baseUrlAdded || serviceAdded) mapAt(doc, at('http')).set('baseUrl', found.baseUrl);
    const disc = mapAt(doc, at('discovery'));
    if (mode === 'replace' && found.source !== undefined)
      setAhead(doc, disc, 'source', found.source, ['discoveredAt', 'operations']);
    setAhead(doc, disc, 'discoveredAt', now, ['operations']);
    const ops = mapAt(doc, at('discovery', 'operations'));
    for (const id of [...report.added, ...report.updated]) {
      const node = operationNode(doc, found.operations[id]);
      const old = ops.get(id, true);
      // A person's note on an operation outlives its rediscovery: it moves to the top of the new entry.
      const notes = isNode(old) ? [old.commentBefore, old.comment].filter((c): c is string => !!c) : [];
      if (notes.length) node.commentBefore = notes.join('\n');
      ops.set(id, node);
    }
    for (const id of report.removed) ops.delete(id);
  });

  try {
    parseProject(current, file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    report.problems = e.message.split('\n');
    if (!created && !opts.force && loads(text as string, file)) {
      throw new DiscoveryError(
        `${file} would no longer load after this discovery, so nothing was written:\n${e.message}\n(fix the flows or the discovery, or pass --force to write anyway)`,
      );
    }
  }
  return { text: current, report };
}

/** The source recorded by an earlier discovery of `service` (default the first) in a project file, if any. */
export function recordedSource(file: string, service?: string): { service: string; source: string } | undefined {
  if (!existsSync(file)) return undefined;
  let js: unknown;
  try {
    js = parseDocument(readFileSync(file, 'utf8')).toJS({ maxAliasCount: 1000 });
  } catch {
    // A broken file records nothing usable; the merge that follows reports what is wrong with it.
    return undefined;
  }
  const services = isObject(js) && isObject(js.services) ? js.services : {};
  const name = service ?? Object.keys(services)[0];
  const svc = name === undefined ? undefined : services[name];
  const source = isObject(svc) && isObject(svc.discovery) ? svc.discovery.source : undefined;
  return name !== undefined && typeof source === 'string' && source !== '' ? { service: name, source } : undefined;
}

/** A new project: the service, and a placeholder object type so the file loads until the person writes theirs. */
function skeleton(found: DiscoveredService, service: string, file: string): string {
  if (!found.baseUrl)
    throw new DiscoveryError(
      `${file} does not exist and the source gives no absolute base URL: pass --endpoint URL to create it`,
    );
  if (!SERVICE_NAME.test(service))
    throw new DiscoveryError(
      `service name "${service}" must start with a letter or _ and hold only letters, digits, _ and -`,
    );
  const from = found.source ? ` from ${found.source}` : '';
  return `# Web service project, started by \`ferry discover ${found.kind ?? 'rest'}\`${from.replace(/\n/g, ' ')}.
# services.${service}.discovery is rewritten by the next discovery; everything else in this file is yours:
# the application's object types under schema, and the flows that move them under flows.
name: ${JSON.stringify(found.title ?? service)}
parameters: []
services:
  ${service}:${found.kind === 'soap' ? '\n    kind: soap' : ''}
    http:
      baseUrl: ${JSON.stringify(found.baseUrl)}
schema:
  objectTypes:
    # A placeholder so the project loads: replace it with the application's object types and attributes.
    - name: User
      anchor: id
      attributes:
        - { name: id, readOnly: true }
flows:
  objectTypes: {}
`;
}

/** The map at `path`, created (in block style) where missing or not a map. */
function mapAt(doc: Document, path: KeyPath): YAMLMap {
  let node = doc.getIn(path, true);
  if (!isMap(node)) {
    if (path.length > 1) mapAt(doc, path.slice(0, -1));
    doc.setIn(path, doc.createNode({}));
    node = doc.getIn(path, true);
  }
  const map = node as YAMLMap;
  map.flow = false;
  return map;
}

/** Sets `key` in `map`; a new key goes before the first of `before` present, so the file reads in a fixed order. */
function setAhead(doc: Document, map: YAMLMap, key: string, value: string, before: string[]): void {
  if (map.has(key)) {
    map.set(key, value);
    return;
  }
  const i = map.items.findIndex((p) => isScalar(p.key) && before.includes(String(p.key.value)));
  const pair = doc.createPair(key, value);
  if (i < 0) map.items.push(pair);
  else map.items.splice(i, 0, pair);
}

/** One operation as YAML: parameters one per line as flow maps, lists of plain values on one line. */
function operationNode(doc: Document, op: DiscoveredOperation): Node {
  // Shared objects (an enum or example used twice) must be written out each time, not as YAML anchors.
  const node = doc.createNode(op, { aliasDuplicateObjects: false }) as Node;
  visit(node, {
    Seq(_key, seq) {
      // A short list of plain values reads best on one line: `required: [ id, login ]`.
      const width = seq.items.reduce<number>((n, i) => n + (isScalar(i) ? String(i.value).length + 2 : 1000), 0);
      if (seq.items.length && seq.items.every(shortScalar) && width <= 80) seq.flow = true;
    },
  });
  const params = isMap(node) ? node.get('parameters', true) : undefined;
  if (isSeq(params)) for (const p of params.items) if (isMap(p)) p.flow = true;
  // SOAP message structures: each leaf element on one line, so a BAPI's structures stay readable.
  const soap = isMap(node) ? node.get('soap', true) : undefined;
  if (isMap(soap)) {
    visit(soap, {
      Map(_key, map) {
        if (map.has('minOccurs') && !map.has('children')) map.flow = true;
      },
    });
  }
  return node;
}

function shortScalar(n: unknown): boolean {
  return isScalar(n) && (typeof n.value !== 'string' || (n.value.length <= 40 && !n.value.includes('\n')));
}

/** The operation ids of `service` that some flow calls (so pruning them would break the project). */
function calledOperations(project: JsonObject, service: string, firstService: string): Set<string> {
  const used = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      if (typeof v.call === 'string' && (typeof v.service === 'string' ? v.service : firstService) === service)
        used.add(v.call.trim());
      Object.values(v).forEach(walk);
    }
  };
  walk(project.flows);
  return used;
}

function loads(text: string, file: string): boolean {
  try {
    parseProject(text, file);
    return true;
  } catch {
    return false;
  }
}

/** A comparable form of an operation: defaults filled (a file may leave them out), keys sorted. */
function canonical(op: unknown): string {
  const normal = isObject(op)
    ? {
        ...op,
        parameters: (Array.isArray(op.parameters) ? op.parameters : []).map((p) =>
          isObject(p) ? { required: false, ...p } : p,
        ),
      }
    : op;
  return JSON.stringify(sortKeys(normal));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortKeys(v[k]);
  return out;
}
