// An AbortController that also aborts when any parent signal does. Written by hand rather than with
// AbortSignal.any because a caller's signal may live for a whole import of thousands of calls, and each call
// must detach from it when done instead of leaving a dependant behind.

/** A controller linked to parent signals; dispose() detaches it (always call it). */
export interface LinkedAbort {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  dispose(): void;
}

/** A new controller aborted (with the parent's reason) as soon as one of `parents` aborts. */
export function linkedAbort(...parents: (AbortSignal | undefined)[]): LinkedAbort {
  const controller = new AbortController();
  const detach: (() => void)[] = [];
  for (const p of parents) {
    if (!p) continue;
    if (p.aborted) {
      controller.abort(p.reason);
      break;
    }
    const onAbort = () => controller.abort(p.reason);
    p.addEventListener('abort', onAbort, { once: true });
    detach.push(() => p.removeEventListener('abort', onAbort));
  }
  return {
    controller,
    signal: controller.signal,
    dispose: () => {
      for (const d of detach) d();
    },
  };
}
