// The RFC 7643/7644 example documents, kept in the repository (test/conformance/vendor; see its NOTICE.md), so a
// plain clone runs every test that uses them.
import { readFileSync } from 'node:fs';

/** The folder of the RFC samples. */
export const RFC_SAMPLES = new URL('../../test/conformance/vendor/rfc-samples/', import.meta.url);

/** One sample as JSON. */
export function loadRfcSample(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, RFC_SAMPLES), 'utf8')) as Record<string, unknown>;
}
