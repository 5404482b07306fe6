// The Link header (RFC 8288): `<url>; rel="next", <url>; rel="last"`. Only what paging needs: the target of a
// given relation type.

/** The target of the first link whose rel includes `rel` (case-insensitive), or undefined. */
export function linkTarget(header: string | undefined, rel: string): string | undefined {
  if (!header) return undefined;
  const want = rel.toLowerCase();
  // Link values are separated by commas outside <...> and quoted strings.
  const re = /<([^>]*)>((?:\s*;\s*[^;,=\s]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^;,]*))?)*)/g;
  for (const m of header.matchAll(re)) {
    const params = m[2] ?? '';
    for (const p of params.matchAll(/;\s*([^;,=\s]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;,]*))?/g)) {
      if ((p[1] ?? '').toLowerCase() !== 'rel') continue;
      const value = (p[2] ?? '').trim().replace(/^"(.*)"$/, '$1');
      if (value.toLowerCase().split(/\s+/).includes(want)) return m[1];
    }
  }
  return undefined;
}
