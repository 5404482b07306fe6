// JSON logs (pino). Authorization headers and anything named like a secret are redacted before writing.
import { pino, type Logger, type DestinationStream } from 'pino';

/** Paths pino censors wherever they appear in a log record. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  'secretToken',
  'adminToken',
  'metricsToken',
  'adminReadOnlyToken',
  'password',
  'export_password',
  'passphrase',
  'clientSecret',
  '*.authorization',
  '*.token',
  '*.secretToken',
  '*.password',
  '*.export_password',
  '*.clientSecret',
];

/** Creates the host logger. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ferry' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type { Logger };
