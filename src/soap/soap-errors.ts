// Errors of SOAP messages that are not SOAP Faults: a request that cannot be built from the arguments given, and
// a response that is not the SOAP answer expected.

/** Arguments that do not fit the operation's input structure (unknown names, wrong shapes, bad values). */
export class SoapRequestError extends Error {
  override readonly name: string = 'SoapRequestError';
  constructor(message: string) {
    super(message);
  }
}

/** A response that is not XML, not a SOAP envelope, or not the answer to the operation called. */
export class SoapResponseError extends Error {
  override readonly name: string = 'SoapResponseError';
  constructor(message: string) {
    super(message);
  }
}
