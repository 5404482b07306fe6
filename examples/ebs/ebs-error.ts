// Errors as E-Business Suite raises them from PL/SQL: an ORA- number and FND's message text. The Integrated SOA
// Gateway returns each as a SOAP 1.1 fault (faultcode env:Server, whatever the cause) whose faultstring is the
// Oracle error stack, so a client tells a duplicate from a bad value only by the message's codes.

/** A PL/SQL exception of the stand-in. */
export class EbsError extends Error {
  override readonly name: string = 'EbsError';
  /**
   * @param ora the Oracle error number, e.g. 20001 (FND's application errors) or 1403 (no data found).
   * @param text the message after "ORA-nnnnn: ".
   * @param at the package and line of ORA-06512, as Oracle appends them.
   */
  constructor(
    readonly ora: number,
    readonly text: string,
    readonly at = 'APPS.FND_USER_PKG',
  ) {
    super(`ORA-${String(ora).padStart(5, '0')}: ${text}`);
  }

  /** The faultstring ISG writes: the error and where it was raised. */
  get faultString(): string {
    return `${this.message}\nORA-06512: at "${this.at}"`;
  }
}

/** FND's application error (ORA-20001) with an FND message name. */
export const fndError = (name: string, text: string, at?: string): EbsError =>
  new EbsError(20001, `${name}: ${text}`, at);
