// Reads request bodies: at most 1 MB, JSON only, parsed once before routing.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.ts';

/** The largest body accepted (413 above). */
export const MAX_BODY_BYTES = 1024 * 1024;
// Past this much, a refused body is not even drained: the connection is dropped.
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** application/json, or any `+json` type (application/merge-patch+json for PATCH), with any parameters. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** The raw text and parsed JSON of a request's body (both empty/undefined when it has none). */
export async function readBody(req: IncomingMessage): Promise<{ raw: string; json: unknown }> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return { raw: '', json: undefined };
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    await drain(req, declared);
    throw new ApiError(415, 'unsupported_media_type', 'request bodies must be JSON (Content-Type: application/json)');
  }
  const buf = await collect(req, declared);
  if (buf === undefined)
    throw new ApiError(413, 'payload_too_large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const raw = buf.toString('utf8');
  if (raw.trim() === '') return { raw, json: undefined };
  try {
    return { raw, json: JSON.parse(raw) };
  } catch (e) {
    throw new ApiError(400, 'malformed_json', `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The whole body, or undefined when it is over the limit. An oversized body is still read to its end (and thrown
 * away) so the client, still sending, receives the 413 instead of a reset connection.
 */
function collect(req: IncomingMessage, declared: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      if (size > MAX_DRAIN_BYTES) req.destroy();
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
    // A destroyed request never ends; settle anyway (no-op after 'end').
    req.on('close', () => resolve(undefined));
  });
}

function drain(req: IncomingMessage, declared: number): Promise<void> {
  return collect(req, declared).then(() => undefined);
}
