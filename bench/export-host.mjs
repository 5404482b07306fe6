// The host side of `npm run bench:export`: the demo configuration's SCIMAPP connector onto a running demo app,
// over plain HTTP on loopback (on PostgreSQL when BENCH_PG_URL and BENCH_PG_SCHEMA are set). Prints
// "READY <baseUrl>"; on SIGTERM prints "RSS <peak bytes>" and exits.
// Runs the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHostConfig } from '../dist/config/load-config.js';
import { Host } from '../dist/host/host.js';
import { createLogger } from '../dist/host/logger.js';
import { pgStore } from './host-support.mjs';

const [dataDir, appUrl, apiKey] = process.argv.slice(2);
const file = fileURLToPath(new URL('../examples/demo/ferry.yaml', import.meta.url));
const config = parseHostConfig(readFileSync(file, 'utf8'), file, {
  FERRY_DEMO_TOKEN: 'bench-token-0123456789',
  FERRY_ADMIN_TOKEN: 'bench-admin-0123456789',
  FERRY_DEMO_APP_URL: appUrl,
  FERRY_DEMO_APP_KEY: apiKey,
});
config.host.dataDir = dataDir;
config.host.http = true;
config.host.listen = { host: '127.0.0.1', port: 0 };
config.host.log.level = 'warn';
config.host.provisioningLog.logReads = false;
const store = pgStore();
if (store) config.host.store = store;
const host = await Host.start(config, { logger: createLogger('warn'), awaitInitialImport: true });
process.stdout.write(`READY ${host.baseUrl}\n`);
process.on('SIGTERM', async () => {
  process.stdout.write(`RSS ${process.resourceUsage().maxRSS * 1024}\n`);
  await host.stop(2000);
  process.exit(0);
});
