// What the flow interpreter needs from the HTTP layer, kept narrow so flows can be tested against any caller.
// A failed call throws a FlowError (flow-error.ts), already classified for export results.
import type { StatusMapRow } from '../../errors/failure-kinds.ts';

/** A request as a flow builds it. */
export interface FlowRequest {
  method: string;
  /** Path relative to the service's base URL (already escaped), or an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean | (string | number)[]>;
  headers?: Record<string, string>;
  /**
   * The project operation called, when it has a message structure (SOAP): the body is then `{ args }`, which the
   * service's caller turns into the operation's message, and the answer's body is the reply as a structure.
   */
  operation?: string;
  body?:
    | { json: unknown }
    | { form: Record<string, string> }
    | { xml: string; soapAction?: string; contentType?: string }
    | { args: Record<string, unknown> };
}

/** A response as flows see it. */
export interface FlowResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the application answered JSON, else the text. */
  body: unknown;
}

/** One page of a paged call. */
export interface FlowPage {
  response: FlowResponse;
  records: unknown[];
}

/** Calls one service. */
export interface ServiceCaller {
  /** `acceptStatus`: statuses answered as responses, not failures (SOAP faults come with 500). */
  request(
    req: FlowRequest,
    opts: { idempotent?: boolean; signal?: AbortSignal; acceptStatus?: number[]; errors?: readonly StatusMapRow[] },
  ): Promise<FlowResponse>;
  paginate(
    req: FlowRequest,
    paging: unknown,
    recordsPath: string,
    /** `errors`: the call's status map, applied to every page's answer. */
    opts: { signal?: AbortSignal; errors?: readonly StatusMapRow[] },
  ): AsyncIterable<FlowPage>;
  close(): Promise<void>;
}
