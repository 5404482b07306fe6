// What the bench hosts share: the host section of their configuration, and a host that runs one full import at
// start and reports it. Uses the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { parseHostConfig } from '../dist/config/load-config.js';
import { Host } from '../dist/host/host.js';
import { createLogger } from '../dist/host/logger.js';

/**
 * The host section: loopback on any port, plain HTTP unless `https`, warnings only, and the PostgreSQL store when
 * BENCH_PG_URL and BENCH_PG_SCHEMA are set (bench:scale); then `connectors`.
 */
export function benchConfigYaml(dataDir, connectors, { https = false, logReads = true } = {}) {
  const pg = pgStore();
  return `
host:
  listen: { host: 127.0.0.1, port: 0 }
  dataDir: ${JSON.stringify(dataDir)}
  http: ${!https}
  log: { level: warn }
  provisioningLog: { logReads: ${logReads} }
${pg ? `  store: ${JSON.stringify(pg)}\n` : ''}connectors:
${connectors}`;
}

/** The PostgreSQL store the environment asks for (BENCH_PG_URL, BENCH_PG_SCHEMA), or undefined for SQLite. */
export function pgStore() {
  const { BENCH_PG_URL: url, BENCH_PG_SCHEMA: schema } = process.env;
  return url && schema ? { kind: 'postgres', url, schema } : undefined;
}

/**
 * Starts a host that imports at start; exits the process on a failed import, else reports it (with `extra()`,
 * measured before the host stops) and stops the host.
 */
export async function runImportHost(yaml, name, connector, extra = () => undefined) {
  const config = parseHostConfig(yaml, name);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const host = await Host.start(config, { logger: createLogger('warn'), awaitInitialImport: true });
  const startMs = Math.round(performance.now() - t0);
  const status = host.connector(connector).importStatus.last;
  if (!status?.ok) {
    process.stderr.write(`import failed: ${status?.error}\n`);
    process.exit(1);
  }
  const cpu = process.cpuUsage(cpu0);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const more = extra();
  await host.stop(1000);
  return {
    status,
    startMs,
    peakRss,
    extra: more,
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
  };
}
