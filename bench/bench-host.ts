// The host side of the SCIM benchmark: a connector with N generated users, started in its own process so its
// memory can be measured. Prints "READY <baseUrl>" when the start-up import is done; on SIGTERM prints
// "RSS <peak bytes>" and exits.
import { parseHostConfig } from '../src/config/load-config.ts';
import { Host } from '../src/host/host.ts';
import { createLogger } from '../src/host/logger.ts';

const [dataDir, mode, count] = process.argv.slice(2);
const yaml = `
host:
  listen: { host: 127.0.0.1, port: 0 }
  dataDir: ${JSON.stringify(dataDir)}
  http: ${mode === 'http'}
  log: { level: warn }
connectors:
  - name: BENCH
    kind: memory
    secretToken: bench-token-0123456789
    autosyncMinutes: 0
    exposure: scim
    pageSize: 2000
    objectTypes:
      - name: User
        anchor: id
        mapping:
          userName: userName
          name.givenName: firstName
          name.familyName: lastName
          emails[type eq "work"].value: email
          active: active
          urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department: department
        deprovisioning: { disable: { flow: set, attribute: active } }
    memory:
      generate: { objectType: User, count: ${Number(count)} }
      objectTypes:
        - name: User
          anchor: id
          generateAnchor: true
          attributes:
            - { name: id, readOnly: true }
            - { name: userName, required: true, unique: true }
            - { name: firstName }
            - { name: lastName }
            - { name: email }
            - { name: department }
            - { name: active, type: boolean }
`;
const config = parseHostConfig(yaml, 'bench.yaml');
const t0 = performance.now();
const host = await Host.start(config, { logger: createLogger('warn'), awaitInitialImport: true });
const importMs = Math.round(performance.now() - t0);
process.stdout.write(`READY ${host.baseUrl} ${importMs}\n`);
process.on('SIGTERM', async () => {
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`RSS ${peak}\n`);
  await host.stop(1000);
  process.exit(0);
});
