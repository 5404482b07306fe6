// A host in its own process for the fuzzers and bench:faults: the demo configuration (APP1 and SCIMAPP) onto a
// running demo app, plain HTTP on loopback. Its own process so that a crash shows as an exit, a kill -9 is a real
// one, and /health is timed from outside the host's event loop.
// Usage: FERRY_DEMO_APP_KEY=… node --import tsx test/fuzz/fuzz-host.ts DATA_DIR APP_URL [PORT]; prints
// "READY <baseUrl>". The application's key travels in the environment, never on the command line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHostConfig } from '../../src/config/load-config.ts';
import { Host } from '../../src/host/host.ts';
import { createLogger } from '../../src/host/logger.ts';

/** The connectors' secret token in fuzz and fault runs. */
export const FUZZ_TOKEN = 'fuzz-token-0123456789abcdef';

const [dataDir, appUrl, port] = process.argv.slice(2);
const apiKey = process.env.FERRY_DEMO_APP_KEY;
if (dataDir && appUrl && apiKey) {
  const file = fileURLToPath(new URL('../../examples/demo/ferry.yaml', import.meta.url));
  const config = parseHostConfig(readFileSync(file, 'utf8'), file, {
    FERRY_DEMO_TOKEN: FUZZ_TOKEN,
    FERRY_ADMIN_TOKEN: 'fuzz-admin-0123456789abcdef',
    FERRY_DEMO_APP_URL: appUrl,
    FERRY_DEMO_APP_KEY: apiKey,
  });
  config.host.dataDir = dataDir;
  config.host.http = true;
  config.host.listen = { host: '127.0.0.1', port: Number(port ?? 0) };
  config.host.log.level = 'error';
  const host = await Host.start(config, { logger: createLogger('error'), awaitInitialImport: true });
  process.stdout.write(`READY ${host.baseUrl}\n`);
  const stop = async () => {
    await host.stop(2000);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
