// A worker thread that writes import pages into the connector space with a connection of its own, so that a
// large import's SQLite work runs beside the main thread (which keeps answering SCIM and running the flow).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteSpaceStore } from './sqlite-store.ts';
import type { WriterReply, WriterRequest } from './sqlite-writer.ts';

lowerPriority();
const store = SqliteSpaceStore.open((workerData as { file: string }).file);
// Import pages append: a small page cache is enough here, and keeps the host's memory down.
store.setCacheSize(4 * 1024 * 1024);
// Pages that arrive while a batch is written wait, and are then written together in one transaction: the more the
// writer falls behind, the fewer commits it makes.
let waiting: WriterRequest[] = [];
parentPort!.on('message', (m: WriterRequest) => {
  waiting.push(m);
  if (waiting.length === 1) setImmediate(flush);
});

function flush(): void {
  const batch = waiting;
  waiting = [];
  try {
    const reports = store.upsertPreparedBatch(batch);
    batch.forEach((m, i) => {
      parentPort!.postMessage({ id: m.id, report: reports[i] } satisfies WriterReply);
    });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    for (const m of batch) parentPort!.postMessage({ id: m.id, error } satisfies WriterReply);
  }
}

/**
 * Lowers this thread's priority (Linux: a thread is a task of its own with its own nice value). Reading the
 * application is the import's critical path; writing can lag a few pages behind and catch up in the gaps,
 * which on a machine with few cores is much faster than taking turns. Best effort: elsewhere nothing changes.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the writer runs at normal priority.
  }
}
