// ferry demo ebs: the stand-in Oracle E-Business Suite (examples/ebs: FND_USER_PKG and a query package over the
// Integrated SOA Gateway's SOAP, its own process and SQLite database) and a host whose connectors EBS (ECMA style)
// and EBSSCIM (SCIM style) provision into it through the Oracle EBS template (templates/oracle-ebs/project.yaml).
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { scimPrefixes } from '../host/scim-prefixes.ts';
import { registerStandInDemo } from './demo-standin.ts';
import { startExampleProcess, type ExampleProcess } from './example-process.ts';

/** The host configuration of `ferry demo ebs`. */
export const DEMO_EBS_CONFIG = fileURLToPath(new URL('../../examples/ebs/ferry.yaml', import.meta.url));
/** The ISG user the demo's stand-in accepts. */
export const DEMO_EBS_USER = 'FERRY_ISG';

/** Starts the stand-in (examples/ebs/server.ts); the password travels in the environment. */
export function startEbsStandInProcess(o: {
  port: number;
  dataDir: string;
  user: string;
  password: string;
  extraArgs?: string[];
}): Promise<ExampleProcess> {
  return startExampleProcess({
    server: 'examples/ebs/server.ts',
    ready: 'ebs-standin listening on ',
    name: 'the E-Business Suite stand-in',
    args: ['--port', String(o.port), '--data', o.dataDir, ...(o.extraArgs ?? [])],
    env: { EBS_STANDIN_USER: o.user, EBS_STANDIN_PASSWORD: o.password },
  });
}

/** Registers `ferry demo ebs` under `ferry demo`. */
export function registerDemoEbs(demo: Command): void {
  registerStandInDemo(demo, {
    name: 'ebs',
    title: 'Oracle E-Business Suite',
    description:
      'Run the Oracle EBS demo: a stand-in E-Business Suite (FND_USER_PKG over SOAP) and a host with EBS (ECMA) and EBSSCIM (SCIM) onto it',
    configFile: DEMO_EBS_CONFIG,
    appPort: 8010,
    seed: 50,
    serviceUser: DEMO_EBS_USER,
    env: { password: 'FERRY_DEMO_EBS_PASSWORD', user: 'FERRY_DEMO_EBS_USER', url: 'FERRY_DEMO_EBS_URL' },
    start: startEbsStandInProcess,
    describe(host, app, s) {
      const ecma = `${host.baseUrl}${scimPrefixes('EBS')[0]}`;
      const scim = `${host.baseUrl}${scimPrefixes('EBSSCIM')[1]}`;
      const body = JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'ALICE',
        displayName: 'Alice Smith',
        emails: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
        password: 'Welcome2ebs',
        active: true,
      });
      return {
        about: [
          `E-Business Suite stand-in (Integrated SOA Gateway, SOAP): ${app.url}/webservices/SOAProvider/plsql/fnd_user_pkg/?wsdl`,
          `  ISG user ${DEMO_EBS_USER}, password in FERRY_DEMO_EBS_PASSWORD${s.app.generated ? ', generated' : ''}`,
          'Tenant URLs:',
          `  EBS       ${ecma}   (ECMA style, Entra's "On-premises ECMA app")`,
          `  EBSSCIM   ${scim}   (SCIM style)`,
        ],
        tryIt: [
          `  curl -sk -H "Authorization: Bearer ${s.token.value}" -H 'Content-Type: application/scim+json' -d '${body}' ${scim}/Users`,
          `  curl -sk -H "Authorization: Bearer ${s.token.value}" '${scim}/Groups?filter=displayName%20eq%20%22General%20Ledger%20Super%20User%22'`,
        ],
      };
    },
  });
}
