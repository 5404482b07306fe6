// Where the conformance material lives: kept in the repository (test/conformance/vendor; see its NOTICE.md).
import { fileURLToPath } from 'node:url';

/** The conformance folder: Okta's SCIM test, its runner and the RFC samples. */
export function conformanceDir(): string {
  return fileURLToPath(new URL('../conformance/vendor/', import.meta.url));
}
