// The one error WSDL loading raises: what is wrong, and where (file or URL, line, and the WSDL item concerned).

/** A WSDL (or one of the schemas it imports) that cannot be read or understood. */
export class WsdlError extends Error {
  override readonly name: string = 'WsdlError';
  constructor(message: string) {
    super(message);
  }
}
