// A small method + path-template router; templates use OpenAPI's `{name}` syntax so the route table can be
// checked against the OpenAPI document.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.ts';

/** What a handler sees of a request. */
export interface Ctx {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

/** What a handler answers: a status, a JSON body (none for 204) and extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request handler. */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/** One route: method, OpenAPI-style path template, handler. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler: Handler;
}

interface Compiled extends Route {
  re: RegExp;
  names: string[];
}

/** Finds the route of a request. */
export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly routes: Route[]) {
    this.compiled = routes.map((r) => {
      const names: string[] = [];
      const source = r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { ...r, re: new RegExp(`^${source}$`), names };
    });
  }

  /** The handler and path parameters for a request; 404 for an unknown path, 405 for a known path and wrong method. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } {
    const allowed: string[] = [];
    for (const r of this.compiled) {
      const m = r.re.exec(path);
      if (!m) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        params[n] = safeDecode(m[i + 1]);
      });
      return { handler: r.handler, params };
    }
    if (allowed.length)
      throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}`, undefined, {
        Allow: allowed.join(', '),
      });
    throw new ApiError(404, 'not_found', `no such endpoint: ${method} ${path}`);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
