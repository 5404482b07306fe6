// The web service project of a connector as the console shows it: its services, the discovered operations as a
// tree (REST: path → methods; SOAP: service → port → operation with input and output), the schema, and the flows
// with the problems the loader finds in them at their lines. A project that does not load is still shown, with
// every problem.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigProblem } from '../config/config-error.ts';
import { YamlSource } from '../config/yaml-source.ts';
import { loadProject } from '../webservice/project/load-project.ts';

interface RawOperation {
  method?: string;
  path?: string;
  summary?: string;
  soap?: { service: string; port: string; input: unknown; output: unknown; action?: string };
}

interface RawService {
  kind?: string;
  http?: { baseUrl?: string };
  discovery?: { source?: string; discoveredAt?: string; operations?: Record<string, RawOperation> };
}

interface RawProject {
  name?: string;
  description?: string;
  parameters?: unknown[];
  services?: Record<string, RawService>;
  schema?: { objectTypes?: unknown[] };
  flows?: { objectTypes?: Record<string, Record<string, unknown[]>>; subflows?: Record<string, unknown> };
}

/** The console's view of a project file. */
export function projectView(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  let problems: ConfigProblem[] = [];
  try {
    loadProject(file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems = [...e.problems];
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const source = new YamlSource(file, doc, lines);
  const raw = (doc.toJS() ?? {}) as RawProject;
  const services = Object.entries(raw.services ?? {}).map(([name, s]) => {
    const ops = Object.entries(s.discovery?.operations ?? {});
    return {
      name,
      kind: s.kind ?? 'rest',
      baseUrl: s.http?.baseUrl,
      source: s.discovery?.source,
      discoveredAt: s.discovery?.discoveredAt,
      operations: ops.length,
      tree: s.kind === 'soap' ? soapTree(ops) : restTree(ops),
    };
  });
  const flows = Object.entries(raw.flows?.objectTypes ?? {}).flatMap(([type, byFlow]) =>
    Object.entries(byFlow ?? {}).map(([flow, steps]) => {
      const prefix = `flows.objectTypes.${type}.${flow}`;
      return {
        objectType: type,
        flow,
        steps: Array.isArray(steps) ? steps.length : 0,
        line: source.locate(['flows', 'objectTypes', type, flow]).line,
        problems: problems.filter(
          (p) => p.path === prefix || p.path.startsWith(`${prefix}[`) || p.path.startsWith(`${prefix}.`),
        ),
      };
    }),
  );
  return {
    file,
    name: raw.name,
    description: raw.description,
    parameters: raw.parameters ?? [],
    services,
    schema: raw.schema?.objectTypes ?? [],
    flows,
    subflows: Object.keys(raw.flows?.subflows ?? {}),
    problems,
  };
}

/** REST: one node per path with its methods. */
function restTree(ops: [string, RawOperation][]): unknown[] {
  const byPath = new Map<string, { id: string; method?: string; summary?: string }[]>();
  for (const [id, op] of ops) {
    const path = op.path ?? '/';
    byPath.set(path, [...(byPath.get(path) ?? []), { id, method: op.method, summary: op.summary }]);
  }
  return [...byPath.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([path, methods]) => ({ path, methods }));
}

/** SOAP: service → port → operations with their input and output. */
function soapTree(ops: [string, RawOperation][]): unknown[] {
  const services = new Map<string, Map<string, unknown[]>>();
  for (const [id, op] of ops) {
    const s = op.soap;
    if (!s) continue;
    const ports = services.get(s.service) ?? new Map<string, unknown[]>();
    services.set(s.service, ports);
    ports.set(s.port, [...(ports.get(s.port) ?? []), { id, action: s.action, input: s.input, output: s.output }]);
  }
  return [...services.entries()].map(([name, ports]) => ({
    name,
    ports: [...ports.entries()].map(([port, operations]) => ({ name: port, operations })),
  }));
}
