// The URL prefixes of a connector's SCIM endpoint; a file of its own so that the CLI prints them without loading
// the HTTP app.
/** The two SCIM prefixes of a connector. */
export function scimPrefixes(name: string): string[] {
  return [`/ecma2host_${name}/scim`, `/connectors/${name}/scim`];
}
