// ferry demo: the Acme HR demo application and a host with two connectors onto it, ready to try in a minute.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { scimPrefixes } from '../host/scim-prefixes.ts';
import { registerDemoEbs } from './demo-ebs.ts';
import { registerDemoSap } from './demo-sap.ts';
import { fail } from './fail.ts';
import { demoSecret } from './demo-secret.ts';

/** The demo configuration shipped with Ferry. */
export const DEMO_CONFIG = fileURLToPath(new URL('../../examples/demo/ferry.yaml', import.meta.url));

/** Registers `ferry demo`. */
export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description(
      'Run the demo: the Acme HR application and a host with APP1 (ECMA style) and SCIMAPP (SCIM style) onto it',
    )
    .option('-d, --data-dir <dir>', 'data folder (host state in DIR/host, the application in DIR/app)', './.ferry-demo')
    .option('-p, --port <port>', 'port of the host', (v) => Number(v), 8585)
    .option('--app-port <port>', 'port of the demo application', (v) => Number(v), 8686)
    .option('--http', 'plain HTTP on 127.0.0.1 instead of HTTPS')
    .option(
      '--seed <n>',
      'sample employees the demo application starts with on its first start (0: none)',
      seedCount,
      25,
    )
    .action(async (o: { dataDir: string; port: number; appPort: number; http?: boolean; seed: number }) => {
      // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
      const [{ startDemoAppProcess }, { certificateLines, runDemoHost }] = await Promise.all([
        import('./demo-app-process.ts'),
        import('./run-host.ts'),
      ]);
      try {
        const token = demoSecret('FERRY_DEMO_TOKEN');
        const admin = demoSecret('FERRY_ADMIN_TOKEN');
        const appKey = demoSecret('FERRY_DEMO_APP_KEY');
        const dataDir = resolve(o.dataDir);
        // A new application has some staff, as a real one would: the first import shows them in both connector
        // spaces, and a client's first GET /Users has someone to show. Seeding only ever fills an empty database.
        const extraArgs = o.seed > 0 ? ['--seed', String(o.seed)] : [];
        const app = await startDemoAppProcess({
          port: o.appPort,
          dataDir: join(dataDir, 'app'),
          apiKey: appKey.value,
          extraArgs,
        });
        process.env.FERRY_DEMO_APP_URL = app.url;
        await runDemoHost(DEMO_CONFIG, { dataDir, port: o.port, http: o.http }, app, (host) => {
          const urls = host.connectors.map(
            (c) =>
              `  ${c.config.name.padEnd(8)} ${host.baseUrl}${scimPrefixes(c.config.name)[c.config.exposure === 'ecma' ? 0 : 1]}`,
          );
          const scimapp = `${host.baseUrl}${scimPrefixes('SCIMAPP')[1]}`;
          const set = (g: boolean, name: string) => (g ? ` (generated; set ${name} to choose one)` : '');
          return [
            '',
            `Ferry demo is running (state in ${dataDir}).`,
            certificateLines(host).trimEnd(),
            `Demo application (Acme HR): ${app.url}  (API key in FERRY_DEMO_APP_KEY${appKey.generated ? ', generated' : ''})`,
            'Tenant URLs:',
            ...urls,
            `Secret token${set(token.generated, 'FERRY_DEMO_TOKEN')}: ${token.value}`,
            `Admin token${set(admin.generated, 'FERRY_ADMIN_TOKEN')}: ${admin.value}   (ferry status / import / logs)`,
            'Try:',
            `  curl -sk -H "Authorization: Bearer ${token.value}" -H 'Content-Type: application/scim+json' -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@example.com","name":{"givenName":"Alice","familyName":"Smith"},"emails":[{"type":"work","value":"alice@example.com","primary":true}]}' ${scimapp}/Users`,
            `  curl -sk -H "Authorization: Bearer ${token.value}" '${scimapp}/Users?filter=userName%20eq%20%22alice%40example.com%22'`,
            `  FERRY_ADMIN_TOKEN=${admin.value} npx ferry status`,
            'Stop with Ctrl+C.',
            '',
          ].join('\n');
        });
      } catch (e) {
        fail(e);
      }
    });
  registerDemoSap(demo);
  registerDemoEbs(demo);
}

/** The --seed option: a whole number of accounts. */
function seedCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new InvalidArgumentError('a whole number from 0 to 100000');
  return n;
}
