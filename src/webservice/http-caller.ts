// Adapts the HTTP layer (HttpService, paginate) to the flow interpreter's ServiceCaller, classifying failures.
import { HttpService } from '../http/client.ts';
import type { HttpSettingsInput } from '../http/config.ts';
import { isHttpCallError, toExportErrorKind } from '../http/http-call-error.ts';
import { paginate } from '../http/paging/paginate.ts';
import type { PagingSettings } from '../http/paging/config.ts';
import type { HttpRequest, HttpResponse } from '../http/types.ts';
import {
  CallFailure,
  type FlowPage,
  type FlowRequest,
  type FlowResponse,
  type ServiceCaller,
} from './flow/service-caller.ts';

function toFlowResponse(r: HttpResponse): FlowResponse {
  return { status: r.status, headers: r.headers, body: r.json !== undefined ? r.json : r.text };
}

function classify(e: unknown): unknown {
  if (isHttpCallError(e)) return new CallFailure(e.message, toExportErrorKind(e), e.status, e.retryAfterSeconds);
  return e;
}

/** A ServiceCaller over one HttpService. */
export class HttpCaller implements ServiceCaller {
  readonly service: HttpService;

  constructor(settings: HttpSettingsInput) {
    this.service = new HttpService(settings);
  }

  async request(
    req: FlowRequest,
    opts: { idempotent?: boolean; signal?: AbortSignal; acceptStatus?: number[] },
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
      throw classify(e);
    }
  }

  async *paginate(
    req: FlowRequest,
    paging: unknown,
    recordsPath: string,
    opts: { signal?: AbortSignal },
  ): AsyncIterable<FlowPage> {
    // One page ahead: the application prepares page N+1 while the flow works through page N.
    const pages = paginate(this.service, req as HttpRequest, paging as PagingSettings, recordsPath, {
      signal: opts.signal,
      readAhead: true,
    });
    try {
      for await (const page of pages) yield { response: toFlowResponse(page.response), records: page.items };
    } catch (e) {
      throw classify(e);
    }
  }

  close(): Promise<void> {
    return this.service.close();
  }
}
