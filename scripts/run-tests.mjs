// Runs the *.test.ts files with Node's own test runner (Node 20 has no --test globs).
// usage: node scripts/run-tests.mjs [--unit | --e2e] [part-of-a-path ...]
//   --unit: src/ (one module and what it needs, in process); --e2e: test/ and examples/ (real hosts, real child
//   processes); neither: both, in one run. Further arguments keep only the files whose path contains one of them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const SUITES = { unit: ['src'], e2e: ['test', 'examples'] };
const args = process.argv.slice(2);
const suite = args.includes('--unit') ? 'unit' : args.includes('--e2e') ? 'e2e' : undefined;
const filter = args.filter((a) => !a.startsWith('--'));
const roots = suite ? SUITES[suite] : [...SUITES.unit, ...SUITES.e2e];

const files = [];
const walk = (dir) => {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'vendor') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
};
roots.forEach(walk);
const chosen = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
if (chosen.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...chosen], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
