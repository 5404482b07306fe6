// Full and delta imports: stream the application's objects page by page into the connector space.
import { FerryError } from '../errors/catalogue.ts';
import type { Connector, ImportedObject } from '../connector/types.ts';
import type { SpaceStore, UpsertReport } from '../space/store.ts';
import {
  DEFAULT_DELETION_THRESHOLD,
  type DeletionThreshold,
  DeletionsHeldError,
  heldBecause,
} from './deletion-threshold.ts';
import { buildDn } from './dn.ts';
import { storable, type ObjectTypeRuntime } from './object-type.ts';

/** Progress of an import, reported after each page. */
export interface ImportProgress {
  objectType: string;
  kind: 'full' | 'delta';
  pages: number;
  objects: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Full import: objects it would have removed but held (over the deletion threshold); none were removed. */
  held?: number;
  done: boolean;
}

/** What one import run did. */
export interface ImportReport {
  kind: 'full' | 'delta';
  types: ImportProgress[];
  durationMs: number;
}

/**
 * Pages handed to the store and not yet written: the store may write on a thread of its own that falls behind
 * for a while (it yields the CPU to reading), and a few pages of slack keep reading from waiting on it.
 */
const WRITES_IN_FLIGHT = 8;

/** Most pages one import may read: a guard against a paginator that never ends. */
const MAX_PAGES = 1_000_000;

/** Options of one import run. */
export interface ImportRunOptions {
  /** Remove what a full import did not see even over the deletion threshold (an operator's decision). */
  allowDeletes?: boolean;
}

/** Runs imports of one connector; one at a time. */
export class ImportEngine {
  private running: Promise<ImportReport> | undefined;

  constructor(
    private readonly connectorName: string,
    private readonly connector: Connector,
    private readonly store: SpaceStore,
    private readonly pageSize: number,
    private readonly threshold: DeletionThreshold = DEFAULT_DELETION_THRESHOLD,
  ) {}

  /** True while an import runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Runs a full or delta import of the given types; joins the running one if any. A full import whose removals
   * are over the deletion threshold for some type imports everything else, then fails with DeletionsHeldError.
   */
  run(
    kind: 'full' | 'delta',
    types: ObjectTypeRuntime[],
    onProgress?: (p: ImportProgress) => void,
    signal?: AbortSignal,
    opts: ImportRunOptions = {},
  ): Promise<ImportReport> {
    if (this.running) return this.running;
    const t0 = performance.now();
    this.running = (async () => {
      const reports: ImportProgress[] = [];
      const held: DeletionsHeldError['held'] = [];
      for (const rt of types) {
        reports.push(
          kind === 'full'
            ? await this.full(rt, onProgress, signal, opts, held)
            : await this.delta(rt, onProgress, signal, opts, held),
        );
      }
      if (held.length) throw new DeletionsHeldError(this.connectorName, held);
      return { kind, types: reports, durationMs: Math.round(performance.now() - t0) };
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async full(
    rt: ObjectTypeRuntime,
    onProgress?: (p: ImportProgress) => void,
    signal?: AbortSignal,
    opts: ImportRunOptions = {},
    held: DeletionsHeldError['held'] = [],
  ): Promise<ImportProgress> {
    const p = progress(rt.name, 'full');
    const attributes = [...rt.selected.keys()];
    const generation = await this.store.beginFullImport(this.connectorName, rt.name);
    let token: string | undefined;
    const seenTokens = new Set<string>();
    let watermark: string | undefined;
    // Pages are written while the next ones are read (the store may write on a thread of its own).
    const writing: Promise<void>[] = [];
    const written = (r: UpsertReport, n: number) => {
      p.pages++;
      p.objects += n;
      p.added += r.added;
      p.updated += r.updated;
      p.unchanged += r.unchanged;
      onProgress?.({ ...p });
    };
    do {
      if (signal?.aborted) throw abandoned(signal);
      const page = await this.connector.fullImport({
        objectType: rt.name,
        pageSize: this.pageSize,
        pageToken: token,
        attributes,
        signal,
      });
      const rows = page.objects.filter((o) => o.objectType === rt.name).map((o) => this.row(rt, o));
      while (writing.length >= WRITES_IN_FLIGHT) await writing.shift();
      const n = rows.length; // not `rows` in the callback: a page waiting for the writer must not hold its objects
      const write = this.store.upsertPage(this.connectorName, rt.name, generation, rows).then((r) => written(r, n));
      // A failed write must fail the import even while the next page is being read.
      write.catch(() => undefined);
      writing.push(write);
      watermark = page.watermark ?? watermark;
      token = page.nextPageToken;
      if (token !== undefined) {
        if (seenTokens.has(token) || p.pages >= MAX_PAGES) {
          throw new FerryError(
            'internal',
            `Full import of ${rt.name} stopped: the application returned page token "${token}" twice (endless paging).`,
          );
        }
        seenTokens.add(token);
      }
    } while (token !== undefined);
    for (const write of writing) await write;
    // Only a complete import may remove objects: an import that failed midway threw above. And only as many as
    // the threshold allows: an application answering a partial list looks complete from here.
    const stale = await this.store.countStale(this.connectorName, rt.name, generation);
    const spaceSize = stale > 0 ? await this.store.count(this.connectorName, rt.name) : 0;
    const reason = stale > 0 && !opts.allowDeletes ? heldBecause(stale, spaceSize, this.threshold) : undefined;
    if (reason) {
      p.held = stale;
      held.push({ objectType: rt.name, wouldRemove: stale, spaceSize, reason });
      p.done = true;
      onProgress?.({ ...p });
      // No watermark either: what vanished before it would never come as a change.
      return p;
    }
    p.removed = await this.store.finishFullImport(this.connectorName, rt.name, generation);
    if (watermark !== undefined) await this.store.setWatermark(this.connectorName, rt.name, watermark);
    p.done = true;
    onProgress?.({ ...p });
    return p;
  }

  private async delta(
    rt: ObjectTypeRuntime,
    onProgress?: (p: ImportProgress) => void,
    signal?: AbortSignal,
    opts: ImportRunOptions = {},
    held: DeletionsHeldError['held'] = [],
  ): Promise<ImportProgress> {
    if (!this.connector.capabilities.deltaImport) return this.full(rt, onProgress, signal, opts, held);
    const p = progress(rt.name, 'delta');
    const attributes = [...rt.selected.keys()];
    const watermark = await this.store.getWatermark(this.connectorName, rt.name);
    if (watermark === undefined) return this.full(rt, onProgress, signal, opts, held);
    let token: string | undefined;
    let next = watermark;
    const seenTokens = new Set<string>();
    do {
      if (signal?.aborted) throw abandoned(signal);
      const page = await this.connector.deltaImport({
        objectType: rt.name,
        pageSize: this.pageSize,
        pageToken: token,
        watermark,
        attributes,
        signal,
      });
      const upserts = [];
      for (const c of page.changes) {
        if (c.change === 'upsert') {
          if (c.object.objectType === rt.name) upserts.push(this.row(rt, c.object));
        } else if (c.objectType === rt.name && (await this.store.remove(this.connectorName, rt.name, c.anchor))) {
          p.removed++;
        }
      }
      const r = await this.store.upsertPage(this.connectorName, rt.name, undefined, upserts);
      p.pages++;
      p.objects += page.changes.length;
      p.added += r.added;
      p.updated += r.updated;
      p.unchanged += r.unchanged;
      next = page.watermark ?? next;
      token = page.nextPageToken;
      if (token !== undefined) {
        if (seenTokens.has(token))
          throw new FerryError('internal', `Delta import of ${rt.name} stopped: page token "${token}" repeated.`);
        seenTokens.add(token);
      }
      onProgress?.({ ...p });
    } while (token !== undefined);
    await this.store.setWatermark(this.connectorName, rt.name, next);
    p.done = true;
    onProgress?.({ ...p });
    return p;
  }

  private row(rt: ObjectTypeRuntime, o: ImportedObject) {
    const attributes = storable(rt, o.attributes, o.anchor);
    return { anchor: o.anchor, dn: buildDn(rt.dnTemplate, o.anchor, attributes), attributes };
  }
}

/** The error of an import stopped between pages: the host is stopping, or (a reason given) its lease passed on. */
function abandoned(signal: AbortSignal): FerryError {
  const why = signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason.message : undefined;
  return new FerryError('target_unavailable', `The import was abandoned (${why ?? 'host shutting down'}).`);
}

function progress(objectType: string, kind: 'full' | 'delta'): ImportProgress {
  return { objectType, kind, pages: 0, objects: 0, added: 0, updated: 0, unchanged: 0, removed: 0, done: false };
}
