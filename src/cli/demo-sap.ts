// ferry demo sap: the stand-in SAP ECC user service (examples/sap, its own process and SQLite database) and a host
// whose connector SAPECC provisions into it through the SAP ECC 7 template (templates/sap-ecc/project.yaml).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { scimPrefixes } from '../host/http-app.ts';
import { fail } from './fail.ts';
import { demoSecret } from './demo-secret.ts';
import { certificateLines, runDemoHost } from './run-host.ts';
import { startExampleProcess, type ExampleProcess } from './example-process.ts';

/** The host configuration of `ferry demo sap`. */
export const DEMO_SAP_CONFIG = fileURLToPath(new URL('../../examples/sap/ferry.yaml', import.meta.url));
/** The service user the demo's stand-in accepts (SAP's technical users are upper case). */
export const DEMO_SAP_USER = 'FERRY_SVC';

/** A running stand-in process. */
export type SapStandInProcess = ExampleProcess;

/**
 * Starts the stand-in (examples/sap/server.ts) on `port` with its database in `dataDir`; resolves when it listens.
 * The service password travels in the environment, not on the command line (which other users can read).
 */
export function startSapStandInProcess(o: {
  port: number;
  dataDir: string;
  user: string;
  password: string;
  extraArgs?: string[];
  timeoutMs?: number;
}): Promise<SapStandInProcess> {
  return startExampleProcess({
    server: 'examples/sap/server.ts',
    ready: 'sap-standin listening on ',
    name: 'the SAP stand-in',
    args: ['--port', String(o.port), '--data', o.dataDir, ...(o.extraArgs ?? [])],
    env: { SAP_STANDIN_USER: o.user, SAP_STANDIN_PASSWORD: o.password },
    timeoutMs: o.timeoutMs,
  });
}

/** Registers `ferry demo sap` under `ferry demo`. */
export function registerDemoSap(demo: Command): void {
  demo
    .command('sap')
    .description(
      'Run the SAP demo: a stand-in SAP ECC user service (SOAP BAPIs) and a host with SAPECC (ECMA style) onto it',
    )
    .option(
      '-d, --data-dir <dir>',
      'data folder (host state in DIR/sap/host, the service in DIR/sap/app)',
      './.ferry-demo',
    )
    .option('-p, --port <port>', 'port of the host', (v) => Number(v), 8585)
    .option('--app-port <port>', 'port of the SAP stand-in', (v) => Number(v), 8000)
    .option('--seed <n>', 'users the stand-in creates on its first start', (v) => Number(v), 50)
    .option('--http', 'plain HTTP on 127.0.0.1 instead of HTTPS')
    .action(
      async (o: { dataDir: string; port: number; appPort: number; seed: number; http?: boolean }, cmd: Command) => {
        try {
          // `ferry demo` has the same options; commander gives it the ones written after "sap" when this command
          // leaves them at their defaults, so take them back.
          const parent = demo.opts() as Record<string, unknown>;
          for (const k of ['dataDir', 'port', 'appPort', 'http'] as const) {
            if (demo.getOptionValueSource(k) === 'cli' && cmd.getOptionValueSource(k) !== 'cli')
              (o as Record<string, unknown>)[k] = parent[k];
          }
          const token = demoSecret('FERRY_DEMO_TOKEN');
          const admin = demoSecret('FERRY_ADMIN_TOKEN');
          const sapPassword = demoSecret('FERRY_DEMO_SAP_PASSWORD');
          process.env.FERRY_DEMO_SAP_USER = DEMO_SAP_USER;
          const dataDir = resolve(o.dataDir, 'sap');
          const app = await startSapStandInProcess({
            port: o.appPort,
            dataDir: join(dataDir, 'app'),
            user: DEMO_SAP_USER,
            password: sapPassword.value,
            extraArgs: ['--seed', String(o.seed)],
          });
          process.env.FERRY_DEMO_SAP_URL = app.url;
          await runDemoHost(DEMO_SAP_CONFIG, { dataDir, port: o.port, http: o.http }, app, (host) => {
            const tenant = `${host.baseUrl}${scimPrefixes('SAPECC')[0]}`;
            const set = (g: boolean, name: string) => (g ? ` (generated; set ${name} to choose one)` : '');
            const ext = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
            const body = JSON.stringify({
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ext],
              [ext]: {
                userName: 'ALICE',
                firstName: 'Alice',
                lastName: 'Smith',
                email: 'alice@contoso.com',
                expirationTime: '9999-12-31',
                export_password: 'Initial-Passw0rd',
              },
            });
            return [
              '',
              `Ferry SAP demo is running (state in ${dataDir}).`,
              certificateLines(host).trimEnd(),
              `SAP stand-in (SOAP, function group SU_USER): ${app.url}  (WSDL: ${app.url}/sap/bc/srt/rfc/sap/zsu_user/001/zsu_user_service/zsu_user_binding?wsdl,`,
              `  user ${DEMO_SAP_USER}, password in FERRY_DEMO_SAP_PASSWORD${sapPassword.generated ? ', generated' : ''})`,
              'Tenant URL (ECMA style, as Entra\'s "On-premises ECMA app" expects):',
              `  SAPECC   ${tenant}`,
              `Secret token${set(token.generated, 'FERRY_DEMO_TOKEN')}: ${token.value}`,
              `Admin token${set(admin.generated, 'FERRY_ADMIN_TOKEN')}: ${admin.value}   (ferry status / import / logs)`,
              'Try:',
              `  curl -sk -H "Authorization: Bearer ${token.value}" -H 'Content-Type: application/scim+json' -d '${body}' ${tenant}/Users`,
              `  curl -sk -H "Authorization: Bearer ${token.value}" '${tenant}/Users?filter=userName%20eq%20%22ALICE%22'`,
              `  FERRY_DEMO_TOKEN=${token.value} npx ferry sync --mappings examples/sap/mappings.yaml    # Entra's SAP mapping from a CSV`,
              'Stop with Ctrl+C.',
              '',
            ].join('\n');
          });
        } catch (e) {
          fail(e);
        }
      },
    );
}
