// A SOAP Fault, as the client reads it from a response and as a stand-in service throws it to answer one.

/** Fault details beyond the code and the reason. */
export interface SoapFaultOptions {
  /** SOAP 1.2 subcode (local name), e.g. "FailedAuthentication". */
  subcode?: string;
  /** The fault's detail as a JSON-like structure (element local names as keys). */
  detail?: unknown;
  /** SOAP 1.1 faultactor / SOAP 1.2 Role. */
  actor?: string;
}

/**
 * A SOAP 1.1 or 1.2 Fault. `code` is the fault code's local name as the service sent it ("Client", "Server",
 * "Sender", "Receiver", "VersionMismatch", "MustUnderstand", or a dotted 1.1 code such as "Client.Authentication").
 * A stand-in service may throw either spelling: it is written in the version it answers with.
 */
export class SoapFault extends Error {
  override readonly name: string = 'SoapFault';
  readonly code: string;
  readonly subcode?: string;
  readonly reason: string;
  readonly detail?: unknown;
  readonly actor?: string;

  constructor(code: string, reason: string, opts: SoapFaultOptions = {}) {
    super(`SOAP fault ${code}: ${reason}`);
    this.code = code;
    this.reason = reason;
    if (opts.subcode !== undefined) this.subcode = opts.subcode;
    if (opts.detail !== undefined) this.detail = opts.detail;
    if (opts.actor !== undefined) this.actor = opts.actor;
  }

  /** True when the fault blames the request (Client / Sender), not the service. */
  get isClientFault(): boolean {
    return /^(Client|Sender)(\.|$)/.test(this.code);
  }
}
