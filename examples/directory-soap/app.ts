// The stand-in Contoso Directory Service: node:http serving the WSDL and its XSD, and the SOAP 1.2 endpoint
// (createSoapHandler from src/soap) over the SQLite stores, with WS-Security UsernameToken digests required.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../shared/http-server.ts';
import { createSoapHandler, type SoapOperationHandler } from '../../src/soap/server.ts';
import { SoapFault } from '../../src/soap/soap-fault.ts';
import { openDb } from './db.ts';
import { DirectoryError } from './directory-error.ts';
import { GroupStore } from './group-store.ts';
import { directoryOperations, type Operation } from './operations.ts';
import type { DirectoryOptions } from './options.ts';
import { PersonStore } from './person-store.ts';
import { seed } from './seed.ts';

/** The prefix of the line server.ts prints when ready; the base URL follows. */
export const READY_PREFIX = 'directory-soap listening on ';
/** Where the SOAP endpoint is, under the base URL. */
export const ENDPOINT_PATH = '/directory';
const XSD_NAME = 'directory-types.xsd';
const WSDL_TEXT = readFileSync(new URL('./directory.wsdl', import.meta.url), 'utf8');
const XSD_TEXT = readFileSync(new URL(`./${XSD_NAME}`, import.meta.url), 'utf8');

/** A running service. */
export interface DirectoryService {
  /** Base URL, e.g. http://127.0.0.1:8787 (the actual port when started on port 0). */
  url: string;
  seeded: number;
  /** Stops accepting, lets requests in flight finish, closes the database. */
  close(): Promise<void>;
}

/**
 * The WSDL with its imported XSD put inline: createSoapHandler reads a self-contained WSDL, while clients get the
 * WSDL as published (the import, and the XSD beside it) so that discovery follows a real import.
 */
export function selfContainedWsdl(): string {
  const schema = XSD_TEXT.replace(/^<\?xml[^>]*\?>\s*/, '');
  const imp = new RegExp(`(<xsd:import namespace="[^"]+") schemaLocation="${XSD_NAME.replace('.', '\\.')}"/>`);
  if (!imp.test(WSDL_TEXT)) throw new Error(`directory.wsdl no longer imports ${XSD_NAME}; update selfContainedWsdl`);
  return WSDL_TEXT.replace(imp, '$1/>').replace('</wsdl:types>', `${schema}\n  </wsdl:types>`);
}

/** Any `password` value in a structure, replaced (the log shows what was sent, never a secret). */
function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'password' ? '***' : redact(x)]));
  return v;
}

/** One operation as the SOAP layer calls it: DirectoryError becomes a Sender fault with subcode dir:CODE. */
function soapOperation(name: string, op: Operation, log: ((line: object) => void) | undefined): SoapOperationHandler {
  return async (args, ctx) => {
    try {
      const result = await op(args);
      log?.({ op: name, user: ctx.username, args: redact(args) });
      return result;
    } catch (e) {
      if (!(e instanceof DirectoryError)) throw e;
      log?.({ op: name, user: ctx.username, args: redact(args), fault: e.code });
      throw new SoapFault(e.receiver ? 'Receiver' : 'Sender', e.message, {
        subcode: e.code,
        detail: {
          DirectoryFault: { code: e.code, message: e.message, ...(e.objectId ? { objectId: e.objectId } : {}) },
        },
      });
    }
  };
}

/** Opens the database (seeding it if asked) and starts listening. */
export async function startDirectory(opts: DirectoryOptions): Promise<DirectoryService> {
  const db = openDb(opts.dataDir);
  const seeded = seed(db, opts.seed);
  const people = new PersonStore(db);
  const groups = new GroupStore(db, people);
  const log = opts.log ? (line: object) => process.stderr.write(`${JSON.stringify(line)}\n`) : undefined;
  const operations = Object.fromEntries(
    Object.entries(directoryOperations(people, groups)).map(([name, op]) => [name, soapOperation(name, op, log)]),
  );
  const soap = createSoapHandler({
    wsdlText: selfContainedWsdl(),
    operations,
    version: '1.2',
    style: 'rpc',
    wsSecurity: {
      lookup: (user) => (user === opts.user ? opts.password : undefined),
      requireDigest: true,
      maxAgeSeconds: opts.maxSkewSeconds,
    },
    onError: (e, op) =>
      process.stderr.write(`directory-soap: ${op ?? 'request'} failed: ${(e as Error)?.stack ?? String(e)}\n`),
  });

  let url = '';
  const { origin, close } = await listen(
    (req: IncomingMessage, res: ServerResponse) => {
      const u = new URL(req.url ?? '/', 'http://directory');
      if (
        req.method === 'GET' &&
        u.pathname === ENDPOINT_PATH &&
        [...u.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')
      ) {
        // The published WSDL, its address pointing at where this service really listens.
        const wsdl = WSDL_TEXT.replace(/(<soap12:address location=")[^"]*(")/, `$1${url}${ENDPOINT_PATH}$2`);
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(wsdl);
      } else if (req.method === 'GET' && u.pathname === `/${XSD_NAME}`) {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(XSD_TEXT);
      } else if (req.method === 'GET' && u.pathname === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else if (u.pathname === ENDPOINT_PATH) {
        soap(req, res);
      } else {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(`not found; the SOAP endpoint is ${ENDPOINT_PATH} (WSDL: ${ENDPOINT_PATH}?wsdl)\n`);
      }
    },
    opts,
    { onClosed: () => db.close() },
  );
  url = origin;
  return { url, seeded, close };
}
