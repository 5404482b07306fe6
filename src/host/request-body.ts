// Reads a SCIM request's body straight from Node's IncomingMessage, up to the host's limit. Through the adapter's
// WHATWG Request (and Hono's body limit, which asks for it), every create built a Request, an AbortController and a
// web stream: about a tenth of the host's CPU for a create (docs/performance.md). Without a Node request under the
// context (app.request() in tests) the web body is read, with the same limit.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { FerryError, scimError } from '../errors/catalogue.ts';
import type { BodyReader } from '../scim/http/json-body.ts';

/** The body reader of a host whose bodies may hold at most `maxBytes`. */
export function requestBodyReader(maxBytes: number): BodyReader {
  const tooLarge = (c: Context) => {
    // The rest of the body is not read: the connection cannot be reused, so say so to the client.
    c.header('Connection', 'close');
    return new FerryError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  };
  return async (c) => {
    const length = c.req.header('content-length');
    if (length !== undefined && !c.req.header('transfer-encoding') && Number(length) > maxBytes) throw tooLarge(c);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming) {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > maxBytes) throw tooLarge(c);
      return bytes;
    }
    return readIncoming(incoming, maxBytes, () => tooLarge(c));
  };
}

/** The bytes of a Node request body; stops reading (and rejects) once more than `max` came. */
function readIncoming(incoming: IncomingMessage, max: number, tooLarge: () => Error): Promise<Uint8Array> {
  if (incoming.readableEnded) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      settle();
      incoming.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      settle();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      settle();
      reject(e);
    };
    const onClose = () => {
      settle();
      reject(scimError.invalidSyntax('The client closed the connection before the request body was complete.'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}
