// ferry serve --config ferry.yaml
import type { Command } from 'commander';
import type { HostConfig } from '../config/host-config.ts';
import { fail } from './fail.ts';

/** Registers `ferry serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the host with every connector of a configuration file')
    .requiredOption('-c, --config <file>', 'host configuration (YAML)', 'ferry.yaml')
    .option('-p, --port <port>', 'listen on this port instead of the configured one', (v) => Number(v))
    .option('--http', 'plain HTTP instead of HTTPS (bound to loopback unless --allow-non-loopback-http)')
    .option('--allow-non-loopback-http', 'with --http, listen on the configured address even if it is not loopback')
    .option(
      '--new-certificate',
      'replace a damaged generated certificate and key with a new pair (a new fingerprint clients must trust)',
    )
    .action(
      async (o: {
        config: string;
        port?: number;
        http?: boolean;
        allowNonLoopbackHttp?: boolean;
        newCertificate?: boolean;
      }) => {
        // Loaded here, not at the top: every `ferry` start registers this command (see main.ts).
        const [{ loadCheckedHostConfig }, { tenantLines }, { certificateLines, runHost }] = await Promise.all([
          import('../host/check-setup.ts'),
          import('../host/tenant-url.ts'),
          import('./run-host.ts'),
        ]);
        try {
          // The same checks as `ferry validate` (one path): every problem with its file, line and column.
          const { config } = await loadCheckedHostConfig(o.config);
          // The command-line overrides, applied again on each reload.
          const adjust = (c: HostConfig) => {
            if (o.port !== undefined) c.host.listen.port = o.port;
            if (o.http) c.host.http = true;
            if (o.allowNonLoopbackHttp) c.host.allowNonLoopbackHttp = true;
          };
          adjust(config);
          await runHost(
            config,
            (host) =>
              [
                `Ferry is listening on ${host.baseUrl}`,
                certificateLines(host).trimEnd(),
                ...tenantLines(
                  host.baseUrl,
                  host.connectors.map((c) => c.config),
                ),
                '',
              ].join('\n'),
            undefined,
            { newCertificate: o.newCertificate === true, origin: { file: o.config, adjust } },
          );
        } catch (e) {
          fail(e);
        }
      },
    );
}
