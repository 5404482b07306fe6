// ferry demo: the bundled demo host, ready to try in a minute.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadHostConfig } from '../config/load-config.ts';
import { scimPrefixes } from '../host/http-app.ts';
import { certificateLines, runHost } from './run-host.ts';
import { fail } from './fail.ts';

/** The demo configuration shipped with Ferry. */
export const DEMO_CONFIG = fileURLToPath(new URL('../../examples/demo/ferry.yaml', import.meta.url));

/** Registers `ferry demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run a demo host: connector APP1 (ECMA style) and SCIMAPP (SCIM style) onto demo applications')
    .option('-d, --data-dir <dir>', 'data folder', './.ferry-demo')
    .option('-p, --port <port>', 'port', (v) => Number(v), 8585)
    .option('--http', 'plain HTTP on 127.0.0.1 instead of HTTPS')
    .action(async (o: { dataDir: string; port: number; http?: boolean }) => {
      try {
        let generated = false;
        if (!process.env.FERRY_DEMO_TOKEN) {
          process.env.FERRY_DEMO_TOKEN = randomBytes(18).toString('base64url');
          generated = true;
        }
        const token = process.env.FERRY_DEMO_TOKEN;
        const config = loadHostConfig(DEMO_CONFIG);
        config.host.dataDir = resolve(o.dataDir);
        config.host.listen.port = o.port;
        if (o.http) config.host.http = true;
        await runHost(config, (host) => {
          const urls = host.connectors.map((c) => `  ${c.config.name.padEnd(8)} ${host.baseUrl}${scimPrefixes(c.config.name)[c.config.exposure === 'ecma' ? 0 : 1]}`);
          const scimapp = `${host.baseUrl}${scimPrefixes('SCIMAPP')[1]}`;
          return [
            '',
            `Ferry demo is running (data in ${config.host.dataDir}).`,
            certificateLines(host).trimEnd(),
            'Tenant URLs:',
            ...urls,
            `Secret token${generated ? ' (generated; set FERRY_DEMO_TOKEN to choose one)' : ''}: ${token}`,
            'Try:',
            `  curl -sk -H "Authorization: Bearer ${token}" '${scimapp}/Users?filter=userName%20eq%20%22alice%40example.com%22'`,
            `  curl -sk -H "Authorization: Bearer ${token}" -H 'Content-Type: application/scim+json' -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@example.com","name":{"givenName":"Alice","familyName":"Smith"},"emails":[{"type":"work","value":"alice@example.com","primary":true}]}' ${scimapp}/Users`,
            'Stop with Ctrl+C.',
            '',
          ].join('\n');
        });
      } catch (e) {
        fail(e);
      }
    });
}
