#!/usr/bin/env node
// Entry point of the `ferry` command. Runs the compiled JavaScript in dist/ when it is at least as new as every
// source file (npm start and npm install build it); otherwise compiles TypeScript on the fly with tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'cli', 'main.js');

// What tsconfig.build.json leaves out of dist/ (tests and test support): editing it does not make dist/ stale.
const NOT_BUILT = /(\.test\.ts|-contract\.ts|test-fixtures\.ts)$/;
const NOT_BUILT_DIRS = new Set(['test-support']);

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) {
      if (!NOT_BUILT_DIRS.has(name)) newest = Math.max(newest, newestSource(p));
    } else if (name.endsWith('.ts') && !NOT_BUILT.test(name)) newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

// The heap flags go first (src/host/heap-tuning.ts): V8 sizes the young generation while the modules load.
let main;
if (existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, 'src'))) {
  (await import(join(root, 'dist', 'host', 'heap-tuning.js'))).tuneHeap();
  ({ main } = await import(built));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  (await import('../src/host/heap-tuning.ts')).tuneHeap();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
