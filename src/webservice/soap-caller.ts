// Puts a SOAP service behind the flow interpreter's ServiceCaller, so flows know nothing of SOAP: a call of an
// operation with a message structure becomes an envelope (with WS-Security when the service asks for it), sent
// through the service's HTTP caller; faults become classified FlowErrors and the reply a structure.
import { buildEnvelope, type SoapEnvelope } from '../soap/envelope.ts';
import { parseSoapResponse, SoapFault } from '../soap/response.ts';
import type { SoapOperation, SoapServiceSettings } from '../soap/soap-schema.ts';
import { headerBlocksXml } from '../soap/header-blocks.ts';
import { usernameTokenHeader } from '../soap/ws-security.ts';
import { FlowError } from './flow/flow-error.ts';
import type { FlowPage, FlowRequest, FlowResponse, ServiceCaller } from './flow/service-caller.ts';

type RequestOptions = Parameters<ServiceCaller['request']>[1];

/** A ServiceCaller for a SOAP service: SOAP operations as messages over `http`, anything else passed through. */
export class SoapCaller implements ServiceCaller {
  /**
   * @param http the service's HTTP caller, which sends the envelopes.
   * @param operations the service's SOAP operations by operation id (their discovered message structures).
   * @param settings the service's SOAP settings, parameters already filled in.
   */
  constructor(
    private readonly http: ServiceCaller,
    private readonly operations: ReadonlyMap<string, SoapOperation>,
    private readonly settings: SoapServiceSettings = {},
  ) {}

  async request(req: FlowRequest, opts: RequestOptions): Promise<FlowResponse> {
    const name = req.operation;
    const op = name === undefined ? undefined : this.operations.get(name);
    if (name === undefined || !op || !req.body || !('args' in req.body)) return this.http.request(req, opts);
    const envelope = this.envelope(op, name, req.body.args);
    const { operation: _, ...rest } = req;
    // SOAP faults come with 400 or 500: they are answers to read, not failed calls. The envelope gives SOAPAction
    // already quoted as the header wants it: sent as a header, not re-quoted.
    const res = await this.http.request(
      {
        ...rest,
        method: 'POST',
        headers: { ...req.headers, ...(envelope.soapAction !== undefined ? { SOAPAction: envelope.soapAction } : {}) },
        body: { xml: envelope.xml, contentType: envelope.contentType },
      },
      { ...opts, acceptStatus: [400, 500] },
    );
    try {
      return {
        ...res,
        body: parseSoapResponse(op, name, typeof res.body === 'string' ? res.body : JSON.stringify(res.body)),
      };
    } catch (e) {
      if (e instanceof SoapFault) {
        const code = e.subcode ?? e.code;
        // A Client/Sender fault blames the request (the object's data); a Server/Receiver fault is the service's
        // own failure, transient for the SCIM client. WS-Security's own faults say the credentials were refused.
        const kind = /FailedAuthentication|InvalidSecurity/i.test(code)
          ? 'unauthorized'
          : e.isClientFault
            ? 'invalidValue'
            : 'unavailable';
        throw new FlowError(`${name}: ${e.message}`, kind, res.status, undefined, code);
      }
      throw new FlowError(
        `${name}: the answer is not a valid SOAP response (${String((e as Error)?.message ?? e)})`,
        'rejected',
        res.status,
      );
    }
  }

  paginate(
    req: FlowRequest,
    paging: unknown,
    recordsPath: string,
    opts: { signal?: AbortSignal },
  ): AsyncIterable<FlowPage> {
    return this.http.paginate(req, paging, recordsPath, opts);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** The operation's envelope; arguments that do not fit its structure are the object's data at fault. */
  private envelope(op: SoapOperation, name: string, args: Record<string, unknown>): SoapEnvelope {
    const security = this.settings.wsSecurity;
    // A fresh header per call: the digest's nonce and timestamp must never repeat.
    try {
      const headerXml =
        (security
          ? usernameTokenHeader({ username: security.username, password: security.password, digest: security.digest })
          : '') + headerBlocksXml(this.settings.headers ?? []);
      return buildEnvelope(op, name, args, headerXml ? { headerXml } : {});
    } catch (e) {
      throw new FlowError(`${name}: ${e instanceof Error ? e.message : String(e)}`, 'invalidValue');
    }
  }
}
