// ferry demo sap: the stand-in SAP ECC user service (examples/sap, its own process and SQLite database) and a host
// whose connector SAPECC provisions into it through the SAP ECC 7 template (templates/sap-ecc/project.yaml).
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { scimPrefixes } from '../host/scim-prefixes.ts';
import { registerStandInDemo } from './demo-standin.ts';
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
  registerStandInDemo(demo, {
    name: 'sap',
    title: 'SAP',
    description:
      'Run the SAP demo: a stand-in SAP ECC user service (SOAP BAPIs) and a host with SAPECC (ECMA style) onto it',
    configFile: DEMO_SAP_CONFIG,
    appPort: 8000,
    seed: 50,
    serviceUser: DEMO_SAP_USER,
    env: { password: 'FERRY_DEMO_SAP_PASSWORD', user: 'FERRY_DEMO_SAP_USER', url: 'FERRY_DEMO_SAP_URL' },
    start: startSapStandInProcess,
    describe(host, app, s) {
      const tenant = `${host.baseUrl}${scimPrefixes('SAPECC')[0]}`;
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
      return {
        about: [
          `SAP stand-in (SOAP, function group SU_USER): ${app.url}  (WSDL: ${app.url}/sap/bc/srt/rfc/sap/zsu_user/001/zsu_user_service/zsu_user_binding?wsdl,`,
          `  user ${DEMO_SAP_USER}, password in FERRY_DEMO_SAP_PASSWORD${s.app.generated ? ', generated' : ''})`,
          'Tenant URL (ECMA style, as Entra\'s "On-premises ECMA app" expects):',
          `  SAPECC   ${tenant}`,
        ],
        tryIt: [
          `  curl -sk -H "Authorization: Bearer ${s.token.value}" -H 'Content-Type: application/scim+json' -d '${body}' ${tenant}/Users`,
          `  curl -sk -H "Authorization: Bearer ${s.token.value}" '${tenant}/Users?filter=userName%20eq%20%22ALICE%22'`,
          `  FERRY_DEMO_TOKEN=${s.token.value} npx ferry sync --mappings examples/sap/mappings.yaml    # Entra's SAP mapping from a CSV`,
        ],
      };
    },
  });
}
