// A WSDL description as a tree a person reads: services → ports → operations with their input and output
// structures. `ferry discover soap --json` prints it and the console's discovery preview shows it.
import { selectPorts } from './discovery.ts';
import type { WsdlDescription } from './wsdl.ts';

/** The description with only the ports `port` selects ("Port" or "Service.Port"; all when undefined). */
export function onlyPorts(desc: WsdlDescription, port: string | undefined): WsdlDescription {
  if (port === undefined) return desc;
  const chosen = new Set(selectPorts(desc, port).map((p) => p.port));
  return {
    ...desc,
    services: desc.services
      .map((s) => ({ ...s, ports: s.ports.filter((p) => chosen.has(p)) }))
      .filter((s) => s.ports.length),
  };
}

/** Services → ports → operations with their input and output structures. */
export function wsdlTree(desc: WsdlDescription): unknown[] {
  return desc.services.map((s) => ({
    name: s.name,
    ports: s.ports.map((p) => ({
      name: p.name,
      binding: p.binding,
      soapVersion: p.soapVersion,
      address: p.address ?? null,
      operations: p.operations.map((op) => ({
        name: op.name,
        input: op.soap.input,
        output: op.soap.output,
        style: op.soap.style,
        action: op.soap.action ?? null,
      })),
    })),
  }));
}
