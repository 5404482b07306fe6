// Editing the configuration file from the console: a connector's settings read from the file, a proposed change
// checked exactly as `ferry validate` checks a file (on a candidate written beside it, so relative paths resolve
// alike), then saved with the file's comments and layout kept (the yaml Document API changes only what changed),
// a backup of the previous file beside it, and a reload.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { ConfigError, type ConfigProblem } from '../config/config-error.ts';
import { newToken } from '../util/new-token.ts';
import { loadCheckedHostConfig } from './check-setup.ts';
import { MASK } from './mask-secrets.ts';
import type { ConfigOrigin } from './reload.ts';

/** A connector as written in the file (plain JSON). */
export type ConnectorEntry = Record<string, unknown>;

/** The result of checking a candidate file. */
export interface CheckResult {
  ok: boolean;
  problems: ConfigProblem[];
}

/** A connector entry with a name, or an error. */
export class EditError extends Error {
  override readonly name: string = 'EditError';
  constructor(
    message: string,
    readonly kind: 'not_found' | 'conflict' | 'bad_request',
  ) {
    super(message);
  }
}

/** Reads and writes the configuration file of a host. */
export class ConfigEditor {
  constructor(private readonly origin: ConfigOrigin) {}

  /** The file edited. */
  get file(): string {
    return this.origin.file;
  }

  /** Every connector entry of the file, as written. */
  entries(): ConnectorEntry[] {
    const doc = this.document();
    return (
      (doc.get('connectors') && isSeq(doc.get('connectors')) ? (doc.toJS().connectors as ConnectorEntry[]) : []) ?? []
    );
  }

  /** One connector entry as written. */
  entry(name: string): ConnectorEntry {
    const e = this.entries().find((c) => c.name === name);
    if (!e) throw new EditError(`No connector named "${name}" in ${basename(this.file)}.`, 'not_found');
    return e;
  }

  /** Checks the file with one connector replaced by `next` (or added, or removed when next is undefined). */
  async check(name: string | undefined, next: ConnectorEntry | undefined): Promise<CheckResult & { text: string }> {
    const text = this.edited(name, next);
    return { ...(await this.checkText(text)), text };
  }

  /** Checks then writes `text` over the file, keeping a backup; returns the backup's path. */
  async save(text: string): Promise<string> {
    const checked = await this.checkText(text);
    if (!checked.ok) throw new ConfigError(checked.problems);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const backup = `${this.file}.bak-${stamp}`;
    copyFileSync(this.file, backup);
    const temp = `${this.file}.${process.pid}.saving`;
    writeFileSync(temp, text);
    renameSync(temp, this.file);
    return backup;
  }

  /** Writes a new token into secrets/NAME-STAMP.token beside the file (owner only); returns its reference. */
  writeToken(name: string): { token: string; reference: string } {
    const token = newToken();
    const dir = join(dirname(this.file), 'secrets');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date()
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 14);
    const rel = `secrets/${name}-${stamp}.token`;
    writeFileSync(join(dirname(this.file), rel), token, { mode: 0o600 });
    chmodSync(join(dirname(this.file), rel), 0o600);
    return { token, reference: `\${file:${rel}}` };
  }

  /** Removes a token file writeToken made, when what was to use it was refused. */
  removeToken(reference: string): void {
    const m = /^\$\{file:(secrets\/[^}]+)\}$/.exec(reference);
    if (m) rmSync(join(dirname(this.file), m[1]), { force: true });
  }

  /** The file's text with one connector changed, added (name undefined) or removed (next undefined). */
  edited(name: string | undefined, next: ConnectorEntry | undefined): string {
    const doc = this.document();
    const seq = doc.get('connectors');
    if (!isSeq(seq)) throw new EditError(`${basename(this.file)} has no connectors list.`, 'bad_request');
    const names = (doc.toJS().connectors as ConnectorEntry[]).map((c) => c.name);
    if (name === undefined) {
      if (!next) throw new EditError('Nothing to add.', 'bad_request');
      if (names.includes(next.name))
        throw new EditError(`A connector named "${String(next.name)}" exists.`, 'conflict');
      doc.addIn(['connectors'], doc.createNode(next));
      return doc.toString();
    }
    const i = names.indexOf(name);
    if (i < 0) throw new EditError(`No connector named "${name}" in ${basename(this.file)}.`, 'not_found');
    if (!next) {
      doc.deleteIn(['connectors', i]);
      return doc.toString();
    }
    const before = (doc.toJS().connectors as ConnectorEntry[])[i];
    applyChanges(doc, ['connectors', i], before, next);
    return doc.toString();
  }

  private document(): Document {
    const doc = parseDocument(readFileSync(this.file, 'utf8'));
    if (doc.errors.length)
      throw new EditError(`${basename(this.file)} cannot be parsed: ${doc.errors[0].message}`, 'bad_request');
    return doc;
  }

  private async checkText(text: string): Promise<CheckResult> {
    // Beside the file, so that relative paths (projects, secrets, dataDir) resolve as they will.
    const temp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.${Date.now()}.candidate.yaml`);
    writeFileSync(temp, text, { mode: 0o600 });
    try {
      await loadCheckedHostConfig(temp, this.origin.env ?? process.env);
      return { ok: true, problems: [] };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return { ok: false, problems: e.problems.map((p) => (p.file === temp ? { ...p, file: this.file } : p)) };
    } finally {
      rmSync(temp, { force: true });
    }
  }
}

/** Changes only what differs, so that comments and layout of untouched settings stay; "***" keeps a secret. */
function applyChanges(doc: Document, path: (string | number)[], before: unknown, after: unknown): void {
  if (after === MASK) return;
  if (isPlain(before) && isPlain(after)) {
    for (const k of Object.keys(before)) if (!(k in after)) doc.deleteIn([...path, k]);
    for (const [k, v] of Object.entries(after)) applyChanges(doc, [...path, k], before[k], v);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const node = doc.getIn(path, true);
  // A scalar keeps its node, so a comment beside the value stays.
  if (isScalar(node) && (after === null || typeof after !== 'object')) {
    node.value = after;
    return;
  }
  // A flow-style list or map ([a, b] / { a: 1 }) stays flow style.
  const flow = (isSeq(node) || isMap(node)) && node.flow === true;
  const created = doc.createNode(after);
  if (flow && (isSeq(created) || isMap(created))) created.flow = true;
  doc.setIn(path, created);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
