// Turns one requested change into an export entry, runs it through the connector, confirms it and only then
// writes the connector space. A failed export leaves the space as it was, unless the application may have done
// some of it (an unknown outcome, a refusal after earlier calls of the flow): the space then takes a re-read.
import { FerryError, scimError } from '../errors/catalogue.ts';
import type { AttributeChange, Attributes, Connector, ExportEntry, ExportResult } from '../connector/types.ts';
import type { SpaceObject, SpaceStore } from '../space/store.ts';
import { buildDn } from './dn.ts';
import { connectorFailure, exportFailure } from './export-errors.ts';
import { isEmpty, sameAttribute, sameValue, storable, valuesOf, type ObjectTypeRuntime } from './object-type.ts';
import type { OpTrace } from './trace.ts';
import { alreadyExists, outcomeUnknown, refusedAfterEarlierCalls, Settler } from './settle.ts';
import { removeReferences, type ReferenceAttribute } from './reference-cleanup.ts';
import { SecretScrubber } from '../util/redact.ts';
import { without } from '../util/without.ts';

/** Settings of the engine that come from the connector's configuration. */
export interface ExportSettings {
  exportType: 'ObjectReplace' | 'AttributeUpdate';
  objectConfirmation: 'reread' | 'trust';
  objectRename: boolean;
  exportEnabled: boolean;
  exportPasswordInFirstPass: boolean;
}

/** Result of a change: the object as now stored, and whether anything was sent to the application. */
export interface ChangeOutcome {
  object: SpaceObject;
  exported: boolean;
}

/** Told of each export's outcome (the connector's health). */
export interface ExportObserver {
  succeeded(): void;
  exportFailed(e: unknown): void;
}

/** Runs exports of one connector. */
export class ExportEngine {
  private readonly settler: Settler;
  /** Reference attributes of the connector's types (set by the host): cleared when their target is deleted. */
  references: ReferenceAttribute[] = [];
  constructor(
    private readonly connectorName: string,
    private readonly connector: Connector,
    private readonly store: SpaceStore,
    private readonly settings: ExportSettings,
    private readonly observer?: ExportObserver,
  ) {
    this.settler = new Settler(connectorName, connector, store);
  }

  /** Creates an object in the application, then in the space. */
  async add(
    rt: ObjectTypeRuntime,
    attributes: Attributes,
    password: string | undefined,
    trace: OpTrace,
  ): Promise<ChangeOutcome> {
    this.requireExport();
    const anchorValue = attributes[rt.anchor];
    const anchor = typeof anchorValue === 'string' || typeof anchorValue === 'number' ? String(anchorValue) : undefined;
    if (!rt.anchorGenerated && !anchor) {
      throw scimError.invalidValue(`The anchor attribute '${rt.anchor}' is required to create a ${rt.name}.`);
    }
    for (const def of rt.selected.values()) {
      if (
        def.required &&
        !def.readOnly &&
        !def.writeOnly &&
        isEmpty(attributes[def.name]) &&
        !(def.name === rt.anchor && rt.anchorGenerated)
      ) {
        throw new FerryError('missing_attribute', `The attribute '${def.name}' is required to create a ${rt.name}.`);
      }
    }
    await trace.step('uniqueness check', () => this.checkUnique(rt, attributes, undefined));
    const exportAttrs = { ...attributes };
    if (rt.anchorGenerated) delete exportAttrs[rt.anchor];
    const dn = buildDn(rt.dnTemplate, anchor ?? '', attributes);
    const entry: ExportEntry = {
      kind: 'add',
      objectType: rt.name,
      ...(anchor && !rt.anchorGenerated ? { anchor } : {}),
      dn,
      attributes: exportAttrs,
    };
    if (password !== undefined && this.settings.exportPasswordInFirstPass) entry.password = password;
    // The password and write-only attributes (export_password) an application might echo in a refusal.
    const secrets = [
      password,
      ...[...rt.selected.values()].filter((d) => d.writeOnly).map((d) => attributes[d.name]),
    ].filter((s): s is string => typeof s === 'string');
    let created: string | undefined;
    const result = await maskingSecrets(secrets, () =>
      trace.step('export add', () => this.runOne(entry, (a) => (created = a))),
    ).catch(async (e) => {
      // The application may hold the object though the answer was lost, or holds one the space lacks, or made
      // it before a later call of the flow failed: adopt it, so the client's retry gets 409 and its filter finds
      // the object.
      if (created !== undefined) {
        const held = await this.settler.afterHalfDoneAdd(rt, created, exportAttrs, trace);
        if (held && e instanceof Error)
          e.message += ` (the application created the ${rt.name} "${created}" before the failure; the connector space holds it)`;
      } else if (outcomeUnknown(e) || alreadyExists(e)) await this.settler.afterAdd(rt, attributes, trace);
      throw e;
    });
    if (password !== undefined && !this.settings.exportPasswordInFirstPass) {
      const pw = await maskingSecrets(secrets, () =>
        trace.step('set password', () =>
          this.connector.setPassword(rt.name, result.anchor, password).catch((e) => {
            throw connectorFailure(e, 'Setting the password');
          }),
        ),
      );
      if (!pw.ok) throw this.observed(maskSecrets(exportFailure(pw.kind, pw.message, pw.retryAfter), secrets));
    }
    const confirmed = await trace.step('confirm', () =>
      // The create happened (the application gave its anchor): a failed re-read must not lose it.
      this.confirm(rt, result, { ...attributes, [rt.anchor]: result.anchor }).catch(() =>
        storable(rt, { ...attributes, ...(result.attributes ?? {}), [rt.anchor]: result.anchor }),
      ),
    );
    const finalDn = buildDn(rt.dnTemplate, result.anchor, confirmed);
    const object = await trace.step('space write', () =>
      this.store.put(this.connectorName, rt.name, result.anchor, finalDn, confirmed),
    );
    return { object, exported: true };
  }

  /**
   * Changes an object to the given full set of selected attributes (what SCIM PUT/PATCH produced).
   * ObjectReplace sends every attribute; AttributeUpdate only what differs. Nothing changed: nothing sent.
   */
  async change(rt: ObjectTypeRuntime, current: SpaceObject, next: Attributes, trace: OpTrace): Promise<ChangeOutcome> {
    const previous = current.attributes;
    const changes = diff(rt, previous, next);
    if (changes.length === 0) return { object: current, exported: false };
    this.requireExport();
    let anchor = current.anchor;
    const newAnchorValue = next[rt.anchor];
    const renamed = newAnchorValue !== undefined && String(newAnchorValue) !== current.anchor;
    if (renamed) {
      if (rt.anchorGenerated || !this.settings.objectRename) {
        throw scimError.mutability(
          `The anchor attribute '${rt.anchor}' cannot change: the connector does not allow object rename.`,
        );
      }
    }
    await trace.step('uniqueness check', () => this.checkUnique(rt, next, current.anchor));
    const dn = current.dn;
    const entry: ExportEntry =
      this.settings.exportType === 'ObjectReplace'
        ? { kind: 'replace', objectType: rt.name, anchor, dn, attributes: withoutReadOnly(rt, next), previous }
        : { kind: 'update', objectType: rt.name, anchor, dn, changes, previous };
    const result = await trace
      .step(`export ${entry.kind}`, () => this.runOne(entry))
      .catch(async (e) => {
        // The change may have happened, or part of it (a flow of several calls refused at a later one: a group's
        // members are added one call at a time). The space takes what the application really holds before the
        // client hears the failure; a success costs nothing more.
        if (outcomeUnknown(e) || refusedAfterEarlierCalls(e)) {
          const state = await this.settler.reread(rt, current.anchor, trace);
          // Gone from the application: its references go too, as after a delete.
          if (state === 'gone')
            await removeReferences(this.store, this.connectorName, this.references, rt.name, current.anchor).catch(
              () => undefined,
            );
          if (state !== 'unknown' && e instanceof Error) e.message += await this.settledNote(rt, current, state);
        }
        throw e;
      });
    if (renamed) anchor = result.anchor || String(newAnchorValue);
    const confirmed = await trace.step('confirm', () =>
      // The change happened (the application said so): a failed re-read must not leave the space behind it.
      this.confirm(rt, { ...result, anchor }, { ...next, [rt.anchor]: anchor }).catch(() =>
        storable(rt, { ...next, ...(result.attributes ?? {}), [rt.anchor]: anchor }),
      ),
    );
    const object = await trace.step('space write', async () => {
      const newDn = buildDn(rt.dnTemplate, anchor, confirmed);
      if (anchor !== current.anchor)
        await this.store.rename(this.connectorName, rt.name, current.anchor, anchor, newDn);
      return this.store.put(this.connectorName, rt.name, anchor, newDn, confirmed);
    });
    return { object, exported: true };
  }

  /** Sets a password (a SCIM `password` in PUT or PATCH); it is never stored. */
  async setPassword(rt: ObjectTypeRuntime, anchor: string, password: string, trace: OpTrace): Promise<void> {
    this.requireExport();
    if (!this.connector.capabilities.setPassword)
      throw new FerryError('not_implemented', 'The connector cannot set passwords.');
    const r = await maskingSecrets([password], () =>
      trace.step('set password', () =>
        this.connector.setPassword(rt.name, anchor, password).catch((e) => {
          throw connectorFailure(e, 'Setting the password');
        }),
      ),
    );
    if (!r.ok) throw this.observed(maskSecrets(exportFailure(r.kind, r.message, r.retryAfter), [password]));
  }

  /** Deletes an object in the application, then from the space. */
  async delete(rt: ObjectTypeRuntime, current: SpaceObject, trace: OpTrace): Promise<void> {
    this.requireExport();
    const entry: ExportEntry = { kind: 'delete', objectType: rt.name, anchor: current.anchor, dn: current.dn };
    try {
      await trace.step('export delete', () => this.runOne(entry));
    } catch (e) {
      // The delete may have happened: re-read; gone means it reached its goal, as a not-found does (unless the
      // re-read finds the object: the not-found was of something else a call of the flow named).
      const notFound = e instanceof FerryError && (e.code === 'not_found' || e.code === 'target_not_found');
      const state = notFound || outcomeUnknown(e) ? await this.settler.reread(rt, current.anchor, trace) : 'unknown';
      const gone = state === 'gone' || (notFound && state === 'unknown');
      if (!gone) throw e;
    }
    await trace.step('space write', () => this.store.remove(this.connectorName, rt.name, current.anchor));
    // The application drops its own references to a deleted object (a team loses the member): so does the space.
    await trace.step('references', () =>
      removeReferences(this.store, this.connectorName, this.references, rt.name, current.anchor),
    );
  }

  /** What a re-read after a failed change found, for the message, when it is not the object as it was. */
  private async settledNote(rt: ObjectTypeRuntime, before: SpaceObject, state: 'gone' | 'present'): Promise<string> {
    if (state === 'gone')
      return ` (the ${rt.name} is gone from the application; the connector space no longer holds it)`;
    const now = await this.store.get(this.connectorName, rt.name, before.anchor);
    const changed = [...rt.selected.values()].some(
      (d) => !d.writeOnly && !sameAttribute(d, before.attributes[d.name], now?.attributes[d.name]),
    );
    return changed
      ? ` (the application's ${rt.name} differs from before the change, part of which it may have applied; the connector space now holds what the application holds)`
      : '';
  }

  private requireExport(): void {
    if (!this.settings.exportEnabled) throw new FerryError('not_implemented', 'Export is disabled for this connector.');
  }

  /** Runs one entry; `created` hears of the object a failed add nevertheless created (its anchor). */
  private async runOne(
    entry: ExportEntry,
    created?: (anchor: string) => void,
  ): Promise<Extract<ExportResult, { ok: true }>> {
    let results: ExportResult[];
    try {
      results = await this.connector.export([entry]);
    } catch (e) {
      throw this.observed(connectorFailure(e, `Export ${entry.kind}`));
    }
    const r = results[0];
    if (!r) throw new FerryError('internal', 'The connector returned no export result.');
    if (!r.ok) {
      if (r.createdAnchor !== undefined && entry.kind === 'add') created?.(r.createdAnchor);
      throw this.observed(exportFailure(r.kind, r.message, r.retryAfter));
    }
    this.observer?.succeeded();
    return r;
  }

  /** Tells the observer of a failure the application caused (or could not avoid), and returns it. */
  private observed(e: unknown): unknown {
    this.observer?.exportFailed(e);
    return e;
  }

  /** Object confirmation: re-read from the application, or trust what was exported. */
  private async confirm(
    rt: ObjectTypeRuntime,
    result: Extract<ExportResult, { ok: true }>,
    exported: Attributes,
  ): Promise<Attributes> {
    if (this.settings.objectConfirmation === 'reread' && this.connector.capabilities.get) {
      let read: Awaited<ReturnType<Connector['get']>>;
      try {
        read = await this.connector.get(rt.name, result.anchor);
      } catch (e) {
        throw connectorFailure(e, 'Confirming the export');
      }
      if (read) return storable(rt, { ...read.attributes, [rt.anchor]: read.anchor });
    }
    return storable(rt, { ...exported, ...(result.attributes ?? {}), [rt.anchor]: result.anchor });
  }

  /** Refuses a value another object of the space already holds for the anchor or a unique attribute. */
  private async checkUnique(rt: ObjectTypeRuntime, attrs: Attributes, self: string | undefined): Promise<void> {
    for (const def of rt.selected.values()) {
      if (!(def.unique || def.name === rt.anchor) || def.writeOnly) continue;
      for (const v of valuesOf(attrs[def.name])) {
        const hits = await this.store.findByAttribute(this.connectorName, rt.name, def.name, String(v));
        const clash = hits.find(
          (o) => o.anchor !== self && valuesOf(o.attributes[def.name]).some((x) => sameValue(def, x, v)),
        );
        if (clash) throw scimError.uniqueness(`A ${rt.name} with ${def.name} "${String(v)}" already exists.`);
      }
    }
  }
}

function withoutReadOnly(rt: ObjectTypeRuntime, attrs: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attrs)) {
    const def = rt.selected.get(k);
    if (def && !def.readOnly && !def.writeOnly) out[k] = v;
  }
  return out;
}

/** The AttributeUpdate changes between two full attribute sets of an object (read-only ones excluded). */
export function diff(rt: ObjectTypeRuntime, before: Attributes, after: Attributes): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const def of rt.selected.values()) {
    // Write-only attributes (export_password) travel with the add only, never with a change.
    if (def.readOnly || def.writeOnly) continue;
    const a = before[def.name];
    const b = after[def.name];
    if (sameAttribute(def, a, b)) continue;
    if (def.multiValued && !isEmpty(a) && !isEmpty(b)) {
      const va = valuesOf(a);
      const vb = valuesOf(b);
      const added = without(vb, va);
      const removed = without(va, vb);
      if (added.length) changes.push({ name: def.name, op: 'add', values: added });
      if (removed.length) changes.push({ name: def.name, op: 'delete', values: removed });
    } else {
      changes.push({ name: def.name, op: 'replace', values: valuesOf(b) });
    }
  }
  return changes;
}

/** Runs `fn`; a failure whose message holds a secret (an application may echo a password it refused) has it masked. */
async function maskingSecrets<T>(secrets: (string | undefined)[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw maskSecrets(e, secrets);
  }
}

/** The error with the secrets in its message masked, in every form the HTTP layer's scrubber knows. */
function maskSecrets(e: unknown, secrets: (string | undefined)[]): unknown {
  if (!(e instanceof Error)) return e;
  const scrubber = new SecretScrubber();
  for (const s of secrets) scrubber.add(s);
  e.message = scrubber.scrub(e.message, '********');
  return e;
}
