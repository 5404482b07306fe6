// A WSDL description as a discovery step for a project: one operation per SOAP operation of every port (or of
// the port asked for), keyed by the operation's name, or Port.Operation when the name repeats across ports; each
// a POST to its port's address path, carrying its SOAP details; the base URL from the first port's address.
import type { SoapOperation } from './soap-schema.ts';
import { WsdlError } from './wsdl-error.ts';
import type { WsdlDescription, WsdlPort, WsdlService } from './wsdl.ts';

/** Options of {@link soapDiscovery}. */
export interface SoapDiscoveryOptions {
  /** Where the WSDL came from (recorded for rediscovery). */
  source?: string;
  /** For a fetched WSDL: its URL, against which relative addresses resolve. */
  documentUrl?: string;
  /** Only this port ("Port" or "Service.Port"). */
  port?: string;
  /** The endpoint to call instead of the WSDL's addresses (its origin is the base URL, its path every operation's). */
  endpoint?: string;
}

/** One WSDL operation as a project operation: a POST to its port's address path, with its SOAP details. */
interface SoapDiscoveredOperation {
  method: 'POST';
  path: string;
  summary?: string;
  parameters: [];
  soap: SoapOperation;
}

/**
 * What a WSDL discovery finds, in the shape a project's discovery step takes (webservice/ writes it into the
 * project; soap/ keeps its own type so that it need not import webservice/).
 */
export interface SoapDiscoveredService {
  kind: 'soap';
  /** The first selected port's service name. */
  title?: string;
  baseUrl?: string;
  source?: string;
  /** Operation id → operation, in WSDL order. */
  operations: Record<string, SoapDiscoveredOperation>;
  warnings: string[];
}

const ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The ports `port` selects ("Port" or "Service.Port"; all when undefined). */
export function selectPorts(desc: WsdlDescription, port?: string): { service: WsdlService; port: WsdlPort }[] {
  const all = desc.services.flatMap((service) => service.ports.map((p) => ({ service, port: p })));
  if (port === undefined) return all;
  const chosen = all.filter(({ service, port: p }) => p.name === port || `${service.name}.${p.name}` === port);
  if (!chosen.length)
    throw new WsdlError(
      `the WSDL has no SOAP port "${port}" (it has: ${all.map(({ service, port: p }) => `${service.name}.${p.name}`).join(', ') || 'none'})`,
    );
  return chosen;
}

/** The operations of the WSDL as a project discovery (`kind: soap`). */
export function soapDiscovery(desc: WsdlDescription, opts: SoapDiscoveryOptions = {}): SoapDiscoveredService {
  const ports = selectPorts(desc, opts.port);
  const warnings = [...desc.warnings];
  const endpoint = opts.endpoint === undefined ? undefined : splitAddress(opts.endpoint, undefined);
  if (opts.endpoint !== undefined && !endpoint?.origin)
    throw new WsdlError(`--endpoint ${opts.endpoint}: not an absolute http(s) URL`);
  const counts = new Map<string, number>();
  for (const { port } of ports) for (const op of port.operations) counts.set(op.name, (counts.get(op.name) ?? 0) + 1);

  let baseUrl = endpoint?.origin;
  const operations: Record<string, SoapDiscoveredOperation> = {};
  const used = new Set<string>();
  for (const { service, port } of ports) {
    const where =
      endpoint ?? (port.address !== undefined ? splitAddress(port.address, opts.documentUrl) : { path: '/' });
    if (!endpoint) {
      if (baseUrl === undefined) baseUrl = where.origin;
      else if (where.origin !== undefined && where.origin !== baseUrl) {
        warnings.push(
          `port "${port.name}" of service "${service.name}" is at ${where.origin}, not ${baseUrl}: its operations are called at the service's base URL (or choose it with --port)`,
        );
      }
      if (port.address === undefined)
        warnings.push(
          `port "${port.name}" of service "${service.name}" has no address: its operations are called at the base URL itself`,
        );
    }
    for (const op of port.operations) {
      const wanted = (counts.get(op.name) ?? 0) > 1 ? `${port.name}.${op.name}` : op.name;
      const base = ID.test(wanted) ? wanted : wanted.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^(?=[^A-Za-z_])/, '_');
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
      used.add(id);
      if (id !== wanted)
        warnings.push(
          `operation "${op.name}" of port "${port.name}" is stored as "${id}" (operation ids hold only letters, digits, _ . and -)`,
        );
      operations[id] = {
        method: 'POST',
        path: where.path,
        ...(op.documentation ? { summary: op.documentation } : {}),
        parameters: [],
        soap: op.soap,
      };
    }
  }
  if ([...counts.values()].some((n) => n > 1)) {
    warnings.push(
      `operation names repeat across ports, so those operations are stored as Port.Operation; --port ${ports[0].port.name} keeps one port, with plain names`,
    );
  }
  const title = ports[0]?.service.name ?? desc.services[0]?.name;
  return {
    kind: 'soap',
    ...(title ? { title } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(opts.source !== undefined ? { source: opts.source } : {}),
    operations,
    warnings,
  };
}

/** An address's origin (when absolute http(s)) and its path with the query ('/' when it has none). */
function splitAddress(address: string, base: string | undefined): { origin?: string; path: string } {
  let url: URL | undefined;
  try {
    url = new URL(address, base);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:'))
    return { origin: url.origin, path: `${url.pathname || '/'}${url.search}` };
  return { path: address.startsWith('/') ? address : '/' };
}
