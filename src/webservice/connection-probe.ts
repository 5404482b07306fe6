// Watches the calls a connection test makes: only an answer from the application proves the connection, and the
// report names the call that got it.
import { FlowError } from './flow/flow-error.ts';
import type { TestCall } from '../connector/types.ts';
import type { FlowRequest, ServiceCaller } from './flow/service-caller.ts';

/** One call the application answered. */
export interface AnsweredCall {
  service: string;
  method: string;
  /** The request path without its query string (which may carry parameters). */
  path: string;
  status: number;
  /** A success answer (the call resolved), not an error status. */
  ok: boolean;
}

/** Wraps the callers of a connector and records the first answer the application gave. */
export class ConnectionProbe {
  /** The wrapped callers, for the FlowEnv of the test. */
  readonly callers = new Map<string, ServiceCaller>();
  /** The first answered call, if any. */
  first: AnsweredCall | undefined;
  /** Every call made, in order, with its outcome (for the console's test report). */
  readonly calls: TestCall[] = [];

  constructor(
    callers: ReadonlyMap<string, ServiceCaller>,
    /** Called on the first successful answer: the test may stop there. */
    private readonly onSuccess: () => void = () => undefined,
    /** Masks the connector's secret values in what the report shows (a path or an error may carry one). */
    private readonly scrub: (text: string) => string = (text) => text,
  ) {
    for (const [service, caller] of callers) this.callers.set(service, this.wrap(service, caller));
  }

  /** "service METHOD /path answered STATUS", for the test report. */
  describe(call: AnsweredCall): string {
    return `${call.service} answered ${call.method} ${call.path} with ${call.status}`;
  }

  private wrap(service: string, caller: ServiceCaller): ServiceCaller {
    const answered = (req: FlowRequest, status: number, ok: boolean) => {
      if (this.first?.ok) return;
      this.first = { service, method: req.method, path: this.scrub(pathOnly(req.path)), status, ok };
      if (ok) this.onSuccess();
    };
    const record = (req: FlowRequest, t0: number, status: number | undefined, ok: boolean, error?: string) =>
      this.calls.push({
        service,
        method: req.method,
        path: this.scrub(pathOnly(req.path)),
        ...(req.operation === undefined ? {} : { operation: req.operation }),
        ...(status === undefined ? {} : { status }),
        ok,
        durationMs: Math.round(performance.now() - t0),
        ...(error === undefined ? {} : { error: this.scrub(error) }),
      });
    const failed = (req: FlowRequest, e: unknown, t0: number) => {
      // A FlowError with a status is the application's answer; anything else (refused, timed out) is not.
      const status = e instanceof FlowError ? e.status : undefined;
      record(req, t0, status, false, e instanceof Error ? e.message : String(e));
      if (status !== undefined) answered(req, status, false);
    };
    return {
      request: async (req, opts) => {
        const t0 = performance.now();
        try {
          const res = await caller.request(req, opts);
          record(req, t0, res.status, true);
          answered(req, res.status, true);
          return res;
        } catch (e) {
          failed(req, e, t0);
          throw e;
        }
      },
      paginate: (req, paging, recordsPath, opts) => ({
        [Symbol.asyncIterator]: async function* () {
          let t0 = performance.now();
          try {
            for await (const page of caller.paginate(req, paging, recordsPath, opts)) {
              record(req, t0, page.response.status, true);
              answered(req, page.response.status, true);
              yield page;
              t0 = performance.now();
            }
          } catch (e) {
            failed(req, e, t0);
            throw e;
          }
        },
      }),
      close: () => caller.close(),
    };
  }
}

/** The path of a request path or absolute URL, without query or fragment. */
function pathOnly(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      return new URL(path).pathname;
    } catch {
      // Not a URL after all: cut it below.
    }
  }
  return path.split(/[?#]/, 1)[0] ?? path;
}
