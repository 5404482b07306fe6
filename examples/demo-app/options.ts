// Command-line options, each with an environment variable equivalent (the flag wins when both are given).
import { OptionReader, OptionsError, SERVER_FLAGS, isPort } from '../shared/options.ts';
import { DEFAULT_PASSWORD_COST, isPasswordCost } from './passwords.ts';

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
  /** Answer a taken login or team name with 400 "… already exists" instead of 409 (as some applications do). */
  duplicatesAs400?: boolean;
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
  --verbose           log each request on stderr                             DEMO_APP_VERBOSE=1
  --duplicates-as-400 answer a taken login or team name with 400 "… already exists", not 409   DEMO_APP_DUPLICATES_AS_400=1`;

export { OptionsError };

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DemoAppOptions {
  const o = OptionReader.parse(
    argv,
    {
      ...SERVER_FLAGS,
      'api-key': { type: 'string', multiple: true },
      rate: { type: 'string' },
      faults: { type: 'boolean' },
      'password-cost': { type: 'string' },
      verbose: { type: 'boolean' },
      'duplicates-as-400': { type: 'boolean' },
    },
    'DEMO_APP_',
    env,
  );
  const dataDir = o.required('data', 'DIR');
  const apiKeys = o.list('api-key');
  if (apiKeys.length === 0) throw new OptionsError('--api-key KEY (or DEMO_APP_API_KEY) is required');
  return {
    port: o.num('port', 8686, isPort),
    host: o.text('host', '127.0.0.1'),
    dataDir,
    apiKeys,
    seed: o.num('seed', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 10_000_000),
    rate: o.num('rate', 0, (n) => n >= 0),
    faults: o.flag('faults'),
    passwordCost: o.num('password-cost', DEFAULT_PASSWORD_COST, isPasswordCost),
    verbose: o.flag('verbose'),
    duplicatesAs400: o.flag('duplicates-as-400'),
  };
}
