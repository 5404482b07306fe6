// Prints an error for a person (no stack for expected errors) and exits non-zero.
import { ConfigError } from '../config/config-error.ts';
import { SetupError } from '../host/object-type-setup.ts';

/** Reports an error and exits with status 1 (2 for a configuration error). */
export function fail(e: unknown): never {
  if (e instanceof ConfigError || e instanceof SetupError) {
    process.stderr.write(`ferry: ${e.message}\n`);
    process.exit(2);
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EADDRINUSE') process.stderr.write(`ferry: the port is already in use (${err.message}).\n`);
  else process.stderr.write(`ferry: ${err instanceof Error ? err.message : String(e)}\n`);
  process.exit(1);
}
