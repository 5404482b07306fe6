// Command-line options of the stand-in service, each with an environment variable (the flag wins).
import { OptionReader, OptionsError, SERVER_FLAGS, isPort } from '../shared/options.ts';

/** How the service is started. */
export interface DirectoryOptions {
  /** Port (0: any free port, printed in the ready line). */
  port: number;
  host: string;
  /** Folder of directory.db. */
  dataDir: string;
  /** The WS-Security UsernameToken every request must carry (PasswordDigest). */
  user: string;
  password: string;
  /** People created on an empty directory. */
  seed: number;
  /** How far a token's Created may be from the service's clock, in seconds (older ones are refused). */
  maxSkewSeconds: number;
  /** One JSON line per operation on stderr (passwords left out): what a client really sent. */
  log: boolean;
}

/** The usage text of server.ts. */
export const USAGE = `usage: node --import tsx examples/directory-soap/server.ts --data DIR --user NAME --password SECRET [options]
  --port N          port (default 8787; 0 = any free port)         CONTOSO_DIR_PORT
  --host H          address to listen on (default 127.0.0.1)       CONTOSO_DIR_HOST
  --data DIR        folder of the SQLite database directory.db      CONTOSO_DIR_DATA
  --user NAME       WS-Security UsernameToken user name             CONTOSO_DIR_USER
  --password S      its password (clients must send a digest)       CONTOSO_DIR_PASSWORD
  --seed N          create N people on an empty directory           CONTOSO_DIR_SEED
  --max-skew S      accepted age of a token's Created (default 300) CONTOSO_DIR_MAX_SKEW
  --log             one JSON line per operation on stderr           CONTOSO_DIR_LOG=1`;

export { OptionsError };

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DirectoryOptions {
  const o = OptionReader.parse(
    argv,
    {
      ...SERVER_FLAGS,
      user: { type: 'string' },
      password: { type: 'string' },
      'max-skew': { type: 'string' },
      log: { type: 'boolean' },
    },
    'CONTOSO_DIR_',
    env,
  );
  return {
    port: o.num('port', 8787, isPort),
    host: o.text('host', '127.0.0.1'),
    dataDir: o.required('data'),
    user: o.required('user'),
    password: o.required('password'),
    seed: o.num('seed', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 1_000_000),
    maxSkewSeconds: o.num('max-skew', 300, (n) => Number.isInteger(n) && n > 0),
    log: o.flag('log'),
  };
}
