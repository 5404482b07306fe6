// Accidental-deletion protection for full imports, as Entra has for provisioning: an import that would remove
// too much of a connector space (an application answering an empty or partial list, a wrong filter) removes
// nothing and waits for an operator to allow it.

/** The limits of one connector (host configuration `deletionThreshold`). */
export interface DeletionThreshold {
  /** More removals than this are held. */
  count: number;
  /** More than this percentage of the space is held... */
  percent: number;
  /** ...unless the removals are at most this many. */
  minimum: number;
}

/** The default limits: 500 objects, or 10% of the space when more than 10 objects would go. */
export const DEFAULT_DELETION_THRESHOLD: DeletionThreshold = { count: 500, percent: 10, minimum: 10 };

/** Why removals of one type were held, or undefined when they may go ahead. */
export function heldBecause(removals: number, spaceSize: number, t: DeletionThreshold): string | undefined {
  if (removals > t.count) return `it would remove ${removals} objects, more than the threshold of ${t.count}`;
  const share = spaceSize > 0 ? (removals * 100) / spaceSize : 0;
  if (removals > t.minimum && share > t.percent)
    return `it would remove ${removals} of ${spaceSize} objects (${Math.round(share)}%), more than the threshold of ${t.percent}%`;
  return undefined;
}

/** A full import whose removals were held: the space keeps every object until an operator allows them. */
export class DeletionsHeldError extends Error {
  override readonly name: string = 'DeletionsHeldError';
  constructor(
    readonly connector: string,
    readonly held: { objectType: string; wouldRemove: number; spaceSize: number; reason: string }[],
  ) {
    super(
      `Full import of ${connector}: nothing was removed, because ${held
        .map((h) => `for ${h.objectType} ${h.reason}`)
        .join(
          '; and ',
        )}. If the application really lost these objects, run "ferry import ${connector} --allow-deletes" (or POST /admin/connectors/${connector}/import?allowDeletes=true).`,
    );
  }
}
