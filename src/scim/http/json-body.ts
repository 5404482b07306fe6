// Reads a SCIM request body: content type checked, UTF-8 and nesting depth checked, JSON parsed, malformed input
// named precisely.
import type { Context } from 'hono';
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { MAX_JSON_DEPTH, jsonDepthExceededAt } from '../../util/json-depth.ts';

// fatal: a byte sequence that is not UTF-8 is refused, not stored as U+FFFD in the application.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Reads the bytes of a request body (the host reads them from Node's request, with its size limit). */
export type BodyReader = (c: Context) => Promise<Uint8Array>;

/** The request's body through its WHATWG Request. */
const readWebBody: BodyReader = async (c) => new Uint8Array(await c.req.arrayBuffer());

/** The parsed JSON object of a SCIM request body. */
export async function readJsonBody(c: Context, read: BodyReader = readWebBody): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type');
  if (type && !/^application\/(scim\+)?json\b/i.test(type.trim())) {
    throw new FerryError(
      'unsupported_media_type',
      `Content-Type "${type.slice(0, 80)}" is not supported; send application/scim+json.`,
    );
  }
  return parseJsonBody(await read(c));
}

/** The JSON object of a request body's bytes; 400 invalidSyntax for bad UTF-8, too deep nesting or bad JSON. */
export function parseJsonBody(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw scimError.invalidSyntax('The request body is not valid UTF-8 (RFC 8259 §8.1).');
  }
  if (!text.trim()) throw scimError.invalidSyntax('The request body is empty.');
  const deepAt = jsonDepthExceededAt(text);
  if (deepAt >= 0)
    throw scimError.invalidSyntax(
      `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at character ${deepAt}).`,
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw scimError.invalidSyntax(`The request body is not valid JSON: ${withoutQuotedText((e as Error).message)}.`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw scimError.invalidSyntax('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * V8's parse error without the excerpt of the body it may quote (`Unexpected token 'S', "{"password": S…" is not
 * valid JSON`): the body can hold a password, and the error reaches the reply and the provisioning log.
 */
function withoutQuotedText(message: string): string {
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (not valid JSON)');
}
