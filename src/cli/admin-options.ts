// The options every admin command takes (light: registering the commands loads no HTTP client).
import type { Command } from 'commander';

/** Options every admin command takes. */
export interface AdminOptions {
  url?: string;
  token?: string;
  ca?: string;
  insecure?: boolean;
}

/** Adds --url, --token, --ca and --insecure to a command. */
export function withAdminOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'the host (default $FERRY_URL or https://localhost:8585)')
    .option('--token <token>', 'admin token (default $FERRY_ADMIN_TOKEN)')
    .option('--ca <file>', "CA certificate to trust (default: the demo's generated certificate when present)")
    .option('--insecure', 'do not verify the TLS certificate (testing only)');
}
