// The RFC 7643/7644 example documents in ../shared/conformance (beside the checkout; CI always has it).
// Unit tests that use them as fixtures skip, with a reason, in a checkout that has no such folder.
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

/** The folder of the RFC samples. */
export const RFC_SAMPLES = new URL('../../../shared/conformance/rfc-samples/', import.meta.url);
/** True when the samples are there. */
export const HAVE_RFC_SAMPLES = existsSync(RFC_SAMPLES);
/** `test`, or `test.skip` when the samples are missing. */
export const sampleTest = HAVE_RFC_SAMPLES ? test : test.skip;

/** One sample as JSON ({} when the samples are missing, so module-level fixtures still load). */
export function loadRfcSample(file: string): Record<string, unknown> {
  if (!HAVE_RFC_SAMPLES) return {};
  return JSON.parse(readFileSync(new URL(file, RFC_SAMPLES), 'utf8')) as Record<string, unknown>;
}
