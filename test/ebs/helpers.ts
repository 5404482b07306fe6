// Test support for the Oracle EBS template: the stand-in in its own process (examples/ebs/server.ts), a SOAP
// client built from its WSDLs with Ferry's own envelope writer (UsernameToken and SOAHeader included), direct
// reads of its database, and a host with the demo configuration (examples/ebs/ferry.yaml) pointed at it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startEbsStandInProcess } from '../../src/cli/demo-ebs.ts';
import type { ExampleProcess } from '../../src/cli/example-process.ts';
import { buildEnvelope } from '../../src/soap/envelope.ts';
import { headerBlocksXml } from '../../src/soap/header-blocks.ts';
import { parseSoapResponse } from '../../src/soap/response.ts';
import type { SoapOperation } from '../../src/soap/soap-schema.ts';
import { usernameTokenHeader } from '../../src/soap/ws-security.ts';
import { parseWsdl } from '../../src/soap/wsdl.ts';
import { endpointPath, packageNs } from '../../examples/ebs/isg-types.ts';
import { startTestHost, type TestHost, type TestHostOptions } from '../helpers/test-host.ts';

/** The demo host configuration (connectors EBS and EBSSCIM). */
export const EBS_CONFIG_FILE = fileURLToPath(new URL('../../examples/ebs/ferry.yaml', import.meta.url));
/** The template folder. */
export const EBS_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/oracle-ebs/', import.meta.url));
/** The ISG user and password of test stand-ins. */
export const EBS_USER = 'FERRY_TEST_ISG';
export const EBS_PASSWORD = 'isg-test-password-0123';

/** The two exposed packages. */
export type Pkg = 'fnd_user_pkg' | 'xx_ferry_user_query';

function operations(pkg: Pkg): Map<string, SoapOperation> {
  const d = parseWsdl(readFileSync(join(EBS_TEMPLATE_DIR, `${pkg}.wsdl`), 'utf8'), `${pkg}.wsdl`);
  return new Map(d.services[0].ports[0].operations.map((o) => [o.name, o.soap]));
}
const OPS: Record<Pkg, Map<string, SoapOperation>> = {
  fnd_user_pkg: operations('fnd_user_pkg'),
  xx_ferry_user_query: operations('xx_ferry_user_query'),
};

/** What the SOAP client sends besides the arguments. */
export interface CallOptions {
  /** The SOAHeader's fields (default: the User Management responsibility); null sends no SOAHeader. */
  header?: Record<string, string> | null;
  password?: string;
}

/** One user row of ebs.db. */
export interface UserRow {
  user_name: string;
  description: string | null;
  email_address: string | null;
  fax: string | null;
  employee_id: number | null;
  start_date: string;
  end_date: string | null;
  password_hash: string | null;
}

/** A running stand-in with a SOAP client and read access to its database. */
export interface EbsStandIn {
  url: string;
  proc: ExampleProcess;
  /** Calls a procedure; resolves with OutputParameters' fields (a fault throws SoapFault). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read parsed answers field by field
  call(pkg: Pkg, op: string, args: Record<string, unknown>, o?: CallOptions): Promise<Record<string, any>>;
  user(name: string): UserRow | undefined;
  /** The users holding a responsibility now. */
  holders(respKey: string): string[];
  stop(): Promise<void>;
}

/** Starts the stand-in on a free port with `seed` sample users. */
export async function startEbsStandIn(seed = 0): Promise<EbsStandIn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ebs-standin-'));
  const proc = await startEbsStandInProcess({
    port: 0,
    dataDir,
    user: EBS_USER,
    password: EBS_PASSWORD,
    extraArgs: ['--seed', String(seed)],
  });
  let db: Database.Database | undefined;
  const open = () => {
    db ??= new Database(join(dataDir, 'ebs.db'), { readonly: true, fileMustExist: true });
    return db;
  };
  return {
    url: proc.url,
    proc,
    async call(pkg, op, args, o = {}) {
      const soap = OPS[pkg].get(op);
      if (!soap) throw new Error(`no operation ${op} in ${pkg}`);
      const header = o.header === undefined ? { Responsibility: 'UMX', RespApplication: 'FND' } : o.header;
      const headerXml =
        usernameTokenHeader({ username: EBS_USER, password: o.password ?? EBS_PASSWORD, digest: false }) +
        (header ? headerBlocksXml([{ name: 'SOAHeader', namespace: packageNs(pkg), value: header }]) : '');
      const env = buildEnvelope(soap, op, args, { headerXml });
      const res = await fetch(proc.url + endpointPath(pkg), {
        method: 'POST',
        headers: { 'Content-Type': env.contentType, SOAPAction: env.soapAction ?? '""' },
        body: env.xml,
      });
      // biome-ignore lint/suspicious/noExplicitAny: tests read parsed answers field by field
      return parseSoapResponse(soap, op, await res.text()) as Record<string, any>;
    },
    user(name) {
      return open().prepare('SELECT * FROM fnd_user WHERE user_name = ?').get(name) as UserRow | undefined;
    },
    holders(respKey) {
      const t = new Date().toISOString();
      return (
        open()
          .prepare(
            `SELECT u.user_name FROM fnd_user_resp_groups g JOIN fnd_user u USING (user_id)
               JOIN fnd_responsibility r USING (responsibility_id)
              WHERE r.responsibility_key = ? AND (g.end_date IS NULL OR g.end_date > ?) ORDER BY u.user_name`,
          )
          .all(respKey, t) as { user_name: string }[]
      ).map((r) => r.user_name);
    },
    async stop() {
      db?.close();
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a host with the EBS demo configuration pointed at a stand-in. */
export function startEbsHost(ebs: EbsStandIn, opts: TestHostOptions = {}): Promise<TestHost> {
  return startTestHost({
    configFile: EBS_CONFIG_FILE,
    ...opts,
    env: {
      FERRY_DEMO_EBS_URL: ebs.url,
      FERRY_DEMO_EBS_USER: EBS_USER,
      FERRY_DEMO_EBS_PASSWORD: EBS_PASSWORD,
      ...opts.env,
    },
  });
}
