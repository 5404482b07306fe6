// The connector contract, in the spirit of ECMA2 (capabilities, parameters, schema, paged import with a
// watermark, export with a result per object) and ConnId (get, test, set password).
import type { ExportErrorKind } from '../errors/failure-kinds.ts';

/** One simple value of a connector attribute. References hold the anchor of the referenced object. */
export type AttrValue = string | number | boolean;
/** The attributes of one connector object: single values or lists for multi-valued attributes. */
export type Attributes = Record<string, AttrValue | AttrValue[]>;

/** Connector attribute types (the ECMA2 set plus dateTime). */
export type ConnectorAttrType = 'string' | 'integer' | 'boolean' | 'dateTime' | 'reference' | 'binary';

/** One attribute of a connector object type's schema. */
export interface ConnectorAttribute {
  name: string;
  type: ConnectorAttrType;
  multiValued?: boolean;
  required?: boolean;
  /** Imported but never exported. */
  readOnly?: boolean;
  /** Exported but never imported or stored (e.g. export_password). */
  writeOnly?: boolean;
  /** For references: the object type referenced. */
  referenceTo?: string;
  /** The application enforces unique values (Ferry checks the space first and answers 409). */
  unique?: boolean;
  /** Compare values case-sensitively (default false, as directory attributes usually are). */
  caseExact?: boolean;
  description?: string;
}

/** One object type the connector knows. */
export interface ConnectorObjectType {
  name: string;
  /** The attribute that identifies an object for its whole life. */
  anchor: string;
  attributes: ConnectorAttribute[];
  /**
   * Capabilities of the connector this type lacks (false), as when a web service project has a deltaImport flow
   * for User only. Absent: the connector's capabilities hold for the type.
   */
  capabilities?: Partial<Record<TypeCapability, false>>;
}

/** The capabilities an object type may lack though its connector has them. */
export type TypeCapability = 'import' | 'deltaImport' | 'export' | 'setPassword' | 'get';

/** What a connector can do (ECMA2 capabilities that have a meaning here). */
export interface ConnectorCapabilities {
  import: boolean;
  deltaImport: boolean;
  export: boolean;
  /** ObjectReplace: replace receives every attribute; AttributeUpdate: only the changes. */
  exportType: 'ObjectReplace' | 'AttributeUpdate';
  /** The anchor may change (object rename). */
  objectRename: boolean;
  /** The initial password travels with the add. */
  exportPasswordInFirstPass: boolean;
  setPassword: boolean;
  /** The connector can read back one object (used for object confirmation). */
  get: boolean;
}

/** A parameter the connector needs (ECMA2 ConfigParameterDefinition). */
export interface ParameterDefinition {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'secret';
  required?: boolean;
  description?: string;
  default?: string | number | boolean;
}

/** One object read from the application. */
export interface ImportedObject {
  objectType: string;
  anchor: string;
  attributes: Attributes;
}

/** One change read by a delta import. */
export type DeltaChange =
  | { change: 'upsert'; object: ImportedObject }
  | { change: 'delete'; objectType: string; anchor: string };

/** A request for one page of an import. */
export interface ImportRequest {
  objectType: string;
  pageSize: number;
  /** Opaque continuation from the previous page; absent for the first page. */
  pageToken?: string;
  /** Delta imports only: where the last import stopped. */
  watermark?: string;
  /**
   * The attributes the host keeps (ConnId's "attributes to get"): a connector may skip reading or computing the
   * others. Absent: all. Returning more is allowed; the host drops what it did not ask for.
   */
  attributes?: readonly string[];
  signal?: AbortSignal;
}

/** One page of a full import. */
export interface FullImportPage {
  objects: ImportedObject[];
  /** Present when more pages follow. */
  nextPageToken?: string;
  /** On the last page: the watermark a later delta import starts from. */
  watermark?: string;
}

/** One page of a delta import. */
export interface DeltaImportPage {
  changes: DeltaChange[];
  nextPageToken?: string;
  watermark?: string;
}

/** One attribute change of an AttributeUpdate export. */
export interface AttributeChange {
  name: string;
  /** replace: the new values (empty list clears); add/delete: the values added or removed (multi-valued). */
  op: 'replace' | 'add' | 'delete';
  values: AttrValue[];
}

/** One object to export (ECMA2 CSEntryChange). */
export type ExportEntry =
  | { kind: 'add'; objectType: string; anchor?: string; dn: string; attributes: Attributes; password?: string }
  | { kind: 'replace'; objectType: string; anchor: string; dn: string; attributes: Attributes; previous: Attributes }
  | { kind: 'update'; objectType: string; anchor: string; dn: string; changes: AttributeChange[]; previous: Attributes }
  | { kind: 'delete'; objectType: string; anchor: string; dn: string };

/** How an export failed (ECMA2 MAExportError kinds that matter here); defined with the other failure kinds. */
export type { ExportErrorKind };

/** The result of one export entry. */
export type ExportResult =
  | {
      ok: true;
      /** The anchor of the object (assigned by the application for an add). */
      anchor: string;
      /** What the application confirmed, when it answered with the object. */
      attributes?: Attributes;
    }
  | {
      ok: false;
      kind: ExportErrorKind;
      message: string;
      retryAfter?: number;
      /**
       * An add that failed after the application created the object (a later call of the flow failed and nothing
       * undid the create): the anchor of the object the application now holds.
       */
      createdAnchor?: string;
    };

/** Result of a connection test. */
export interface TestResult {
  ok: boolean;
  message: string;
  durationMs: number;
  /** Each call the test made and its outcome, in order (connectors that call an application). */
  calls?: TestCall[];
}

/** One call a connection test made. */
export interface TestCall {
  service: string;
  method: string;
  /** The request path without its query string (which may carry parameters), secret values masked. */
  path: string;
  /** The project operation called, when the call names one (a SOAP operation). */
  operation?: string;
  /** The application's HTTP status; absent when it did not answer (refused, timed out). */
  status?: number;
  ok: boolean;
  durationMs: number;
  /** Why it failed, in words. */
  error?: string;
}

/** A connector: what a host needs from any connected application. */
export interface Connector {
  readonly capabilities: ConnectorCapabilities;
  /** The parameters this connector needs. */
  parameters(): ParameterDefinition[];
  /** The object types and attributes the application holds. */
  schema(): Promise<ConnectorObjectType[]>;
  open(): Promise<void>;
  close(): Promise<void>;
  test(): Promise<TestResult>;
  fullImport(req: ImportRequest): Promise<FullImportPage>;
  deltaImport(req: ImportRequest): Promise<DeltaImportPage>;
  /** Reads one object back (object confirmation); undefined when it does not exist. */
  get(objectType: string, anchor: string): Promise<ImportedObject | undefined>;
  /**
   * Finds the objects that may be the one described by `attributes` (by a unique attribute such as a login):
   * used to settle a create whose outcome is unknown. Absent: the connector cannot look objects up.
   */
  lookup?(objectType: string, attributes: Attributes): Promise<ImportedObject[]>;
  /** Exports a batch; one result per entry, in order. */
  export(entries: ExportEntry[]): Promise<ExportResult[]>;
  setPassword(objectType: string, anchor: string, password: string): Promise<ExportResult>;
}
