// One operation of a bulk request (RFC 7644 §3.7), read and checked for everything that does not depend on the
// other operations. A malformed operation is kept, with why, so that it fails alone and still gets its entry.
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { isPlainObject } from '../patch/values.ts';
import { referenceOf, referencesIn } from './bulk-references.ts';
import { readKey } from '../filter/read-value.ts';

/** The methods a bulk operation may use. */
export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const METHODS: ReadonlySet<string> = new Set<BulkMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a bulk operation's path names: a resource type endpoint ("Users"), and a resource id for /Users/{id}. */
export interface BulkTarget {
  endpoint: string;
  /** The id, or a "bulkId:X" reference to be resolved. */
  id?: string;
}

/** What every operation's entry echoes. */
interface OperationHead {
  /** Its position in the request's Operations. */
  index: number;
  /** The method, upper case; as sent when it is not one of BulkMethod. */
  method: string;
  bulkId?: string;
}

/** A well-formed operation. */
export interface ValidOperation extends OperationHead {
  method: BulkMethod;
  target: BulkTarget;
  data?: unknown;
  /** The ETag the resource must still have (If-Match). */
  version?: string;
  /** The bulkIds it refers to, in its path and data. */
  refs: Set<string>;
  invalid?: undefined;
}

/** A malformed operation, with why it cannot run. */
export interface InvalidOperation extends OperationHead {
  invalid: FerryError;
}

/** One operation as read from the request. */
export type BulkOperation = ValidOperation | InvalidOperation;

/** Reads Operations[index]; never throws (a malformed operation carries `invalid`). */
export function readOperation(raw: unknown, index: number): BulkOperation {
  try {
    return parseOperation(raw, index);
  } catch (e) {
    const invalid =
      e instanceof FerryError
        ? e
        : new FerryError('internal', 'Unexpected error reading a bulk operation.', { cause: e });
    return { ...headOf(raw, index), invalid };
  }
}

/** The method and bulkId to echo, as far as they can be read. */
function headOf(raw: unknown, index: number): OperationHead {
  const head: OperationHead = { index, method: '' };
  if (!isPlainObject(raw)) return head;
  const method = readKey(raw, 'method');
  if (typeof method === 'string') head.method = METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method;
  const bulkId = readKey(raw, 'bulkId');
  if (typeof bulkId === 'string' && bulkId !== '') head.bulkId = bulkId;
  return head;
}

function parseOperation(raw: unknown, index: number): ValidOperation {
  if (!isPlainObject(raw))
    throw scimError.invalidSyntax(`Operations[${index}] must be an object with "method" and "path".`);
  const { method, bulkId } = headOf(raw, index);
  if (!isBulkMethod(method))
    throw scimError.invalidSyntax(
      `Unknown bulk method ${JSON.stringify(readKey(raw, 'method') ?? null)}; expected POST, PUT, PATCH or DELETE.`,
    );
  if (bulkId === undefined && readKey(raw, 'bulkId') !== undefined)
    throw scimError.invalidSyntax('"bulkId" must be a non-empty string.');
  // RFC 7644 §3.7: a POST needs a bulkId, so the response can say which resource it created.
  if (method === 'POST' && bulkId === undefined) throw scimError.invalidSyntax('A bulk POST needs a "bulkId".');
  const path = readKey(raw, 'path');
  if (typeof path !== 'string')
    throw scimError.invalidSyntax('A bulk operation needs a "path" such as "/Users" or "/Users/{id}".');
  const data = readKey(raw, 'data');
  if (method !== 'DELETE' && (data === undefined || data === null))
    throw scimError.invalidSyntax(`A bulk ${method} needs "data".`);
  const version = readKey(raw, 'version');
  if (version !== undefined && version !== null && typeof version !== 'string')
    throw scimError.invalidSyntax('"version" must be an ETag string.');
  const target = parsePath(path);
  if (method === 'POST' && target.id !== undefined)
    throw scimError.invalidSyntax(
      `A bulk POST targets a resource type endpoint such as /${target.endpoint}, not a resource.`,
    );
  if (method !== 'POST' && target.id === undefined)
    throw scimError.invalidSyntax(`A bulk ${method} targets a resource such as /${target.endpoint}/{id}.`);
  const refs = referencesIn(data);
  const idRef = target.id === undefined ? undefined : referenceOf(target.id);
  if (idRef !== undefined) refs.add(idRef);
  return {
    index,
    method,
    ...(bulkId !== undefined ? { bulkId } : {}),
    target,
    data,
    ...(typeof version === 'string' ? { version } : {}),
    refs,
  };
}

function isBulkMethod(method: string): method is BulkMethod {
  return METHODS.has(method);
}

/** "/Users" or "/Users/{id}" (id URL-encoded); anything else names no endpoint (404). */
function parsePath(path: string): BulkTarget {
  const m = /^\/?([^/?#]+)(?:\/([^/?#]+))?\/?$/.exec(path);
  if (!m)
    throw scimError.notFound(
      `No SCIM endpoint at "${path.slice(0, 200)}"; a bulk path is /{ResourceType} or /{ResourceType}/{id}.`,
    );
  if (m[2] === undefined) return { endpoint: m[1] };
  try {
    return { endpoint: m[1], id: decodeURIComponent(m[2]) };
  } catch {
    throw scimError.invalidSyntax(`The path "${path.slice(0, 200)}" is not correctly URL-encoded.`);
  }
}
