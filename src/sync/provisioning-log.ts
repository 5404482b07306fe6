// Buffers provisioning records and writes them in batches: a SCIM request must not wait for a log write.
import type { ProvisioningLogStore, ProvisioningRecord } from '../space/log-store.ts';

/** Where log records go before the store. */
export interface ProvisioningSink {
  record(rec: ProvisioningRecord): void;
}

/** A batching writer of the provisioning log. */
export class ProvisioningLog implements ProvisioningSink {
  private buffer: ProvisioningRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ProvisioningLogStore,
    private readonly opts: { maxBatch?: number; intervalMs?: number; onError?: (e: unknown) => void } = {},
  ) {}

  /** Queues one record; written within intervalMs. */
  record(rec: ProvisioningRecord): void {
    this.buffer.push(rec);
    if (this.buffer.length >= (this.opts.maxBatch ?? 500)) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.intervalMs ?? 200);
      this.timer.unref();
    }
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.buffer;
    if (batch.length === 0) return this.flushing;
    this.buffer = [];
    this.flushing = this.flushing.then(() => this.store.appendLog(batch)).catch((e) => this.opts.onError?.(e));
    return this.flushing;
  }
}
