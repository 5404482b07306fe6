// A small in-tree demo "application" behind the connector contract: objects in memory, optionally kept in a JSON
// file, with the behaviour of a real application (assigned ids, unique values, required attributes, typed
// values, a change feed for delta imports) and switches to make it fail, for tests and demos.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FerryError } from '../../errors/catalogue.ts';
import type {
  Attributes,
  Connector,
  ConnectorAttribute,
  ConnectorCapabilities,
  ConnectorObjectType,
  DeltaChange,
  DeltaImportPage,
  ExportEntry,
  ExportErrorKind,
  ExportResult,
  FullImportPage,
  ImportRequest,
  ImportedObject,
  ParameterDefinition,
  TestResult,
} from '../types.ts';
import { PASSWORD, planEntry, secretInputs, type Plan } from './memory-export.ts';
import { SnapshotWriter, loadSnapshot, type MemorySnapshot } from './memory-file.ts';
import { syntheticUser } from './memory-generate.ts';
import { ChangeJournal, DEFAULT_JOURNAL_LIMIT } from './memory-journal.ts';
import { hashSecret, verifySecret } from './memory-secret.ts';
import { MemoryType, type StoredObject } from './memory-type.ts';
import { listOf } from './memory-values.ts';

/** One object type of the demo application. */
export interface MemoryObjectTypeOptions {
  name: string;
  anchor: string;
  /** The application assigns the anchor on add (a UUID); the anchor attribute is then read-only. */
  generateAnchor?: boolean;
  attributes: ConnectorAttribute[];
}

/** Options of the demo application. */
export interface MemoryConnectorOptions {
  objectTypes: MemoryObjectTypeOptions[];
  /** JSON file the objects are kept in (absent: memory only). */
  file?: string;
  /** Synthetic users created on first start (when no file holds objects yet). */
  generate?: { objectType: string; count: number };
  /** Delay added to every call, to simulate a slow application. */
  latencyMs?: number;
  exportType?: ConnectorCapabilities['exportType'];
  /** Changes the delta feed keeps; an older watermark gets every object again. */
  journalLimit?: number;
}

interface InjectedFailure {
  kind: ExportErrorKind;
  message: string;
  remaining: number;
  retryAfter?: number;
}

/** The demo application as a connector. */
export class MemoryConnector implements Connector {
  readonly capabilities: ConnectorCapabilities;
  private readonly types = new Map<string, MemoryType>();
  private journal: ChangeJournal;
  private readonly writer: SnapshotWriter | undefined;
  private opened = false;
  private down = false;
  private failures: InjectedFailure[] = [];

  constructor(private readonly options: MemoryConnectorOptions) {
    this.capabilities = {
      import: true,
      deltaImport: true,
      export: true,
      exportType: options.exportType ?? 'ObjectReplace',
      // A changed anchor value (when the application does not assign it) renames the object.
      objectRename: true,
      exportPasswordInFirstPass: true,
      setPassword: true,
      get: true,
    };
    for (const t of options.objectTypes) {
      if (this.types.has(t.name))
        throw new FerryError('internal', `Memory connector: object type "${t.name}" is defined twice.`);
      this.types.set(t.name, new MemoryType(normaliseSchema(t), t.generateAnchor === true));
    }
    if (options.generate && !this.types.has(options.generate.objectType)) {
      throw new FerryError(
        'internal',
        `Memory connector: generate names object type "${options.generate.objectType}", which is not defined.`,
      );
    }
    this.journal = new ChangeJournal(0, options.journalLimit ?? DEFAULT_JOURNAL_LIMIT);
    this.writer = options.file ? new SnapshotWriter(options.file, () => this.snapshot()) : undefined;
  }

  parameters(): ParameterDefinition[] {
    // Configured through its options (the `memory` section), not through parameters.
    return [];
  }

  schema(): Promise<ConnectorObjectType[]> {
    return Promise.resolve([...this.types.values()].map((t) => structuredClone(t.schema)));
  }

  /** Loads the file, or on first start generates the synthetic users (and writes the file). */
  async open(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    const snap = this.options.file ? loadSnapshot(this.options.file) : undefined;
    if (snap) {
      this.restore(snap);
      return;
    }
    if (this.generate() > 0) await this.writer?.write();
  }

  async close(): Promise<void> {
    await this.writer?.idle();
  }

  async test(): Promise<TestResult> {
    const t0 = performance.now();
    await this.delay();
    const ok = !this.down;
    const total = [...this.types.values()].reduce((n, t) => n + t.objects.size, 0);
    const message = ok ? `The demo application answers (${total} objects).` : 'The demo application is down.';
    return { ok, message, durationMs: Math.round(performance.now() - t0) };
  }

  async fullImport(req: ImportRequest): Promise<FullImportPage> {
    await this.delay();
    this.assertUp();
    const type = this.requireType(req.objectType);
    // The token carries the counter at the start: changes made while paging are then seen by the next delta.
    const { start, after } = parseAnchorToken(req.pageToken) ?? { start: this.journal.current, after: undefined };
    const page = this.page(type, after, req.pageSize);
    return {
      objects: page.anchors.map((a) => imported(type, a, type.objects.get(a)!)),
      ...(page.last === undefined ? { watermark: String(start) } : { nextPageToken: `${start}:${page.last}` }),
    };
  }

  async deltaImport(req: ImportRequest): Promise<DeltaImportPage> {
    await this.delay();
    this.assertUp();
    const type = this.requireType(req.objectType);
    const token = req.pageToken;
    if (token?.startsWith('a:')) return this.everything(type, parseAnchorToken(token.slice(2)), req.pageSize);
    if (token !== undefined && !token.startsWith('j:'))
      throw new FerryError('internal', `Page token "${token}" is not one of the demo application's.`);
    const entries = this.journal.since(type.name, Number(req.watermark));
    // The watermark is older than the change feed reaches (or from another history): every object again.
    if (!entries) return this.everything(type, undefined, req.pageSize);
    const after = token === undefined ? undefined : Number(token.slice(2));
    const pending = after === undefined ? entries : entries.filter((e) => e.seq > after);
    const taken = pending.slice(0, Math.max(1, Math.floor(req.pageSize)));
    const changes: DeltaChange[] = taken.map((e) => {
      const object = type.objects.get(e.anchor);
      return e.change === 'upsert' && object
        ? { change: 'upsert', object: imported(type, e.anchor, object) }
        : { change: 'delete', objectType: type.name, anchor: e.anchor };
    });
    return taken.length < pending.length
      ? { changes, nextPageToken: `j:${taken[taken.length - 1]!.seq}` }
      : { changes, watermark: String(this.journal.current) };
  }

  async get(objectType: string, anchor: string): Promise<ImportedObject | undefined> {
    await this.delay();
    this.assertUp();
    const type = this.types.get(objectType);
    const object = type?.objects.get(anchor);
    return type && object ? imported(type, anchor, object) : undefined;
  }

  async export(entries: ExportEntry[]): Promise<ExportResult[]> {
    await this.delay();
    if (this.down)
      return entries.map(() => ({ ok: false, kind: 'unavailable', message: 'The demo application is down.' }));
    const results: ExportResult[] = [];
    let stopped = false;
    let changed = false;
    for (const entry of entries) {
      if (stopped) {
        results.push({ ok: false, kind: 'stopRun', message: 'Not attempted: an earlier entry stopped the run.' });
        continue;
      }
      const injected = this.takeFailure();
      if (injected) {
        results.push(injected);
        stopped = injected.kind === 'stopRun';
        continue;
      }
      const type = this.types.get(entry.objectType);
      if (!type) {
        results.push({
          ok: false,
          kind: 'invalidValue',
          message: `The application has no object type "${entry.objectType}".`,
        });
        continue;
      }
      // Hash first: the checks and the commit below then run without an await between them.
      const hashed = await hashAll(secretInputs(type, entry));
      const plan = planEntry(type, entry, hashed, randomUUID);
      if (!plan.ok) {
        results.push(plan);
        continue;
      }
      results.push(this.commit(type, plan));
      changed = true;
    }
    // The application answers once its change is durable.
    if (changed) await this.writer?.write();
    return results;
  }

  async setPassword(objectType: string, anchor: string, password: string): Promise<ExportResult> {
    await this.delay();
    if (this.down) return { ok: false, kind: 'unavailable', message: 'The demo application is down.' };
    const missing: ExportResult = { ok: false, kind: 'notFound', message: `${objectType} "${anchor}" does not exist.` };
    const type = this.types.get(objectType);
    if (!type?.objects.has(anchor)) return missing;
    const hash = await hashSecret(password);
    // Looked up again: the object may have gone while hashing.
    const object = type.objects.get(anchor);
    if (!object) return missing;
    object.secrets = { ...object.secrets, [PASSWORD]: hash };
    await this.writer?.write();
    return { ok: true, anchor };
  }

  /** Test helper: true when the object's password (set by add, export_password or setPassword) is `password`. */
  checkPassword(objectType: string, anchor: string, password: string): Promise<boolean> {
    return verifySecret(password, this.types.get(objectType)?.objects.get(anchor)?.secrets[PASSWORD]);
  }

  /** Test helper: the next `times` export entries fail with this kind and message (and Retry-After seconds). */
  failNext(kind: ExportErrorKind, message: string, times = 1, retryAfter?: number): void {
    this.failures.push({ kind, message, remaining: times, retryAfter });
  }

  /** Test helper: while down, imports and reads throw and exports answer `unavailable`. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Test helper: how many objects of a type the application holds. */
  count(objectType: string): number {
    return this.types.get(objectType)?.objects.size ?? 0;
  }

  private async delay(): Promise<void> {
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
  }

  private assertUp(): void {
    if (this.down) throw new FerryError('target_unavailable', 'The demo application is down.', { retryAfter: 30 });
  }

  private requireType(name: string): MemoryType {
    const type = this.types.get(name);
    if (!type) throw new FerryError('internal', `The demo application has no object type "${name}".`);
    return type;
  }

  private takeFailure(): Extract<ExportResult, { ok: false }> | undefined {
    const f = this.failures[0];
    if (!f) return undefined;
    if (--f.remaining <= 0) this.failures.shift();
    return {
      ok: false,
      kind: f.kind,
      message: f.message,
      ...(f.retryAfter === undefined ? {} : { retryAfter: f.retryAfter }),
    };
  }

  /** A delta page that lists every object as an upsert, paged like a full import. */
  private everything(
    type: MemoryType,
    token: { start: number; after: string } | undefined,
    pageSize: number,
  ): DeltaImportPage {
    const start = token?.start ?? this.journal.current;
    const page = this.page(type, token?.after, pageSize);
    return {
      changes: page.anchors.map((a) => ({
        change: 'upsert' as const,
        object: imported(type, a, type.objects.get(a)!),
      })),
      ...(page.last === undefined ? { watermark: String(start) } : { nextPageToken: `a:${start}:${page.last}` }),
    };
  }

  /** Up to pageSize anchors after `after`, and the last of them when more follow. */
  private page(type: MemoryType, after: string | undefined, pageSize: number): { anchors: string[]; last?: string } {
    const all = type.anchors();
    const from = type.firstAfter(after);
    const anchors = all.slice(from, from + Math.max(1, Math.floor(pageSize)));
    return from + anchors.length < all.length ? { anchors, last: anchors[anchors.length - 1] } : { anchors };
  }

  private commit(type: MemoryType, plan: Plan): ExportResult {
    if (plan.kind === 'delete') {
      type.delete(plan.anchor);
      this.journal.record(type.name, plan.anchor, 'delete');
      this.retarget(type.name, plan.anchor, undefined);
      return { ok: true, anchor: plan.anchor };
    }
    type.set(plan.anchor, plan.object, plan.from);
    if (plan.from !== undefined) {
      this.journal.record(type.name, plan.from, 'delete');
      this.retarget(type.name, plan.from, plan.anchor);
    }
    this.journal.record(type.name, plan.anchor, 'upsert');
    return { ok: true, anchor: plan.anchor, attributes: copyAttributes(plan.object.attributes) };
  }

  /** Like a real application: references to a deleted object go away, to a renamed one follow it. */
  private retarget(typeName: string, from: string, to: string | undefined): void {
    for (const type of this.types.values()) {
      const refs = [...type.attrs.values()].filter((a) => a.type === 'reference' && a.referenceTo === typeName);
      if (refs.length === 0) continue;
      for (const [anchor, object] of type.objects) {
        let next: Attributes | undefined;
        for (const def of refs) {
          const values = listOf(object.attributes[def.name]);
          if (!values.includes(from)) continue;
          next ??= { ...object.attributes };
          const kept = values.flatMap((v) => (v !== from ? [v] : to === undefined ? [] : [to]));
          if (kept.length === 0) delete next[def.name];
          else next[def.name] = def.multiValued ? kept : kept[0]!;
        }
        if (!next) continue;
        type.set(anchor, { attributes: next, secrets: object.secrets });
        this.journal.record(type.name, anchor, 'upsert');
      }
    }
  }

  /** Creates the configured synthetic users; returns how many. */
  private generate(): number {
    const g = this.options.generate;
    const type = g && this.types.get(g.objectType);
    if (!g || !type) return 0;
    let made = 0;
    for (let n = 1; n <= g.count; n++) {
      const u = syntheticUser(type, n);
      if (type.objects.has(u.anchor) || type.conflict(u.attributes, undefined)) continue;
      type.set(u.anchor, { attributes: u.attributes, secrets: {} });
      made++;
    }
    return made;
  }

  private snapshot(): MemorySnapshot {
    const types: MemorySnapshot['types'] = {};
    for (const type of this.types.values()) {
      types[type.name] = [...type.objects].map(([anchor, o]) => ({
        anchor,
        attributes: o.attributes,
        ...(Object.keys(o.secrets).length ? { secrets: o.secrets } : {}),
      }));
    }
    return { format: 1, counter: this.journal.current, types };
  }

  private restore(snap: MemorySnapshot): void {
    for (const [name, objects] of Object.entries(snap.types)) {
      const type = this.types.get(name);
      if (!type) continue; // a type no longer configured
      for (const o of objects) {
        // Attributes the schema no longer defines are dropped, as a migrated application would.
        const attributes: Attributes = {};
        for (const [k, v] of Object.entries(o.attributes))
          if (type.attrs.has(k) && !type.attrs.get(k)!.writeOnly) attributes[k] = v;
        attributes[type.anchorAttr] = o.anchor;
        type.set(o.anchor, { attributes, secrets: { ...o.secrets } });
      }
    }
    // The change feed restarts empty at the saved counter: a watermark from before gets everything again.
    this.journal = new ChangeJournal(snap.counter, this.options.journalLimit ?? DEFAULT_JOURNAL_LIMIT);
  }
}

/** The schema as served: the anchor attribute always present, read-only when the application assigns it. */
function normaliseSchema(t: MemoryObjectTypeOptions): ConnectorObjectType {
  const attributes = t.attributes.map((a) => ({ ...a }));
  let anchor = attributes.find((a) => a.name === t.anchor);
  if (!anchor) {
    anchor = { name: t.anchor, type: 'string' };
    attributes.unshift(anchor);
  }
  if (anchor.multiValued || anchor.writeOnly) {
    throw new FerryError(
      'internal',
      `Memory connector: the anchor "${t.anchor}" of "${t.name}" must be single-valued and readable.`,
    );
  }
  if (t.generateAnchor) anchor.readOnly = true;
  else anchor.required = true;
  return { name: t.name, anchor: t.anchor, attributes };
}

/** "start:anchor" → its parts; undefined for no token. */
function parseAnchorToken(token: string | undefined): { start: number; after: string } | undefined {
  if (token === undefined) return undefined;
  const colon = token.indexOf(':');
  const start = Number(token.slice(0, colon));
  if (colon < 0 || !Number.isSafeInteger(start))
    throw new FerryError('internal', `Page token "${token}" is not one of the demo application's.`);
  return { start, after: token.slice(colon + 1) };
}

function copyAttributes(a: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(a)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}

function imported(type: MemoryType, anchor: string, object: StoredObject): ImportedObject {
  return { objectType: type.name, anchor, attributes: copyAttributes(object.attributes) };
}

async function hashAll(secrets: Record<string, string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) out[name] = await hashSecret(value);
  return out;
}
