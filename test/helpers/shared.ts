// Where the shared conformance material lives: ../shared beside the repository (never an absolute path).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The conformance folder, or undefined when this checkout has no ../shared beside it. */
export function conformanceDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}
