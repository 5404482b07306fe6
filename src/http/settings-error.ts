// Settings that cannot work (a bad URL, a login template with an unknown placeholder): raised when a service is
// built, so a project fails at load rather than on its first call.

/** Invalid HTTP settings; the message names every problem and never a secret value. */
export class HttpSettingsError extends Error {
  override readonly name: string = 'HttpSettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid HTTP settings: ${problems.join('; ')}`);
  }
}
