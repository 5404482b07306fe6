// Streams an import flow into pages: the flow runs in the background and pauses whenever a page's worth of
// objects waits to be taken, so memory stays flat whatever the size of the application.
import { randomUUID } from 'node:crypto';

/** One import run, consumed page by page. */
export class ImportStream<T> {
  readonly id = randomUUID();
  private buffer: T[] = [];
  private done = false;
  private error: unknown;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  watermark: string | undefined;
  lastUsed = Date.now();
  private pages = 0;

  constructor(
    private readonly pageSize: number,
    run: (push: (item: T) => Promise<void> | void, stream: ImportStream<T>) => Promise<void>,
  ) {
    run((item) => this.push(item), this).then(
      () => this.finish(),
      (e) => this.finish(e),
    );
  }

  /** Takes one item; returns a promise only when the flow must wait (no promise per item otherwise). */
  private push(item: T): Promise<void> | void {
    this.buffer.push(item);
    // The consumer wants whole pages: wake it once one is there, not for every item.
    if (this.buffer.length >= this.pageSize) this.wakeConsumer?.();
    // Back-pressure: the flow waits while two pages are already waiting.
    if (this.buffer.length >= this.pageSize * 2 && !this.done) return this.room();
  }

  private async room(): Promise<void> {
    while (this.buffer.length >= this.pageSize * 2 && !this.done) {
      await new Promise<void>((r) => (this.wakeProducer = r));
    }
  }

  private finish(e?: unknown): void {
    this.done = true;
    this.error = e;
    this.wakeConsumer?.();
  }

  /** Stops a stream nobody reads any more: the waiting flow is released and sees the abort signal. */
  cancel(): void {
    this.done = true;
    const w = this.wakeProducer;
    this.wakeProducer = undefined;
    w?.();
  }

  /** The next page; `last` when the flow has finished and nothing remains. Rethrows the flow's failure. */
  async next(): Promise<{ items: T[]; last: boolean; number: number }> {
    this.lastUsed = Date.now();
    while (this.buffer.length < this.pageSize && !this.done) {
      await new Promise<void>((r) => (this.wakeConsumer = r));
      this.wakeConsumer = undefined;
    }
    if (this.error !== undefined) throw this.error;
    const items = this.buffer.splice(0, this.pageSize);
    const w = this.wakeProducer;
    this.wakeProducer = undefined;
    w?.();
    return { items, last: this.done && this.buffer.length === 0, number: ++this.pages };
  }
}
