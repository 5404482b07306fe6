// Writes whose outcome is unknown (a timeout, a reset connection, garbage after the application committed) are
// settled by looking at what the application really holds and writing that into the connector space: otherwise
// a create that happened stays invisible to SCIM filters (the client's retry gets 409 and never finds the
// object), and a delete that happened leaves a ghost.
import type { Attributes, Connector, ImportedObject } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import type { SpaceStore } from '../space/store.ts';
import { buildDn } from './dn.ts';
import { sameValue, storable, valuesOf, type ObjectTypeRuntime } from './object-type.ts';
import type { OpTrace } from './trace.ts';

/** Failures after which the application may or may not have done the write (timeouts, 5xx, garbage). */
const UNKNOWN_CODES = new Set<string>(['target_unavailable']);
/** Failures saying the object already exists in the application (the space may lack it). */
const EXISTS_CODES = new Set<string>(['uniqueness', 'target_uniqueness']);

/** How long settling may add to a request: a slow application is settled on the client's retry instead. */
const SETTLE_BUDGET_MS = 15_000;

/**
 * Answers of the application to a change (refusals, throttling, not found): the call that failed did nothing, but
 * a flow of several calls may have made the calls before it, and nothing undoes them.
 */
const REFUSED_CODES = new Set<string>([
  'target_invalid_value',
  'target_uniqueness',
  'target_not_found',
  'target_throttled',
  'missing_attribute',
  'export_failed',
]);

/** True when the application refused a change: an earlier call of the same flow may have done part of it. */
export function refusedAfterEarlierCalls(e: unknown): boolean {
  return e instanceof FerryError && REFUSED_CODES.has(e.code);
}

/** True when the application may have done the write although the call failed. */
export function outcomeUnknown(e: unknown): boolean {
  return e instanceof FerryError && UNKNOWN_CODES.has(e.code);
}

/** True when the application answered that the object already exists. */
export function alreadyExists(e: unknown): boolean {
  return e instanceof FerryError && EXISTS_CODES.has(e.code);
}

/** Looks objects up in the application and writes what is there into the connector space. */
export class Settler {
  constructor(
    private readonly connectorName: string,
    private readonly connector: Connector,
    private readonly store: SpaceStore,
  ) {}

  /**
   * After a create failed with an unknown outcome or "already exists": finds the object by its anchor (when the
   * client gave it) or by the project's lookup on a unique attribute, and adopts it into the space. True when
   * it was found. Never throws: the caller answers with the original failure either way.
   */
  async afterAdd(rt: ObjectTypeRuntime, attributes: Attributes, trace: OpTrace): Promise<boolean> {
    const found = await this.bounded(trace, 'settle: look up', () => this.findCreated(rt, attributes));
    if (!found) return false;
    if (await this.store.get(this.connectorName, rt.name, found.anchor)) return true;
    await this.write(rt, found);
    return true;
  }

  /**
   * After an add failed once the application had created the object (a later call of the flow failed and
   * nothing undid the create): writes the object under the anchor the application gave, as re-read from the
   * application, or as exported when it cannot be re-read, so the client's retry gets 409 and its filter finds
   * it. Not written when the re-read says the object is gone. True when the space holds it. Never throws.
   */
  async afterHalfDoneAdd(
    rt: ObjectTypeRuntime,
    anchor: string,
    exported: Attributes,
    trace: OpTrace,
  ): Promise<boolean> {
    // null: not known (no get, the re-read failed or ran out of time); undefined: the application says it is gone.
    let read: ImportedObject | undefined | null = null;
    if (this.connector.capabilities.get) {
      let failed = false;
      const r = await this.bounded(trace, 'settle: re-read created', () =>
        this.connector.get(rt.name, anchor).catch(() => {
          failed = true;
          return undefined;
        }),
      );
      read = failed ? null : r;
    }
    if (read === undefined) return false;
    // The create is known to have happened: what was exported stands in for a re-read that could not be made.
    return this.write(rt, read ?? { objectType: rt.name, anchor, attributes: exported }).then(
      () => true,
      () => false,
    );
  }

  /**
   * After a change or delete failed with an unknown outcome, or a change was refused after earlier calls of its
   * flow: re-reads the object and writes what is really there (removes it when it is gone). Returns 'gone',
   * 'present', or 'unknown' when the re-read failed (the space is then left as it was).
   */
  async reread(rt: ObjectTypeRuntime, anchor: string, trace: OpTrace): Promise<'gone' | 'present' | 'unknown'> {
    if (!this.connector.capabilities.get) return 'unknown';
    let failed = false;
    const read = await this.bounded(trace, 'settle: re-read', () =>
      this.connector.get(rt.name, anchor).catch(() => {
        failed = true;
        return undefined;
      }),
    );
    if (failed || read === null) return 'unknown';
    if (read === undefined) {
      await this.store.remove(this.connectorName, rt.name, anchor);
      return 'gone';
    }
    await this.write(rt, read);
    return 'present';
  }

  private async write(rt: ObjectTypeRuntime, o: ImportedObject): Promise<void> {
    const attrs = storable(rt, { ...o.attributes, [rt.anchor]: o.anchor });
    await this.store.put(this.connectorName, rt.name, o.anchor, buildDn(rt.dnTemplate, o.anchor, attrs), attrs);
  }

  private async findCreated(rt: ObjectTypeRuntime, attributes: Attributes): Promise<ImportedObject | undefined> {
    const anchor = attributes[rt.anchor];
    if (!rt.anchorGenerated && anchor !== undefined && this.connector.capabilities.get)
      return (await this.connector.get(rt.name, String(anchor))) ?? undefined;
    if (!this.connector.lookup) return undefined;
    // Only a match on a value the application keeps unique identifies the object the client sent.
    const keys = [...rt.selected.values()].filter(
      (d) => d.unique && !d.writeOnly && valuesOf(attributes[d.name]).length > 0,
    );
    if (keys.length === 0) return undefined;
    const candidates = await this.connector.lookup(rt.name, attributes);
    const matches = candidates.filter((c) =>
      keys.some((d) =>
        valuesOf(attributes[d.name]).some((v) => valuesOf(c.attributes[d.name]).some((x) => sameValue(d, x, v))),
      ),
    );
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Runs a look-up within the budget; undefined when it failed, null when it ran out of time. */
  private async bounded<T>(trace: OpTrace, step: string, fn: () => Promise<T>): Promise<T | undefined | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), SETTLE_BUDGET_MS);
      timer.unref();
    });
    try {
      return await trace.step(step, () => Promise.race([fn().catch(() => undefined), late]));
    } finally {
      clearTimeout(timer);
    }
  }
}
