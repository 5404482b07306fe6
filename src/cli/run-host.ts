// Starts a host in the foreground and stops it gracefully on SIGINT/SIGTERM.
import { join } from 'node:path';
import type { HostConfig } from '../config/host-config.ts';
import { loadCheckedHostConfig } from '../host/check-setup.ts';
import { demoConfigCopy } from './demo-config-copy.ts';
import { Host, type HostStartOptions } from '../host/host.ts';

/** Starts the host, prints what `describe` says, and waits for a signal. */
export async function runHost(
  config: HostConfig,
  describe: (host: Host) => string,
  onStopped?: () => Promise<void> | void,
  startOptions: HostStartOptions = {},
): Promise<void> {
  const host = await Host.start(config, startOptions);
  process.stderr.write(describe(host));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.exit(1); // second signal: do not wait any longer
    }
    stopping = true;
    host.logger.info({ signal }, 'signal received');
    host
      .stop()
      .then(() => onStopped?.())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  // SIGHUP reloads the configuration file; a refused file is logged with its problems and the host goes on.
  if (startOptions.origin)
    process.on('SIGHUP', () => {
      host.logger.info({ signal: 'SIGHUP' }, 'signal received: reloading the configuration');
      host
        .reload()
        .catch((e) => host.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'reload refused'));
    });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Describes the certificate for a person starting the host. */
export function certificateLines(host: Host): string {
  const c = host.certificate;
  if (!c) return '  TLS: off (plain HTTP)\n';
  return `  TLS certificate (${c.source}): SHA-256 ${c.fingerprint256}, valid until ${c.validTo}\n`;
}

/**
 * Runs a demo host: loads its configuration (the application is already running and its URL in the environment),
 * keeps the host's state in DATADIR/host, and stops the application with the host or when the host cannot start.
 */
export async function runDemoHost(
  configFile: string,
  o: { dataDir: string; port: number; http?: boolean },
  app: { stop(): Promise<void> },
  describe: (host: Host) => string,
): Promise<void> {
  try {
    // The console edits the file the host started from: the demo's own copy, never the package's example.
    const file = demoConfigCopy(configFile, join(o.dataDir, 'host'));
    const { config } = await loadCheckedHostConfig(file);
    const adjust = (c: HostConfig) => {
      c.host.dataDir = join(o.dataDir, 'host');
      c.host.listen.port = o.port;
      if (o.http) c.host.http = true;
    };
    adjust(config);
    await runHost(config, describe, () => app.stop(), { origin: { file, adjust } });
  } catch (e) {
    await app.stop();
    throw e;
  }
}
