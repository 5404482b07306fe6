// Command-line options of the stand-in service, each with an environment variable (the flag wins).
import { parseArgs } from 'node:util';

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

/** A problem with the options (the message is for the person starting the service). */
export class OptionsError extends Error {}

/** Reads options from the command line and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DirectoryOptions {
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
        'max-skew': { type: 'string' },
        log: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new OptionsError((e as Error).message);
  }
  if (values.help) throw new OptionsError('');
  const num = (name: string, raw: string | undefined, def: number, ok: (n: number) => boolean): number => {
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || !ok(n)) throw new OptionsError(`invalid --${name}: ${raw}`);
    return n;
  };
  const need = (name: string, v: string | undefined, envName: string): string => {
    if (!v) throw new OptionsError(`--${name} (or ${envName}) is required`);
    return v;
  };
  return {
    port: num('port', values.port ?? env.CONTOSO_DIR_PORT, 8787, (n) => n >= 0 && n < 65536),
    host: values.host ?? env.CONTOSO_DIR_HOST ?? '127.0.0.1',
    dataDir: need('data', values.data ?? env.CONTOSO_DIR_DATA, 'CONTOSO_DIR_DATA'),
    user: need('user', values.user ?? env.CONTOSO_DIR_USER, 'CONTOSO_DIR_USER'),
    password: need('password', values.password ?? env.CONTOSO_DIR_PASSWORD, 'CONTOSO_DIR_PASSWORD'),
    seed: num('seed', values.seed ?? env.CONTOSO_DIR_SEED, 0, (n) => n >= 0 && n <= 1_000_000),
    maxSkewSeconds: num('max-skew', values['max-skew'] ?? env.CONTOSO_DIR_MAX_SKEW, 300, (n) => n > 0),
    log: values.log ?? ['1', 'true', 'yes'].includes((env.CONTOSO_DIR_LOG ?? '').toLowerCase()),
  };
}
