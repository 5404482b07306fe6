// Command-line options, each with an environment variable equivalent (the flag wins when both are given).
import { parseArgs } from 'node:util';
import { DEFAULT_PASSWORD_COST } from './passwords.ts';

/** How the demo app is started. */
export interface DemoAppOptions {
  /** Port to listen on (0: any free port, printed in the ready line). */
  port: number;
  host: string;
  /** Folder of app.db. */
  dataDir: string;
  /** Accepted X-Api-Key values (each has its own rate limit bucket). */
  apiKeys: string[];
  /** Deterministic accounts to create on an empty database. */
  seed: number;
  /** Requests per second per API key (0: unlimited). */
  rate: number;
  /** Whether /_faults is enabled. */
  faults: boolean;
  /** scrypt cost N for password hashes (a power of two). */
  passwordCost: number;
  /** One access log line per request on stderr. */
  verbose: boolean;
}

/** The usage text of server.ts. */
export const USAGE = `usage: node --import tsx examples/demo-app/server.ts --data DIR --api-key KEY [options]
  --port N            port (default 8686; 0 = any free port)      DEMO_APP_PORT
  --host H            address to listen on (default 127.0.0.1)   DEMO_APP_HOST
  --data DIR          folder of the SQLite database app.db        DEMO_APP_DATA
  --api-key KEY       accepted X-Api-Key (repeatable)            DEMO_APP_API_KEY (comma-separated)
  --seed N            create N deterministic accounts on an empty database   DEMO_APP_SEED
  --rate N            requests/s per API key, 0 = unlimited (default)        DEMO_APP_RATE
  --faults            enable fault injection at /_faults (tests only)        DEMO_APP_FAULTS=1
  --password-cost N   scrypt N for password hashes (default ${DEFAULT_PASSWORD_COST})  DEMO_APP_PASSWORD_COST
  --verbose           log each request on stderr                             DEMO_APP_VERBOSE=1`;

/** A problem with the options (the message is meant for the person starting the app). */
export class OptionsError extends Error {}

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DemoAppOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        seed: { type: 'string' },
        rate: { type: 'string' },
        faults: { type: 'boolean' },
        'password-cost': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new OptionsError((e as Error).message);
  }
  if (values.help) throw new OptionsError('');
  const num = (name: string, flag: string | undefined, envName: string, def: number, ok: (n: number) => boolean): number => {
    const raw = flag ?? env[envName];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || !ok(n)) throw new OptionsError(`invalid --${name}: ${raw}`);
    return n;
  };
  const dataDir = values.data ?? env.DEMO_APP_DATA;
  if (!dataDir) throw new OptionsError('--data DIR (or DEMO_APP_DATA) is required');
  const apiKeys = (values['api-key'] ?? env.DEMO_APP_API_KEY?.split(',') ?? []).map((k) => k.trim()).filter((k) => k !== '');
  if (apiKeys.length === 0) throw new OptionsError('--api-key KEY (or DEMO_APP_API_KEY) is required');
  const flag = (v: boolean | undefined, envName: string): boolean => v ?? ['1', 'true', 'yes'].includes((env[envName] ?? '').toLowerCase());
  return {
    port: num('port', values.port, 'DEMO_APP_PORT', 8686, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
    host: values.host ?? env.DEMO_APP_HOST ?? '127.0.0.1',
    dataDir,
    apiKeys,
    seed: num('seed', values.seed, 'DEMO_APP_SEED', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 10_000_000),
    rate: num('rate', values.rate, 'DEMO_APP_RATE', 0, (n) => n >= 0),
    faults: flag(values.faults, 'DEMO_APP_FAULTS'),
    passwordCost: num('password-cost', values['password-cost'], 'DEMO_APP_PASSWORD_COST', DEFAULT_PASSWORD_COST, (n) => n >= 2 && Number.isInteger(Math.log2(n))),
    verbose: flag(values.verbose, 'DEMO_APP_VERBOSE'),
  };
}
