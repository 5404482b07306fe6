// Command-line options of the stand-in, each with an environment variable equivalent (the flag wins).
import { parseArgs } from 'node:util';
import { DEFAULT_PASSWORD_COST } from './passwords.ts';

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

/** A problem with the options (meant for the person starting the stand-in). */
export class OptionsError extends Error {}

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): StandInOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        seed: { type: 'string' },
        tables: { type: 'string' },
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
  const flag = (v: boolean | undefined, envName: string): boolean => v ?? ['1', 'true', 'yes'].includes((env[envName] ?? '').toLowerCase());
  const dataDir = values.data ?? env.SAP_STANDIN_DATA;
  if (!dataDir) throw new OptionsError('--data DIR (or SAP_STANDIN_DATA) is required');
  const user = values.user ?? env.SAP_STANDIN_USER;
  const password = values.password ?? env.SAP_STANDIN_PASSWORD;
  if (!user || !password) throw new OptionsError('--user and --password (or SAP_STANDIN_USER and SAP_STANDIN_PASSWORD) are required');
  if (user.includes(':')) throw new OptionsError('--user may not contain ":" (HTTP basic authentication)');
  const tables = values.tables ?? env.SAP_STANDIN_TABLES ?? 'requested';
  if (tables !== 'requested' && tables !== 'all') throw new OptionsError(`invalid --tables: ${tables} (requested or all)`);
  return {
    port: num('port', values.port, 'SAP_STANDIN_PORT', 8000, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
    host: values.host ?? env.SAP_STANDIN_HOST ?? '127.0.0.1',
    dataDir,
    user,
    password,
    seed: num('seed', values.seed, 'SAP_STANDIN_SEED', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 10_000_000),
    faults: flag(values.faults, 'SAP_STANDIN_FAULTS'),
    tables,
    passwordCost: num('password-cost', values['password-cost'], 'SAP_STANDIN_PASSWORD_COST', DEFAULT_PASSWORD_COST, (n) => n >= 2 && Number.isInteger(Math.log2(n))),
    verbose: flag(values.verbose, 'SAP_STANDIN_VERBOSE'),
  };
}
