// Which ResourceService serves an endpoint name: shared by the single-resource routes and /Bulk.
import { scimError } from '../errors/catalogue.ts';
import type { ResourceService } from './resource-service.ts';

/** Finds the service of an endpoint name such as "Users" (any case); throws not_found. */
export type ServiceLookup = (name: string) => ResourceService;

/** The lookup over the services of one connector. */
export function serviceLookup(services: ResourceService[]): ServiceLookup {
  const byEndpoint = new Map<string, ResourceService>();
  for (const s of services) byEndpoint.set(s.type.endpoint.slice(1).toLowerCase(), s);
  return (name) => {
    const s = byEndpoint.get(name.toLowerCase());
    if (!s) throw scimError.notFound(`No resource type is served at /${name}.`);
    return s;
  };
}
