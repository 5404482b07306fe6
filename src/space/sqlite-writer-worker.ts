// A worker thread that writes import pages into the connector space with a connection of its own, so that a
// large import's SQLite work runs beside the main thread (which keeps answering SCIM and running the flow).
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteSpaceStore } from './sqlite-store.ts';
import type { WriterReply, WriterRequest } from './sqlite-writer.ts';

const store = SqliteSpaceStore.open((workerData as { file: string }).file);
// Import pages append: a small page cache is enough here, and keeps the host's memory down.
store.setCacheSize(4 * 1024 * 1024);
parentPort!.on('message', (m: WriterRequest) => {
  store.upsertPrepared(m.connector, m.objectType, m.generation, m.page, m.indexed).then(
    (report) => parentPort!.postMessage({ id: m.id, report } satisfies WriterReply),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies WriterReply),
  );
});
