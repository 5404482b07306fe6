// One shard of an in-process test run (see test-shards.mjs): imports each test file given on the command line into
// this one process, so every module is loaded and compiled once per shard instead of once per file. Node 20's
// runner then runs the files' tests one after another.
import { resolve } from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';

// Absolute before the first import: a test may change the working directory (run-ferry-in-process does).
const files = process.argv.slice(2).map((f) => pathToFileURL(resolve(f)).href);
for (const f of files) await import(f);

// Node 20 has no --test-force-exit: if a test leaves a handle open, end the shard 10 s after its last test
// instead of hanging CI, and say so (the handle is a bug to fix).
after(() => {
  setTimeout(() => {
    console.error('# test-shard: a handle was still open 10 s after the last test; exiting');
    process.exit(process.exitCode ?? 0);
  }, 10_000).unref();
});
