// One shard of an in-process test run (see test-shards.mjs): imports each test file given on the command line into
// this one process, so every module is loaded and compiled once per shard instead of once per file. Each file is
// imported inside a suite named by its path: its top-level before/after hooks then belong to that file's suite, not
// to the shard's root (where every file's `before` would run before any test, and one failing hook would fail the
// tests of every file). Node 20's runner runs the files one after another.
import { relative, resolve } from 'node:path';
import { after, describe } from 'node:test';
import { pathToFileURL } from 'node:url';

// Absolute before the first import: a test may change the working directory (run-ferry-in-process does).
const cwd = process.cwd();
const files = process.argv.slice(2).map((f) => resolve(f));
for (const f of files) describe(relative(cwd, f), () => import(pathToFileURL(f).href));

// Node 20 has no --test-force-exit: if a test leaves a handle open, end the shard 10 s after its last test
// instead of hanging CI, and say so (the handle is a bug to fix).
after(() => {
  setTimeout(() => {
    console.error('# test-shard: a handle was still open 10 s after the last test; exiting');
    process.exit(process.exitCode ?? 0);
  }, 10_000).unref();
});
