// An error raised inside a flow (throw activity, failed call, bad value), with the export error kind it means.
import type { ExportErrorKind } from '../../connector/types.ts';

/** A flow failure; `kind` says how the host reports it (ECMA2 export error kinds). */
export class FlowError extends Error {
  override readonly name: string = 'FlowError';
  constructor(
    message: string,
    readonly kind: ExportErrorKind,
    readonly status?: number,
    readonly retryAfter?: number,
    /** The application's own error code when it gave one (e.g. a SOAP fault code). */
    readonly code?: string,
  ) {
    super(message);
  }

  /** Set when the flow failed after some steps and every one of their `undo` steps ran: nothing is left behind. */
  compensated = false;
}
