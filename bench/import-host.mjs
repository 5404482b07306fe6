// The host side of `npm run bench:import`, in a process of its own so that its memory is measured alone:
// a web-services connector on the Acme project runs one full import of Users at start, 500 per page.
//   node bench/import-host.mjs DATADIR APP_URL API_KEY  → prints "DONE <ms> <objects> <peakRssBytes>"
// Runs the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { fileURLToPath } from 'node:url';
import { parseHostConfig } from '../dist/config/load-config.js';
import { Host } from '../dist/host/host.js';
import { createLogger } from '../dist/host/logger.js';

const [dataDir, appUrl, apiKey] = process.argv.slice(2);
const project = fileURLToPath(new URL('../examples/demo-app/acme-project.yaml', import.meta.url));
const yaml = `
host:
  listen: { host: 127.0.0.1, port: 0 }
  dataDir: ${JSON.stringify(dataDir)}
  http: true
  log: { level: warn }
connectors:
  - name: BENCH
    kind: web-services
    secretToken: bench-token-0123456789
    autosyncMinutes: 0
    pageSize: 500
    exposure: scim
    connectivity: { project: ${JSON.stringify(project)}, baseUrl: ${JSON.stringify(appUrl)} }
    parameters: { apiKey: ${JSON.stringify(apiKey)} }
    objectTypes:
      - name: User
        anchor: id
        mapping:
          userName: userName
          name.givenName: firstName
          name.familyName: lastName
          emails[type eq "work"].value: email
          active: active
`;
const config = parseHostConfig(yaml, 'bench-import.yaml');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const host = await Host.start(config, { logger: createLogger('warn'), awaitInitialImport: true });
const ms = Math.round(performance.now() - t0);
const status = host.connector('BENCH').importStatus.last;
if (!status?.ok) {
  process.stderr.write(`import failed: ${status?.error}\n`);
  process.exit(1);
}
const peak = process.resourceUsage().maxRSS * 1024;
const cpu = process.cpuUsage(cpu0);
process.stderr.write(`[import-host] CPU user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms (all threads)\n`);
await host.stop(1000);
// The import's own duration (host start excluded) and the whole start for reference.
process.stdout.write(`DONE ${status.durationMs} ${status.objects} ${peak} ${ms}\n`);
process.exit(0);
