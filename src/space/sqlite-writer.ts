// The main-thread side of the import page writer: posts pages to the worker and awaits their reports.
import { Worker } from 'node:worker_threads';
import { FerryError } from '../errors/catalogue.ts';
import type { PreparedPage } from './attribute-values.ts';
import type { UpsertReport } from './store.ts';

/** A page sent to the writer. */
export interface WriterRequest {
  id: number;
  connector: string;
  objectType: string;
  generation: string | undefined;
  page: PreparedPage;
  /** The indexed attributes of the space as the main connection knows them. */
  indexed: string[] | 'all';
  /** The page belongs to a full import that began on an empty space. */
  fresh: boolean;
}

/** The writer's answer. */
export type WriterReply = { id: number; report: UpsertReport } | { id: number; error: string };

/** Runs upsertPage in a worker thread. */
export class PageWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: UpsertReport) => void; reject: (e: Error) => void }>();
  private next = 1;
  private dead = false;

  /** False once the worker has failed or exited: the store then writes on its own connection. */
  get alive(): boolean {
    return !this.dead;
  }

  constructor(file: string) {
    const source = import.meta.url.endsWith('.ts');
    // Under the TypeScript loader (development, tests) a small JavaScript bootstrap registers it in the worker
    // first: Node 20 gives workers no loader of their own.
    const entry = new URL(source ? './sqlite-writer-worker.ts' : './sqlite-writer-worker.js', import.meta.url);
    const url = source ? new URL('./sqlite-writer-boot.mjs', import.meta.url) : entry;
    // The writer keeps little in memory: a small heap keeps the host's footprint down during big imports.
    this.worker = new Worker(url, {
      workerData: { file, entry: entry.href },
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    });
    this.worker.unref();
    this.worker.on('message', (m: WriterReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new FerryError('internal', `Writing an import page failed: ${m.error}`));
      else p.resolve(m.report);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`the page writer stopped (exit ${code})`)));
  }

  /** Writes one page; resolves with its report. */
  write(req: Omit<WriterRequest, 'id'>): Promise<UpsertReport> {
    if (this.dead) return Promise.reject(new FerryError('internal', 'The import page writer is not running.'));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...req, id });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    }) as Promise<UpsertReport>;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(e: Error): void {
    this.dead = true;
    for (const p of this.pending.values())
      p.reject(new FerryError('internal', `Writing an import page failed: ${e.message}`));
    this.pending.clear();
  }
}
