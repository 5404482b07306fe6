// /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4, RFC 7643 §5-7).
import { URN } from './messages.ts';
import { MAX_PAGE } from './list-params.ts';
import { MAX_BULK_OPERATIONS } from './bulk/bulk-request.ts';
import { MAX_PATCH_OPERATIONS } from './patch/engine.ts';
import { MAX_JSON_DEPTH } from '../util/json-depth.ts';

/**
 * Ferry's extension of the ServiceProviderConfig: the limits RFC 7643 §5 has no attribute for (its `patch`
 * holds only `supported`). A request over one of them is answered 400.
 */
export const LIMITS_EXTENSION = 'urn:ferry:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig';
import type { ResourceTypeInfo } from './resource-service.ts';
import type { SchemaDef } from './schema/types.ts';

/** The service provider configuration document. */
export function serviceProviderConfig(baseUrl: string, maxBodyBytes: number): Record<string, unknown> {
  return {
    schemas: [URN.serviceProviderConfig, LIMITS_EXTENSION],
    documentationUri: 'https://github.com/ferry-idm/ferry#readme',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize: maxBodyBytes },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: "Authentication with the connector's secret token in an Authorization: Bearer header.",
        primary: true,
      },
    ],
    [LIMITS_EXTENSION]: { maxPatchOperations: MAX_PATCH_OPERATIONS, maxJsonDepth: MAX_JSON_DEPTH },
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

/** The ResourceType document of one resource type. */
export function resourceTypeDoc(t: ResourceTypeInfo, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.resourceType],
    id: t.name,
    name: t.name,
    endpoint: t.endpoint,
    description: t.description,
    schema: t.core.id,
    schemaExtensions: t.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${t.name}` },
  };
}

/** The Schema document of one schema. */
export function schemaDoc(s: SchemaDef, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.schema],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
  };
}

/** Every distinct schema of the given resource types, core first. */
export function allSchemas(types: ResourceTypeInfo[]): SchemaDef[] {
  const seen = new Map<string, SchemaDef>();
  for (const t of types) {
    if (!seen.has(t.core.id)) seen.set(t.core.id, t.core);
    for (const e of t.extensions) if (!seen.has(e.schema.id)) seen.set(e.schema.id, e.schema);
  }
  return [...seen.values()];
}

/** A ListResponse of everything (discovery endpoints do not page). */
export function listOf(resources: unknown[]): Record<string, unknown> {
  return {
    schemas: [URN.listResponse],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}
