// Builds the authenticator a service's settings ask for.
import type { HttpAuth } from '../config.ts';
import type { AuthContext, Authenticator } from './authenticator.ts';
import { OAuth2ClientCredentialsAuthenticator } from './oauth2-client-credentials.ts';
import { SessionAuthenticator } from './session.ts';
import {
  ApiKeyAuthenticator,
  BasicAuthenticator,
  BearerAuthenticator,
  ClientCertificateAuthenticator,
  NoAuthenticator,
} from './static-authenticators.ts';

/** The authenticator for `auth` (none when absent). */
export function createAuthenticator(auth: HttpAuth | undefined, ctx: AuthContext): Authenticator {
  if (!auth) return new NoAuthenticator();
  switch (auth.type) {
    case 'none':
      return new NoAuthenticator();
    case 'basic':
      return new BasicAuthenticator(auth.username, auth.password, ctx);
    case 'bearer':
      return new BearerAuthenticator(auth.token, ctx);
    case 'apiKey':
      return new ApiKeyAuthenticator(auth.name, auth.in, auth.value, auth.prefix ?? '', ctx);
    case 'oauth2ClientCredentials':
      return new OAuth2ClientCredentialsAuthenticator(auth, ctx);
    case 'session':
      return new SessionAuthenticator(auth, ctx);
    case 'clientCertificate':
      return new ClientCertificateAuthenticator(auth.key, auth.passphrase, ctx);
  }
}

/** Header and query parameter names that carry this auth's credential (redacted wherever a request is described). */
export function credentialNames(auth: HttpAuth | undefined): Set<string> {
  const out = new Set<string>();
  if (auth?.type === 'apiKey') out.add(auth.name.toLowerCase());
  if (auth?.type === 'session') out.add('header' in auth.use ? auth.use.header.toLowerCase() : 'cookie');
  return out;
}
