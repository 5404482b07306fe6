// Command-line options of the stand-in, each with an environment variable equivalent (the flag wins).
import { OptionReader, OptionsError, SERVER_FLAGS, isPort } from '../shared/options.ts';
import { DEFAULT_PASSWORD_COST, isPasswordCost } from './passwords.ts';

/** How the stand-in is started. */
export interface StandInOptions {
  /** Port to listen on (0: any free port, printed in the ready line). */
  port: number;
  host: string;
  /** Folder of app.db. */
  dataDir: string;
  /** HTTP basic authentication: the service user and its password. */
  user: string;
  password: string;
  /** Deterministic users to create on an empty database. */
  seed: number;
  /** Whether /_faults is enabled (tests only). */
  faults: boolean;
  /** Which TABLES parameters a response carries: those the request named (as SAP), or all. */
  tables: 'requested' | 'all';
  /** scrypt cost N for password hashes. */
  passwordCost: number;
  /** One access log line per request on stderr. */
  verbose: boolean;
}

/** The usage text of server.ts. */
export const USAGE = `usage: node --import tsx examples/sap/server.ts --data DIR --user USER --password PASSWORD [options]
  --port N            port (default 8000; 0 = any free port)                   SAP_STANDIN_PORT
  --host H            address to listen on (default 127.0.0.1)                SAP_STANDIN_HOST
  --data DIR          folder of the SQLite database app.db                     SAP_STANDIN_DATA
  --user USER         the service user of HTTP basic authentication            SAP_STANDIN_USER
  --password PW       its password (prefer the environment variable)          SAP_STANDIN_PASSWORD
  --seed N            create N deterministic users on an empty database       SAP_STANDIN_SEED
  --tables MODE       requested (as SAP: only the tables the request named) or all   SAP_STANDIN_TABLES
  --faults            enable fault injection at /_faults (tests only)          SAP_STANDIN_FAULTS=1
  --password-cost N   scrypt N for password hashes (default ${DEFAULT_PASSWORD_COST})    SAP_STANDIN_PASSWORD_COST
  --verbose           log each request on stderr                               SAP_STANDIN_VERBOSE=1`;

export { OptionsError };

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): StandInOptions {
  const o = OptionReader.parse(
    argv,
    {
      ...SERVER_FLAGS,
      user: { type: 'string' },
      password: { type: 'string' },
      tables: { type: 'string' },
      faults: { type: 'boolean' },
      'password-cost': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    'SAP_STANDIN_',
    env,
  );
  const dataDir = o.required('data', 'DIR');
  const user = o.text('user');
  const password = o.text('password');
  if (!user || !password)
    throw new OptionsError('--user and --password (or SAP_STANDIN_USER and SAP_STANDIN_PASSWORD) are required');
  if (user.includes(':')) throw new OptionsError('--user may not contain ":" (HTTP basic authentication)');
  const tables = o.text('tables', 'requested');
  if (tables !== 'requested' && tables !== 'all')
    throw new OptionsError(`invalid --tables: ${tables} (requested or all)`);
  return {
    port: o.num('port', 8000, isPort),
    host: o.text('host', '127.0.0.1'),
    dataDir,
    user,
    password,
    seed: o.num('seed', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 10_000_000),
    faults: o.flag('faults'),
    tables,
    passwordCost: o.num('password-cost', DEFAULT_PASSWORD_COST, isPasswordCost),
    verbose: o.flag('verbose'),
  };
}
