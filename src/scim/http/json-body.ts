// Reads a SCIM request body: content type checked, JSON parsed, malformed input named precisely.
import type { Context } from 'hono';
import { FerryError, scimError } from '../../errors/catalogue.ts';

/** The parsed JSON object of a SCIM request body. */
export async function readJsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type');
  if (type && !/^application\/(scim\+)?json\b/i.test(type.trim())) {
    throw new FerryError(
      'unsupported_media_type',
      `Content-Type "${type.slice(0, 80)}" is not supported; send application/scim+json.`,
    );
  }
  const text = await c.req.text();
  if (!text.trim()) throw scimError.invalidSyntax('The request body is empty.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw scimError.invalidSyntax(`The request body is not valid JSON: ${(e as Error).message}.`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw scimError.invalidSyntax('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
