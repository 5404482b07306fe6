// ETags of SCIM resources (RFC 7644 §3.14): a resource's version (meta.version, W/"n") is its entity tag.
// If-Match makes a PUT, PATCH or DELETE conditional on the version the client last read; If-None-Match lets a
// GET answer 304 when the client's copy is current.
import { FerryError } from '../errors/catalogue.ts';

/** The entity tags of an If-Match / If-None-Match header: '*' or the opaque tags (weakness ignored). */
function tagsOf(header: string): '*' | Set<string> {
  if (header.trim() === '*') return '*';
  const tags = new Set<string>();
  // A list of entity tags: [W/]"opaque", separated by commas (quoted strings hold no commas or quotes).
  for (const m of header.matchAll(/(?:W\/)?"([^"]*)"/g)) tags.add(m[1]!);
  return tags;
}

/** The opaque part of an entity tag such as W/"3". */
function opaque(etag: string): string {
  return /^(?:W\/)?"([^"]*)"$/.exec(etag)?.[1] ?? etag;
}

/**
 * True when `etag` matches an If-Match or If-None-Match header. Weak tags compare by their opaque part: SCIM
 * versions are weak (W/"n"), and clients send them back as they got them.
 */
export function etagMatches(header: string, etag: string): boolean {
  const tags = tagsOf(header);
  return tags === '*' || tags.has(opaque(etag));
}

/** Throws 412 (invalidVers) when an If-Match precondition does not hold for the resource's current version. */
export function checkIfMatch(ifMatch: string | undefined, etag: string, what: string): void {
  if (ifMatch === undefined || etagMatches(ifMatch, etag)) return;
  throw new FerryError(
    'invalid_version',
    `${what} is at version ${etag}, not the one in If-Match (${ifMatch.slice(0, 100)}); read it again and retry.`,
  );
}

/** The ETag of a resource: its meta.version, when it has one. */
export function etagOf(resource: Record<string, unknown>): string | undefined {
  const version = (resource.meta as { version?: unknown } | undefined)?.version;
  return typeof version === 'string' ? version : undefined;
}
