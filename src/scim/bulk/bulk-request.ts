// The BulkRequest envelope (RFC 7644 §3.7): schemas, Operations and failOnErrors, and the operation limit.
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { URN } from '../messages.ts';
import { readKey } from '../filter/read-value.ts';

/** The most operations one bulk request may hold (advertised as bulk.maxOperations). */
export const MAX_BULK_OPERATIONS = 1000;

/** A checked BulkRequest: its operations as sent, and how many failures stop it. */
export interface BulkRequest {
  operations: unknown[];
  failOnErrors?: number;
}

/** Checks a BulkRequest body; throws 400 invalidSyntax, or 413 when it holds more than MAX_BULK_OPERATIONS. */
export function parseBulkRequest(body: Record<string, unknown>): BulkRequest {
  const schemas = readKey(body, 'schemas');
  const urn = URN.bulkRequest.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === urn)) {
    throw scimError.invalidSyntax(`A bulk request needs "schemas": ["${URN.bulkRequest}"].`);
  }
  const operations = readKey(body, 'Operations');
  if (!Array.isArray(operations))
    throw scimError.invalidSyntax('A bulk request needs "Operations", an array of operations (RFC 7644 §3.7).');
  // RFC 7644 §3.7.4: too many operations is 413, before any of them runs.
  if (operations.length > MAX_BULK_OPERATIONS) {
    throw new FerryError(
      'payload_too_large',
      `A bulk request may hold at most ${MAX_BULK_OPERATIONS} operations (maxOperations); this one has ${operations.length}.`,
    );
  }
  const failOnErrors = readKey(body, 'failOnErrors');
  if (failOnErrors === undefined || failOnErrors === null) return { operations };
  if (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1) {
    throw scimError.invalidSyntax('"failOnErrors" must be a positive integer.');
  }
  return { operations, failOnErrors };
}
