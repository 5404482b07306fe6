// OAuth 2 client credentials (RFC 6749 §4.4): a token obtained from the token endpoint, cached until expires_in
// minus a skew (so it is not sent in its last seconds), shared by concurrent callers, renewed on 401.
import type { OAuth2ClientCredentialsAuth } from '../config.ts';
import type { HttpResponse, PreparedRequest } from '../types.ts';
import type { AuthContext, Authenticator } from './authenticator.ts';
import { CachedCredential, type ObtainedCredential } from './cached-credential.ts';
import { credentialCallError, noCredentialError } from './credential-call-error.ts';

/** Seconds before expires_in at which a token is renewed (at most half its life, for very short tokens). */
export const TOKEN_EXPIRY_SKEW_SECONDS = 30;
const WHAT = 'OAuth2 token request';

/** Bearer tokens from an OAuth 2 client credentials grant. */
export class OAuth2ClientCredentialsAuthenticator implements Authenticator {
  private readonly cache: CachedCredential;
  private readonly used = new WeakMap<PreparedRequest, string>();

  constructor(
    private readonly cfg: OAuth2ClientCredentialsAuth,
    private readonly ctx: AuthContext,
  ) {
    ctx.scrubber.add(cfg.clientSecret);
    this.cache = new CachedCredential(() => this.requestToken(), ctx.now);
  }

  async apply(req: PreparedRequest): Promise<void> {
    const token = await this.cache.get();
    this.used.set(req, token);
    req.headers.authorization = `Bearer ${token}`;
  }

  async refresh(failed?: PreparedRequest): Promise<boolean> {
    await this.cache.renew(failed ? this.used.get(failed) : undefined);
    return true;
  }

  private async requestToken(): Promise<ObtainedCredential> {
    const c = this.cfg;
    const form: Record<string, string> = { grant_type: 'client_credentials' };
    if (c.scope) form.scope = c.scope;
    if (c.audience) form.audience = c.audience;
    const headers: Record<string, string> = { accept: 'application/json' };
    if ((c.authStyle ?? 'header') === 'header') {
      // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
      const basic = Buffer.from(`${formEncode(c.clientId)}:${formEncode(c.clientSecret)}`).toString('base64');
      this.ctx.scrubber.add(basic);
      headers.authorization = `Basic ${basic}`;
    } else {
      form.client_id = c.clientId;
      form.client_secret = c.clientSecret;
    }
    let res: HttpResponse;
    try {
      // A token request is safe to repeat: at worst the server issues two tokens.
      res = await this.ctx.requester.request(
        { method: 'POST', path: c.tokenUrl, headers, body: { form } },
        { auth: false, idempotent: true, success: { status: ['2xx'] } },
      );
    } catch (e) {
      throw credentialCallError(WHAT, e);
    }
    const body = res.json as { access_token?: unknown; expires_in?: unknown; token_type?: unknown } | undefined;
    const token = body?.access_token;
    if (typeof token !== 'string' || token === '')
      throw noCredentialError(WHAT, 'the answer has no access_token', res.attempts);
    const type = typeof body?.token_type === 'string' ? body.token_type : 'Bearer';
    if (type.toLowerCase() !== 'bearer')
      throw noCredentialError(WHAT, `token_type "${type.slice(0, 20)}" is not supported (Bearer only)`, res.attempts);
    this.ctx.scrubber.addRecent(token);
    const expiresIn = Number(body?.expires_in);
    if (!Number.isFinite(expiresIn) || expiresIn <= 0) return { value: token };
    const skew = Math.min(TOKEN_EXPIRY_SKEW_SECONDS, expiresIn / 2);
    return { value: token, expiresAt: this.ctx.now() + (expiresIn - skew) * 1000 };
  }
}

function formEncode(s: string): string {
  return new URLSearchParams({ s }).toString().slice(2);
}
