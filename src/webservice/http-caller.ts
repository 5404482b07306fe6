// Adapts the HTTP layer (HttpService, paginate) to the flow interpreter's ServiceCaller, classifying failures.
import { HttpService } from '../http/client.ts';
import type { HttpSettingsInput } from '../http/config.ts';
import { isHttpCallError, toExportErrorKind } from '../http/http-call-error.ts';
import { paginate } from '../http/paging/paginate.ts';
import type { PagingSettings } from '../http/paging/config.ts';
import type { HttpRequest, HttpResponse } from '../http/types.ts';
import { FlowError } from './flow/flow-error.ts';
import type { FlowPage, FlowRequest, FlowResponse, ServiceCaller } from './flow/service-caller.ts';
import type { StatusMapRow } from '../errors/failure-kinds.ts';

/** What a caller knows of its service beyond the HTTP settings. */
export interface HttpCallerInfo {
  /** The project parameters the service's credentials come from (named when the application refuses them). */
  credentialParameters?: readonly string[];
}

function toFlowResponse(r: HttpResponse): FlowResponse {
  return { status: r.status, headers: r.headers, body: r.json !== undefined ? r.json : r.text };
}

function classify(e: unknown, info: HttpCallerInfo): unknown {
  if (!isHttpCallError(e)) return e;
  const kind = toExportErrorKind(e);
  let message = e.message;
  if (kind === 'unauthorized') {
    const params = info.credentialParameters ?? [];
    const check = params.length
      ? `check the connector parameter${params.length > 1 ? 's' : ''} ${params.join(', ')}`
      : "check the service's auth settings";
    message = `${message} (the application refused the connector's credentials: ${check})`;
  }
  return new FlowError(message, kind, e.status, e.retryAfterSeconds);
}

/** A ServiceCaller over one HttpService. */
export class HttpCaller implements ServiceCaller {
  readonly service: HttpService;

  constructor(
    settings: HttpSettingsInput,
    private readonly info: HttpCallerInfo = {},
  ) {
    this.service = new HttpService(settings);
  }

  async request(
    req: FlowRequest,
    opts: { idempotent?: boolean; signal?: AbortSignal; acceptStatus?: number[]; errors?: readonly StatusMapRow[] },
  ): Promise<FlowResponse> {
    const { acceptStatus, ...rest } = opts;
    const success = acceptStatus
      ? { ...this.service.settings.success, status: [...this.service.settings.success.status, ...acceptStatus] }
      : undefined;
    try {
      return toFlowResponse(
        await this.service.request(req as HttpRequest, { ...rest, ...(success ? { success } : {}) }),
      );
    } catch (e) {
      throw classify(e, this.info);
    }
  }

  async *paginate(
    req: FlowRequest,
    paging: unknown,
    recordsPath: string,
    opts: { signal?: AbortSignal; errors?: readonly StatusMapRow[] },
  ): AsyncIterable<FlowPage> {
    // One page ahead: the application prepares page N+1 while the flow works through page N.
    const pages = paginate(this.service, req as HttpRequest, paging as PagingSettings, recordsPath, {
      signal: opts.signal,
      readAhead: true,
      ...(opts.errors ? { errors: opts.errors } : {}),
    });
    try {
      for await (const page of pages) yield { response: toFlowResponse(page.response), records: page.items };
    } catch (e) {
      throw classify(e, this.info);
    }
  }

  close(): Promise<void> {
    return this.service.close();
  }
}
