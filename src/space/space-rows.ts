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

/** An object row read as an array (a statement in raw mode: no object per row), columns in ObjectRow's order. */
export type RawObjectRow = [
  anchor: string,
  dn: string,
  attributes: string,
  version: number,
  created: string,
  modified: string,
];

/** The space object a row stands for. */
export function toSpaceObject(connector: string, objectType: string, row: ObjectRow): SpaceObject {
  const { anchor, dn, attributes, version, created, modified } = row;
  return spaceObject(connector, objectType, [anchor, dn, attributes, version, created, modified]);
}

/** The space object a raw row stands for (columns past RawObjectRow's are ignored). */
export function spaceObject(connector: string, objectType: string, row: [...RawObjectRow, ...unknown[]]): SpaceObject {
  return {
    connector,
    objectType,
    anchor: row[0],
    dn: row[1],
    attributes: JSON.parse(row[2]) as Attributes,
    version: row[3],
    created: row[4],
    modified: row[5],
  };
}

/** A generation as given back to a store: a positive integer in text. */
export function parseGeneration(generation: string): number {
  const g = Number(generation);
  if (!Number.isSafeInteger(g) || g <= 0)
    throw new FerryError('internal', `"${generation}" is not a full import generation of this store.`);
  return g;
}
