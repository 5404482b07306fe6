// Command-line options of the stand-in, each with an environment variable (the flag wins).
import { OptionReader, OptionsError, SERVER_FLAGS, isPort } from '../shared/options.ts';

/** How the stand-in is started. */
export interface EbsOptions {
  port: number;
  host: string;
  /** Folder of ebs.db. */
  dataDir: string;
  /** The ISG user of WS-Security UsernameToken (PasswordText, as ISG expects). */
  user: string;
  password: string;
  /** Sample users created on an empty database (SYSADMIN is always made). */
  seed: number;
  /** One JSON line per call on stderr (passwords left out). */
  log: boolean;
}

/** The usage text of server.ts. */
export const USAGE = `usage: node --import tsx examples/ebs/server.ts --data DIR --user NAME --password SECRET [options]
  --port N          port (default 8010; 0 = any free port)           EBS_STANDIN_PORT
  --host H          address to listen on (default 127.0.0.1)         EBS_STANDIN_HOST
  --data DIR        folder of the SQLite database ebs.db              EBS_STANDIN_DATA
  --user NAME       the ISG user (WS-Security UsernameToken)          EBS_STANDIN_USER
  --password S      its password                                      EBS_STANDIN_PASSWORD
  --seed N          N sample users on an empty database               EBS_STANDIN_SEED
  --log             one JSON line per call on stderr                  EBS_STANDIN_LOG=1`;

export { OptionsError };

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): EbsOptions {
  const o = OptionReader.parse(
    argv,
    { ...SERVER_FLAGS, user: { type: 'string' }, password: { type: 'string' }, log: { type: 'boolean' } },
    'EBS_STANDIN_',
    env,
  );
  return {
    port: o.num('port', 8010, isPort),
    host: o.text('host', '127.0.0.1'),
    dataDir: o.required('data', 'DIR'),
    user: o.required('user'),
    password: o.required('password'),
    seed: o.num('seed', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 1_000_000),
    log: o.flag('log'),
  };
}
