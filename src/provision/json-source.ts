// Users from a JSON file: an array of objects, or an object whose "value" (Graph style) or "users" is that array.
import { basename } from 'node:path';
import type { ExprValue } from '../expr/types.ts';
import { lookupAttribute } from './attribute-lookup.ts';
import { readSourceFile, SourceError, type SourceRecord, type UserSource } from './source.ts';

/** Options of a JSON source. */
export interface JsonSourceOptions {
  file: string;
  /** The key that identifies a user. */
  id: string;
}

/** A JSON file of users. */
export class JsonSource implements UserSource {
  readonly description: string;

  constructor(private readonly opts: JsonSourceOptions) {
    this.description = `json ${basename(opts.file)}`;
  }

  /** Reads and parses the whole file. */
  async readAll(): Promise<SourceRecord[]> {
    return jsonRecords(await readSourceFile(this.opts.file), this.opts.id, this.opts.file);
  }
}

/** The records of JSON text (named `file` in errors). */
export function jsonRecords(text: string, idKey: string, file: string): SourceRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : isObject(doc) ? (doc.value ?? doc.users) : undefined;
  if (!Array.isArray(list)) throw new SourceError(`${file}: expected an array of users (or {"value": [...]})`);
  const seen = new Set<string>();
  return list.map((item, i) => {
    if (!isObject(item)) throw new SourceError(`${file}: user ${i} is not an object`);
    const attributes: Record<string, ExprValue> = {};
    for (const [k, v] of Object.entries(item)) attributes[k] = toValue(v);
    const raw = lookupAttribute(attributes, idKey);
    const id = raw === null || Array.isArray(raw) ? '' : String(raw).trim();
    if (!id) throw new SourceError(`${file}: user ${i} has no ${idKey}`);
    if (seen.has(id)) throw new SourceError(`${file}: user ${i}: duplicate ${idKey} "${id}"`);
    seen.add(id);
    return { id, attributes };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON values as expression values: nested objects travel as their JSON text (Entra has no object type). */
function toValue(v: unknown): ExprValue {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toValue);
  return JSON.stringify(v);
}
