// Measures the steps of one operation, for the provisioning log.

/** The steps of one operation with their durations. */
export class OpTrace {
  readonly started = performance.now();
  readonly steps: { name: string; durationMs: number; detail?: string }[] = [];

  /** Runs fn as a named step and records how long it took (also when it throws). */
  async step<T>(name: string, fn: () => Promise<T>, detail?: string): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.steps.push({ name, durationMs: round(performance.now() - t0), ...(detail ? { detail } : {}) });
    }
  }

  /** Milliseconds since the operation started. */
  elapsed(): number {
    return round(performance.now() - this.started);
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
