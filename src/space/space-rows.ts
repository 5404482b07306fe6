// What both connector space backends share about stored objects: the row they read, the object it stands for,
// and the form of a full-import generation.
import type { Attributes } from '../connector/types.ts';
import { FerryError } from '../errors/catalogue.ts';
import type { SpaceObject } from './store.ts';

/** An object row as a store reads it (attributes as canonical JSON text). */
export interface ObjectRow {
  anchor: string;
  dn: string;
  attributes: string;
  version: number;
  created: string;
  modified: string;
}

/** The space object a row stands for. */
export function toSpaceObject(connector: string, objectType: string, row: ObjectRow): SpaceObject {
  return {
    connector,
    objectType,
    anchor: row.anchor,
    dn: row.dn,
    attributes: JSON.parse(row.attributes) as Attributes,
    version: row.version,
    created: row.created,
    modified: row.modified,
  };
}

/** A generation as given back to a store: a positive integer in text. */
export function parseGeneration(generation: string): number {
  const g = Number(generation);
  if (!Number.isSafeInteger(g) || g <= 0)
    throw new FerryError('internal', `"${generation}" is not a full import generation of this store.`);
  return g;
}
