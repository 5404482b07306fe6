// Turns a connector's export failure into a catalogue error (and so into a SCIM error Entra understands).
import { FerryError, failureOfKind } from '../errors/catalogue.ts';
import type { ExportErrorKind } from '../connector/types.ts';
import { isFailureKind, type FailureKind } from '../errors/failure-kinds.ts';

/** The FerryError for a failed export result: the kind's own words and recommendation. */
export function exportFailure(kind: ExportErrorKind, message: string, retryAfter?: number): FerryError {
  return failureOfKind(kind, message, retryAfter);
}

/**
 * Wraps an exception thrown by a connector. A FerryError or an error that names its kind (an HttpCallError, a
 * flow error) keeps its class; anything else is a bug in Ferry or the connector, and stays unexpected (500).
 */
export function connectorFailure(e: unknown, what: string): unknown {
  if (e instanceof FerryError) return e;
  const kind = kindOf(e);
  if (kind) return failureOfKind(kind, `${what}: ${(e as Error).message}`, retryAfterOf(e));
  return e;
}

function kindOf(e: unknown): FailureKind | undefined {
  if (!(e instanceof Error)) return undefined;
  const k = (e as { kind?: unknown }).kind;
  return isFailureKind(k) ? k : undefined;
}

function retryAfterOf(e: unknown): number | undefined {
  const o = e as { retryAfter?: unknown; retryAfterSeconds?: unknown };
  const v = o.retryAfter ?? o.retryAfterSeconds;
  return typeof v === 'number' ? v : undefined;
}
