// Resolves what a `call` activity names: an operation id of a service's discovery, or "METHOD /path".
import type { Operation, Project } from './project-schema.ts';

/** A resolved call target. */
export interface CallTarget {
  service: string;
  method: Operation['method'];
  /** Path template; {name} path parameters are filled from the call's `path` map. */
  pathTemplate: string;
  pathParams: string[];
  operationId?: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** The target of `call: …` in a project, or what is wrong with it. */
export function parseCallTarget(project: Project, call: string, service?: string): CallTarget | { error: string } {
  const services = Object.keys(project.services);
  const svc = service ?? services[0];
  if (!project.services[svc]) return { error: `unknown service "${svc}" (the project has: ${services.join(', ')})` };
  const m = /^([A-Za-z]+)\s+(\S.*)$/.exec(call.trim());
  if (m && METHODS.has(m[1].toUpperCase())) {
    const path = m[2];
    if (!path.startsWith('/') && !/^https?:\/\//.test(path))
      return { error: `"${call}": the path must start with / (or be an absolute URL)` };
    return { service: svc, method: m[1].toUpperCase() as Operation['method'], pathTemplate: path, pathParams: [] };
  }
  const op = project.services[svc].discovery.operations[call];
  if (!op) {
    const known = Object.keys(project.services[svc].discovery.operations);
    return {
      error: `unknown operation "${call}" of service "${svc}"${known.length ? ` (discovered: ${known.join(', ')})` : ''}; or write "METHOD /path"`,
    };
  }
  const pathParams = [...op.path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
  return { service: svc, method: op.method, pathTemplate: op.path, pathParams, operationId: call };
}
