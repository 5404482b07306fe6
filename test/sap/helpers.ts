// Test support for the SAP template: the stand-in SAP service in its own process (examples/sap/server.ts), a SOAP
// client built from its WSDL with Ferry's own envelope writer and response reader, and a host with the SAP demo
// configuration (examples/sap/ferry.yaml) pointed at the stand-in.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startSapStandInProcess, type SapStandInProcess } from '../../src/cli/demo-sap.ts';
import { buildEnvelope } from '../../src/soap/envelope.ts';
import { parseSoapResponse } from '../../src/soap/response.ts';
import { parseWsdl } from '../../src/soap/wsdl.ts';
import type { SoapOperation } from '../../src/soap/soap-schema.ts';
import { startTestHost, type TestHost, type TestHostOptions } from '../helpers/test-host.ts';

/** The SAP demo host configuration (connector SAPECC). */
export const SAP_CONFIG_FILE = fileURLToPath(new URL('../../examples/sap/ferry.yaml', import.meta.url));
/** The stand-in's WSDL. */
export const SAP_WSDL_FILE = fileURLToPath(new URL('../../templates/sap-ecc/sap-user.wsdl', import.meta.url));
/** The service user and password of test stand-ins. */
export const SAP_USER = 'FERRY_TEST';
export const SAP_PASSWORD = 'sap-test-password-0123';
/** The SOAP 1.1 endpoint path and the SOAP 1.2 one. */
export const SAP_PATH = '/sap/bc/srt/rfc/sap/zsu_user/001/zsu_user_service/zsu_user_binding';
export const SAP_PATH12 = '/sap/bc/srt/rfc/sap/zsu_user/001/zsu_user_service/zsu_user_binding_soap12';

/** The operations of the WSDL, per SOAP version. */
function operations(version: '1.1' | '1.2'): Map<string, SoapOperation> {
  const d = parseWsdl(readFileSync(SAP_WSDL_FILE, 'utf8'), 'sap-user.wsdl');
  const port = d.services[0].ports.find((p) => p.soapVersion === version)!;
  return new Map(port.operations.map((o) => [o.name, o.soap]));
}
const OPS = { '1.1': operations('1.1'), '1.2': operations('1.2') };

/** A rows table of a parsed answer. */
export const items = (t: unknown): Record<string, unknown>[] =>
  (t as { item?: Record<string, unknown>[] } | undefined)?.item ?? [];

/** A running stand-in, with a SOAP client and direct access to its database. */
export interface StandIn {
  url: string;
  proc: SapStandInProcess;
  dataDir: string;
  /** Calls a BAPI; resolves with the parsed answer (throws SoapFault on a fault). */
  bapi(
    op: string,
    args: Record<string, unknown>,
    o?: { version?: '1.1' | '1.2'; auth?: string | null },
  ): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A raw HTTP call to the stand-in (with the service user's basic auth unless headers say otherwise). */
  http(
    method: string,
    path: string,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; text: string }>;
  /** The stored row of a user, read from app.db. */
  row(bname: string):
    | {
        bname: string;
        address: string;
        logondata: string;
        company: string;
        pwd_hash: string | null;
        pwd_state: string | null;
      }
    | undefined;
  /** Calls per operation since the start (or the last reset). */
  calls(): Promise<Record<string, number>>;
  /** The last SOAPAction header received per operation. */
  soapActions(): Promise<Record<string, string>>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

/** Basic auth of the test service user. */
export const basic = (user = SAP_USER, password = SAP_PASSWORD): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Starts the stand-in (port 0, fault injection and call counts on, cheap password hashes). */
export async function startStandIn(opts: { seed?: number; args?: string[]; dataDir?: string } = {}): Promise<StandIn> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sap-standin-'));
  const proc = await startSapStandInProcess({
    port: 0,
    dataDir,
    user: SAP_USER,
    password: SAP_PASSWORD,
    extraArgs: [
      '--faults',
      '--password-cost',
      '1024',
      ...(opts.seed ? ['--seed', String(opts.seed)] : []),
      ...(opts.args ?? []),
    ],
  });
  const http: StandIn['http'] = async (method, path, body, headers = {}) => {
    const res = await fetch(proc.url + path, { method, headers: { Authorization: basic(), ...headers }, body });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  let db: Database.Database | undefined;
  return {
    url: proc.url,
    proc,
    dataDir,
    http,
    async bapi(op, args, o = {}) {
      const version = o.version ?? '1.1';
      const soap = OPS[version].get(op);
      if (!soap) throw new Error(`no operation ${op}`);
      const env = buildEnvelope(soap, op, args);
      const headers: Record<string, string> = { 'Content-Type': env.contentType };
      if (env.soapAction !== undefined) headers.SOAPAction = env.soapAction;
      if (o.auth !== null) headers.Authorization = o.auth ?? basic();
      const res = await fetch(proc.url + (version === '1.1' ? SAP_PATH : SAP_PATH12), {
        method: 'POST',
        headers,
        body: env.xml,
      });
      const text = await res.text();
      if (res.status === 401) throw Object.assign(new Error(`401 ${text}`), { status: 401, headers: res.headers });
      return parseSoapResponse(soap, op, text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
    row(bname) {
      db ??= new Database(join(dataDir, 'app.db'), { readonly: true, fileMustExist: true });
      return db.prepare('SELECT * FROM users WHERE bname = ?').get(bname) as ReturnType<StandIn['row']>;
    },
    async calls() {
      return JSON.parse((await http('GET', '/_stats')).text).calls as Record<string, number>;
    },
    async soapActions() {
      return JSON.parse((await http('GET', '/_stats')).text).soapActions as Record<string, string>;
    },
    async resetCalls() {
      await http('DELETE', '/_stats');
    },
    async stop() {
      db?.close();
      await proc.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a host with the SAP demo configuration pointed at a stand-in. */
export function startSapHost(sap: StandIn, opts: TestHostOptions = {}): Promise<TestHost> {
  return startTestHost({
    configFile: SAP_CONFIG_FILE,
    ...opts,
    env: {
      FERRY_DEMO_SAP_URL: sap.url,
      FERRY_DEMO_SAP_USER: SAP_USER,
      FERRY_DEMO_SAP_PASSWORD: SAP_PASSWORD,
      ...opts.env,
    },
  });
}
