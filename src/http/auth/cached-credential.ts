// A credential obtained by a call (OAuth token, session token) and reused until it expires: concurrent callers
// share one call, and a renewal after a 401 happens once however many requests were refused together.

/** An obtained credential and when it stops being usable (undefined: until refused). */
export interface ObtainedCredential {
  value: string;
  expiresAt?: number;
}

/** Caches one credential; `obtain` is called only when there is none, it expired, or it was refused. */
export class CachedCredential {
  private current?: ObtainedCredential;
  private pending?: Promise<ObtainedCredential>;

  constructor(
    private readonly obtain: () => Promise<ObtainedCredential>,
    private readonly now: () => number,
  ) {}

  /** The valid credential, obtaining one if needed (one call shared by concurrent callers). */
  async get(): Promise<string> {
    const c = this.current;
    if (c && (c.expiresAt === undefined || this.now() < c.expiresAt)) return c.value;
    return (await this.fetchShared()).value;
  }

  /** Replaces the credential `refused`, unless it was already replaced (then the newer one is kept). */
  async renew(refused: string | undefined): Promise<string> {
    if (this.pending) return (await this.pending).value;
    if (this.current && refused !== undefined && this.current.value !== refused) return this.current.value;
    this.current = undefined;
    return (await this.fetchShared()).value;
  }

  private fetchShared(): Promise<ObtainedCredential> {
    if (!this.pending) {
      this.pending = this.obtain().then(
        (c) => {
          this.current = c;
          this.pending = undefined;
          return c;
        },
        (e: unknown) => {
          this.pending = undefined;
          throw e;
        },
      );
    }
    return this.pending;
  }
}
