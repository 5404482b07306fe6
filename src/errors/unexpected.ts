// Unexpected errors (bugs): each is logged once, with its stack, under the request id the client also gets.
import { randomUUID } from 'node:crypto';
import { FerryError } from './catalogue.ts';

/** True for an error no catalogue code explains: a bug in Ferry (answered 500). */
export function isUnexpected(e: unknown): boolean {
  return !(e instanceof FerryError) || e.code === 'internal';
}

/** Reports each unexpected error once, however many layers see it on its way out. */
export class UnexpectedErrorReporter {
  private readonly seen = new WeakSet<object>();

  constructor(private readonly sink: (e: unknown, requestId: string) => void) {}

  /** Hands `e` to the sink unless it was reported already (or is an expected error). */
  report(e: unknown, requestId: string): void {
    if (!isUnexpected(e)) return;
    if (typeof e === 'object' && e !== null) {
      if (this.seen.has(e)) return;
      this.seen.add(e);
    }
    this.sink(e, requestId);
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of a request: the client's own (Entra sends client-request-id) when it is safe to echo, else new. */
export function requestIdOf(clientId: string | undefined): string {
  return clientId !== undefined && SAFE_ID.test(clientId) ? clientId : randomUUID();
}
