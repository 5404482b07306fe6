// Bootstrap of the page writer thread when Ferry runs from TypeScript sources: registers the TypeScript loader in
// the worker, then loads the worker module (compiled builds start the .js worker directly).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
