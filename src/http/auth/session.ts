// Session login: one login call whose token (from the body, a header or a cookie) later requests carry in a
// header, a cookie or where their templates wrote a marker; reused until ttlSeconds pass or the application
// answers 401, then renewed once.
import type { SessionAuth } from '../config.ts';
import { HttpSettingsError } from '../settings-error.ts';
import { readPath } from '../json-path.ts';
import type { HttpResponse, PreparedRequest } from '../types.ts';
import type { AuthContext, Authenticator } from './authenticator.ts';
import { CachedCredential, type ObtainedCredential } from './cached-credential.ts';
import { credentialCallError, noCredentialError } from './credential-call-error.ts';
import { fillTemplate, templatePlaceholders } from './login-template.ts';
import { placeToken } from './token-placeholder.ts';

const WHAT = 'session login';

/** A session token from a login call. */
export class SessionAuthenticator implements Authenticator {
  private readonly cache: CachedCredential;
  private readonly used = new WeakMap<PreparedRequest, string>();
  private readonly params: Record<string, string>;

  constructor(
    private readonly cfg: SessionAuth,
    private readonly ctx: AuthContext,
  ) {
    this.params = cfg.params ?? {};
    const missing = templatePlaceholders(cfg.login.body).filter((p) => !(p in this.params));
    if (missing.length)
      throw new HttpSettingsError([
        `session login body uses {{${missing.join('}}, {{')}}} but auth.params does not define ${missing.length > 1 ? 'them' : 'it'}`,
      ]);
    if (cfg.login.bodyFormat === 'form' && cfg.login.body !== undefined && !isFlatObject(cfg.login.body)) {
      throw new HttpSettingsError(['session login body must be a flat object of strings when bodyFormat is form']);
    }
    for (const v of Object.values(this.params)) ctx.scrubber.add(v);
    this.cache = new CachedCredential(() => this.login(), ctx.now);
  }

  async apply(req: PreparedRequest): Promise<void> {
    const token = await this.cache.get();
    this.used.set(req, token);
    const use = this.cfg.use;
    if ('header' in use) {
      req.headers[use.header.toLowerCase()] = `${use.prefix ?? ''}${token}`;
    } else if ('placeholder' in use) {
      placeToken(req, use.placeholder, token);
    } else {
      const pair = `${use.cookie}=${token}`;
      req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${pair}` : pair;
    }
  }

  async refresh(failed?: PreparedRequest): Promise<boolean> {
    await this.cache.renew(failed ? this.used.get(failed) : undefined);
    return true;
  }

  private async login(): Promise<ObtainedCredential> {
    const l = this.cfg.login;
    const filled = l.body === undefined ? undefined : fillTemplate(l.body, this.params);
    const body =
      filled === undefined
        ? undefined
        : l.bodyFormat === 'form'
          ? { form: filled as Record<string, string> }
          : { json: filled };
    let res: HttpResponse;
    try {
      res = await this.ctx.requester.request(
        {
          method: l.method ?? 'POST',
          path: l.path,
          headers: { accept: 'application/json', ...l.headers },
          ...(body ? { body } : {}),
        },
        // Logging in twice is harmless, so a login is retried like an idempotent call.
        { auth: false, idempotent: true, success: { status: ['2xx'] } },
      );
    } catch (e) {
      throw credentialCallError(WHAT, e);
    }
    const from = l.tokenFrom;
    let token: unknown;
    let where: string;
    if ('body' in from) {
      token = readPath(res.json, from.body);
      where = `the body at "${from.body}"`;
    } else if ('header' in from) {
      token = res.headers[from.header.toLowerCase()];
      where = `the header ${from.header}`;
    } else {
      token = cookieValue(res.headers['set-cookie'], from.cookie);
      where = `the cookie ${from.cookie}`;
    }
    if (typeof token === 'number') token = String(token);
    if (typeof token !== 'string' || token === '')
      throw noCredentialError(WHAT, `no token in ${where} of the answer`, res.attempts);
    this.ctx.scrubber.addRecent(token);
    const ttl = this.cfg.ttlSeconds;
    return ttl === undefined ? { value: token } : { value: token, expiresAt: this.ctx.now() + ttl * 1000 };
  }
}

/** The value of cookie `name` among Set-Cookie lines (joined with "\n" by the client). */
export function cookieValue(setCookie: string | undefined, name: string): string | undefined {
  if (!setCookie) return undefined;
  for (const line of setCookie.split('\n')) {
    const first = line.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0 && first.slice(0, eq).trim() === name)
      return first
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

function isFlatObject(v: unknown): boolean {
  return (
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
  );
}
