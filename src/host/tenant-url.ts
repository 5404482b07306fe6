// The SCIM base path a client should be given for a connector, chosen by its exposure.
import type { ConnectorConfig } from '../config/host-config.ts';

/** One SCIM base path of a connector and the clients it is for. */
export interface TenantPath {
  path: string;
  /** Who uses this URL, for a person reading the start-up banner. */
  for: string;
}

/**
 * The tenant paths to show for a connector: `/ecma2host_{name}/scim` for ECMA style (the URL Entra's
 * "On-premises ECMA app" expects), `/connectors/{name}/scim` for SCIM style, both for `both`. The host serves
 * every connector under both paths; this only chooses what to tell people.
 */
export function tenantPaths(c: Pick<ConnectorConfig, 'name' | 'exposure'>): TenantPath[] {
  const ecma = { path: `/ecma2host_${c.name}/scim`, for: 'ECMA style: Entra "On-premises ECMA app"' };
  const scim = { path: `/connectors/${c.name}/scim`, for: 'SCIM style: any SCIM client' };
  if (c.exposure === 'ecma') return [ecma];
  if (c.exposure === 'scim') return [scim];
  return [ecma, scim];
}

/** The banner lines that give each connector's tenant URL(s). */
export function tenantLines(
  baseUrl: string,
  connectors: readonly Pick<ConnectorConfig, 'name' | 'exposure'>[],
): string[] {
  const width = Math.max(0, ...connectors.map((c) => c.name.length));
  return connectors.flatMap((c) =>
    tenantPaths(c).map((t) => `  ${c.name.padEnd(width)}  ${baseUrl}${t.path}  (${t.for})`),
  );
}
