// The connector space storage contract (the provisioning log has its own: log-store.ts). Async so that a networked
// backend (PostgreSQL) can implement it.
import type { Attributes } from '../connector/types.ts';

/** One object of a connector space. */
export interface SpaceObject {
  connector: string;
  objectType: string;
  anchor: string;
  dn: string;
  attributes: Attributes;
  /** Monotonic per object; becomes the SCIM ETag version. */
  version: number;
  created: string; // ISO time
  modified: string; // ISO time
}

/** Options of a scan. */
export interface ScanOptions {
  /** Only objects whose anchor is greater than this (keyset paging). */
  afterAnchor?: string;
  limit?: number;
}

/** What upsertPage reports. */
export interface UpsertReport {
  added: number;
  updated: number;
  unchanged: number;
}

/** The storage of all connector spaces of a host. */
export interface SpaceStore {
  get(connector: string, objectType: string, anchor: string): Promise<SpaceObject | undefined>;
  /**
   * Objects whose attribute `name` has a value equal to `value`, compared case-insensitively
   * (callers re-check exactness). `name` may be the anchor attribute.
   */
  findByAttribute(connector: string, objectType: string, name: string, value: string): Promise<SpaceObject[]>;
  /** Objects of a type in anchor order. */
  scan(connector: string, objectType: string, opts?: ScanOptions): Promise<SpaceObject[]>;
  count(connector: string, objectType: string): Promise<number>;
  /** Writes one object (insert or replace), bumping its version; returns it as stored. */
  put(connector: string, objectType: string, anchor: string, dn: string, attributes: Attributes): Promise<SpaceObject>;
  /** Removes one object; true when it existed. */
  remove(connector: string, objectType: string, anchor: string): Promise<boolean>;
  /** Renames an object's anchor (object rename). */
  rename(connector: string, objectType: string, from: string, to: string, dn: string): Promise<void>;

  /** Starts a full import generation: objects not seen until finishFullImport are removed then. */
  beginFullImport(connector: string, objectType: string): Promise<string>;
  /** Writes one import page in one transaction and marks its objects seen by the generation. */
  upsertPage(
    connector: string,
    objectType: string,
    generation: string | undefined,
    objects: { anchor: string; dn: string; attributes: Attributes }[],
  ): Promise<UpsertReport>;
  /** How many objects finishFullImport would remove now (those the generation did not see). */
  countStale(connector: string, objectType: string, generation: string): Promise<number>;
  /** Removes what the generation did not see; returns how many were removed. */
  finishFullImport(connector: string, objectType: string, generation: string): Promise<number>;

  /**
   * Which attributes findByAttribute must find objects by (undefined: all). Changing the set rebuilds the index
   * of that space; findByAttribute on an attribute outside the set finds nothing.
   */
  configureIndex(connector: string, objectType: string, attributes: string[] | undefined): Promise<void>;

  getWatermark(connector: string, objectType: string): Promise<string | undefined>;
  setWatermark(connector: string, objectType: string, watermark: string | undefined): Promise<void>;

  /** Releases the storage; safe to call more than once (one object may implement ProvisioningLogStore too). */
  close(): Promise<void>;
}
