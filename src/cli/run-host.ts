// Starts a host in the foreground and stops it gracefully on SIGINT/SIGTERM.
import type { HostConfig } from '../config/host-config.ts';
import { Host } from '../host/host.ts';

/** Starts the host, prints what `describe` says, and waits for a signal. */
export async function runHost(config: HostConfig, describe: (host: Host) => string, onStopped?: () => Promise<void> | void): Promise<void> {
  const host = await Host.start(config);
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
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Describes the certificate for a person starting the host. */
export function certificateLines(host: Host): string {
  const c = host.certificate;
  if (!c) return '  TLS: off (plain HTTP)\n';
  return `  TLS certificate (${c.source}): SHA-256 ${c.fingerprint256}, valid until ${c.validTo}\n`;
}
