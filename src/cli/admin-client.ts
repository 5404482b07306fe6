// A client of a running host's admin API, for the CLI: URL, token and TLS trust from options or environment.
import { existsSync, readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch, type Response } from 'undici';
import { type ConfigProblem, formatProblem } from '../config/config-error.ts';
import { GENERATED_CERT_FILE } from '../host/tls.ts';
import type { AdminOptions } from './admin-options.ts';

/** What to do when the host's certificate is not trusted (a generated one is self-signed). */
export const TRUST_HINT =
  "The host's certificate is not trusted: pass --ca FILE (or set FERRY_CA) with the certificate the host " +
  `serves; a host that generated its own keeps it in DATADIR/tls/${GENERATED_CERT_FILE} ` +
  `(the demo: .ferry-demo/host/tls/${GENERATED_CERT_FILE}). For a test system only: --insecure.`;

/** True for a TLS error code that means the certificate is not trusted or does not fit (not a network failure). */
export function isCertificateProblem(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/.test(code);
}

/** Thrown for an admin call that failed; the message is for a person. */
export class AdminCallError extends Error {
  override readonly name: string = 'AdminCallError';
}

/** Calls the admin API. */
export class AdminClient {
  private readonly base: string;
  private readonly token: string;
  private readonly dispatcher: Agent;

  constructor(o: AdminOptions) {
    this.base = (o.url ?? process.env.FERRY_URL ?? 'https://localhost:8585').replace(/\/$/, '');
    const token = o.token ?? process.env.FERRY_ADMIN_TOKEN;
    if (!token)
      throw new AdminCallError(
        'No admin token: pass --token or set FERRY_ADMIN_TOKEN (the host prints it at start for the demo).',
      );
    this.token = token;
    const caFile =
      o.ca ??
      process.env.FERRY_CA ??
      ['.ferry-demo/host/tls/ferry-cert.pem', '.ferry-demo/tls/ferry-cert.pem'].find((f) => existsSync(f));
    this.dispatcher = new Agent({
      connect: {
        ...(o.insecure ? { rejectUnauthorized: false } : {}),
        ...(caFile && !o.insecure ? { ca: readFileSync(caFile) } : {}),
      },
    });
  }

  /** Sends one request; non-2xx answers become AdminCallError with the host's message. */
  async call(method: string, path: string): Promise<Response> {
    let res: Response;
    try {
      res = await undiciFetch(`${this.base}/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}` },
        dispatcher: this.dispatcher,
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const code = cause?.code;
      throw new AdminCallError(
        `Cannot reach the host at ${this.base}: ${code ?? cause?.message ?? (e as Error).message}` +
          (code !== undefined && isCertificateProblem(code) ? `. ${TRUST_HINT}` : ''),
      );
    }
    if (res.status === 401) throw new AdminCallError('The host refused the admin token (401).');
    if (res.status === 404 && path === '/status')
      throw new AdminCallError(`No admin API at ${this.base}/admin (is host.adminToken configured?).`);
    if (res.status >= 400 && res.status !== 502) {
      const body = (await res.json().catch(() => ({}))) as { error?: string; problems?: ConfigProblem[] };
      const problems = (body.problems ?? []).map((p) => `\n  ${formatProblem(p)}`).join('');
      throw new AdminCallError((body.error ?? `The host answered ${res.status}.`) + problems);
    }
    return res;
  }

  /** GETs or POSTs JSON. */
  async json<T>(method: string, path: string): Promise<T> {
    return (await (await this.call(method, path)).json()) as T;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
