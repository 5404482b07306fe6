// The one error body of the admin API and the console: the words (`error`, which the CLI shows), the catalogue code
// and its recommendation, and for configuration problems each problem at its setting.
import type { Context } from 'hono';
import type { ConfigProblem } from '../config/config-error.ts';
import { CATALOGUE, type ErrorCode } from '../errors/catalogue.ts';

/** The JSON error answer for a catalogue code. */
export function apiError(c: Context, code: ErrorCode, message: string, problems?: ConfigProblem[]): Response {
  const entry = CATALOGUE[code];
  return c.json(
    { error: message, code, recommendation: entry.recommendation, ...(problems ? { problems } : {}) },
    entry.status as 400,
  );
}
