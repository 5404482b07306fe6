// The stand-in Oracle E-Business Suite: node:http serving two PL/SQL packages as the Integrated SOA Gateway does,
// each at /webservices/SOAProvider/plsql/<package>/ with its WSDL at ?wsdl, SOAP 1.1 document/literal through
// createSoapHandler (src/soap), WS-Security UsernameToken (PasswordText, as ISG takes it) on every call, and the
// SOAHeader naming the responsibility the call runs under. PL/SQL exceptions become env:Server faults whose
// faultstring is the Oracle error stack, as ISG answers them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../shared/http-server.ts';
import { createSoapHandler, type SoapCallContext, type SoapOperationHandler } from '../../src/soap/server.ts';
import { SoapFault } from '../../src/soap/soap-fault.ts';
import { openDb } from './db.ts';
import { EbsError } from './ebs-error.ts';
import { endpointPath, PACKAGES, packageNs } from './isg-types.ts';
import { fndUserPkg, type Procedure, queryPkg } from './operations.ts';
import type { EbsOptions } from './options.ts';
import { seed } from './seed.ts';
import { UserStore } from './user-store.ts';
import { wsdlText } from './wsdl.ts';

/** The prefix of the line server.ts prints when ready; the base URL follows. */
export const READY_PREFIX = 'ebs-standin listening on ';

/** A running stand-in. */
export interface EbsService {
  url: string;
  seeded: number;
  close(): Promise<void>;
}

/** The SOAHeader's fields as the call sent them (ISG sets the applications context from them). */
function soaHeader(ctx: SoapCallContext, pkg: string): Record<string, string> {
  const el = ctx.header?.children.find((c) => c.local === 'SOAHeader' && c.ns === packageNs(pkg));
  return Object.fromEntries((el?.children ?? []).map((c) => [c.local, c.text.trim()]));
}

/** Leaves out passwords from what the log shows. */
const redact = (a: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, /PASSWORD/.test(k) ? '***' : v]));

function isgOperation(
  pkg: string,
  name: string,
  proc: Procedure,
  users: UserStore,
  log: ((line: object) => void) | undefined,
): SoapOperationHandler {
  return async (args, ctx) => {
    try {
      // ISG runs each call under a responsibility: the header must name one that exists.
      const h = soaHeader(ctx, pkg);
      if (!h.Responsibility || !h.RespApplication)
        throw new EbsError(
          20001,
          'FND_SOA_RESP_MISSING: The SOAHeader must name Responsibility and RespApplication.',
          'ISG',
        );
      users.respOf(h.RespApplication, h.Responsibility, 'ISG');
      const out = await proc(args);
      log?.({ op: name, user: ctx.username, args: redact(args) });
      return out;
    } catch (e) {
      if (!(e instanceof EbsError)) throw e;
      log?.({ op: name, user: ctx.username, args: redact(args), fault: e.message });
      throw new SoapFault('Server', e.faultString, {
        detail: { ServiceProcessingException: { ErrorMessage: e.message } },
      });
    }
  };
}

/** Opens the database (seeding it if asked) and starts listening. */
export async function startEbs(opts: EbsOptions): Promise<EbsService> {
  const db = openDb(opts.dataDir);
  const seeded = seed(db, opts.seed);
  const users = new UserStore(db);
  const log = opts.log ? (line: object) => process.stderr.write(`${JSON.stringify(line)}\n`) : undefined;
  const procs: Record<string, Record<string, Procedure>> = {
    fnd_user_pkg: fndUserPkg(users),
    xx_ferry_user_query: queryPkg(users),
  };
  const handlers = new Map(
    PACKAGES.map((p) => [
      endpointPath(p.name),
      createSoapHandler({
        wsdlText: wsdlText(p),
        operations: Object.fromEntries(
          Object.entries(procs[p.name]).map(([n, f]) => [n, isgOperation(p.name, n, f, users, log)]),
        ),
        version: '1.1',
        style: 'document',
        wsSecurity: { lookup: (u) => (u === opts.user ? opts.password : undefined), requireDigest: false },
        onError: (e, op) =>
          process.stderr.write(`ebs-standin: ${op ?? 'request'} failed: ${(e as Error)?.stack ?? String(e)}\n`),
      }),
    ]),
  );

  let url = '';
  const { origin, close } = await listen(
    (req: IncomingMessage, res: ServerResponse) => {
      const u = new URL(req.url ?? '/', 'http://ebs');
      const path = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
      const pkg = PACKAGES.find((p) => endpointPath(p.name) === path);
      if (pkg && req.method === 'GET' && [...u.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(wsdlText(pkg, url));
      } else if (pkg) {
        handlers.get(path)?.(req, res);
      } else if (req.method === 'GET' && u.pathname === '/OA_HTML/AppsLogin') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('E-Business Suite stand-in\n');
      } else {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end(`not found; the services are ${PACKAGES.map((p) => endpointPath(p.name)).join(' and ')}\n`);
      }
    },
    opts,
    { onClosed: () => db.close() },
  );
  url = origin;
  return { url, seeded, close };
}
