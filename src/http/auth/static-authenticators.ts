// Strategies whose credential is fixed in the settings: none, basic, bearer, API key, client certificate.
import type { PreparedRequest } from '../types.ts';
import type { AuthContext, Authenticator } from './authenticator.ts';

/** Sends no credential. */
export class NoAuthenticator implements Authenticator {
  async apply(): Promise<void> {}
}

/** HTTP Basic (RFC 7617): user and password in UTF-8, Base64 encoded. */
export class BasicAuthenticator implements Authenticator {
  private readonly header: string;

  constructor(username: string, password: string, ctx: AuthContext) {
    const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    this.header = `Basic ${encoded}`;
    ctx.scrubber.add(password);
    ctx.scrubber.add(encoded);
  }

  async apply(req: PreparedRequest): Promise<void> {
    req.headers.authorization = this.header;
  }
}

/** A static bearer token. */
export class BearerAuthenticator implements Authenticator {
  constructor(
    private readonly token: string,
    ctx: AuthContext,
  ) {
    ctx.scrubber.add(token);
  }

  async apply(req: PreparedRequest): Promise<void> {
    req.headers.authorization = `Bearer ${this.token}`;
  }
}

/** An API key in a header or a query parameter (set, not appended, so a next link that already has it stays valid). */
export class ApiKeyAuthenticator implements Authenticator {
  constructor(
    private readonly name: string,
    private readonly where: 'header' | 'query',
    private readonly value: string,
    private readonly prefix: string,
    ctx: AuthContext,
  ) {
    ctx.scrubber.add(value);
  }

  async apply(req: PreparedRequest): Promise<void> {
    if (this.where === 'header') req.headers[this.name.toLowerCase()] = `${this.prefix}${this.value}`;
    else req.url.searchParams.set(this.name, this.value);
  }
}

/** Mutual TLS: the dispatcher presents the certificate during the handshake, so requests need nothing more. */
export class ClientCertificateAuthenticator implements Authenticator {
  constructor(key: string, passphrase: string | undefined, ctx: AuthContext) {
    ctx.scrubber.add(passphrase);
    // The private key never appears in messages anyway; scrubbing its body lines guards a pasted-in key.
    for (const line of key.split(/\r?\n/)) if (line.length >= 40 && !line.startsWith('-----')) ctx.scrubber.add(line);
  }

  async apply(): Promise<void> {}
}
