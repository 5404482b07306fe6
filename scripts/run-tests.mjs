// Runs the *.test.ts files with Node's own test runner (Node 20 has no --test globs).
// usage: node scripts/run-tests.mjs [--unit | --e2e | --browser | --apps | --cluster] [part-of-a-path ...]
//   --unit: src/ (one module and what it needs, in process) and console/src/ (the console's pure helpers); --e2e:
//   test/ and examples/ (real hosts, real child processes); --browser: test/console/ (the web console in Chromium;
//   slow, so in no other suite); --apps: test/apps/ (real applications from Debian, which scripts/apps/*.sh install
//   and start; slow, likewise); --cluster: test/cluster/ (several `ferry serve` processes on the machine's
//   PostgreSQL; slow, likewise); neither: unit and e2e, in one run. Further arguments keep only the files whose path
//   contains one of them.
//   FERRY_TEST_NO_BUILD=1 skips building dist/ first; --isolate runs each unit file in its own process.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { runInShards } from './test-shards.mjs';

const SUITES = {
  unit: ['src', join('console', 'src')],
  e2e: ['test', 'examples'],
  browser: [join('test', 'console')],
  apps: [join('test', 'apps')],
  cluster: [join('test', 'cluster')],
};
const args = process.argv.slice(2);
const suite = ['unit', 'e2e', 'browser', 'apps', 'cluster'].find((s) => args.includes(`--${s}`));
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
    if (p === SUITES.browser[0] && suite !== 'browser') continue;
    if (p === SUITES.apps[0] && suite !== 'apps') continue;
    if (p === SUITES.cluster[0] && suite !== 'cluster') continue;
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
// Tests that run the `ferry` command start it from dist/ when dist/ is up to date (bin/ferry.mjs), which halves each
// start (no TypeScript compiled on the fly): build first. tsc emits even with type errors, which tsc --noEmit reports.
// Only for a whole suite (a few files are not worth a build) and only when dist/ is older than a source file.
// Files tsconfig.build.json leaves out of dist/ (tests, test support) do not make it stale (as in bin/ferry.mjs).
const NOT_BUILT = /(\.test\.ts|-contract\.ts|test-fixtures\.ts)$/;
const NOT_BUILT_DIRS = new Set(['test-support']);
const newest = (dir) =>
  readdirSync(dir).reduce((m, name) => {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) return NOT_BUILT_DIRS.has(name) ? m : Math.max(m, newest(p));
    return name.endsWith('.ts') && !NOT_BUILT.test(name) ? Math.max(m, st.mtimeMs) : m;
  }, 0);
const built = join('dist', 'cli', 'main.js');
const stale = !existsSync(built) || statSync(built).mtimeMs < newest('src');
if (stale && filter.length === 0 && !process.env.FERRY_TEST_NO_BUILD) {
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const b = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) console.error('run-tests: the build reported errors; the `ferry` command may run from source');
}
// Unit and end-to-end files run in-process in a few shards each (test-shards.mjs): loading Ferry once per shard
// instead of once per file halves the suite; end-to-end hosts run in the test process already. A file that needs a
// process of its own (it changes process-wide state: signals, the working directory, global timers) says so with a
// line `// @test-own-process` at its top. --isolate (or FERRY_TEST_ISOLATE=1) runs each file in its own process,
// as `node --test` does. Browser, cluster and application files keep their own processes, one at a time.
const isolate = args.includes('--isolate') || process.env.FERRY_TEST_ISOLATE === '1';
const ownProcess = (f) => /^\/\/ @test-own-process\b/m.test(readFileSync(f, 'utf8').slice(0, 2000));
const inShards = (f, roots) => !isolate && roots.some((r) => f.startsWith(`${r}${sep}`)) && !ownProcess(f);
const shardable = !suite || suite === 'unit' || suite === 'e2e';
const unitFiles = shardable ? chosen.filter((f) => inShards(f, SUITES.unit)) : [];
const e2eFiles = shardable ? chosen.filter((f) => inShards(f, SUITES.e2e)) : [];
const perProcess = chosen.filter((f) => !unitFiles.includes(f) && !e2eFiles.includes(f));
// Browser files each run a host and a Chromium, cluster files several hosts (and one restarts PostgreSQL under the
// others): one at a time on a 2-core machine. Other files spend much of their time waiting on the processes they
// start, so three at a time keep two cores busy (FERRY_TEST_CONCURRENCY to choose).
const concurrency = suite === 'browser' || suite === 'cluster' ? 1 : Number(process.env.FERRY_TEST_CONCURRENCY ?? 3);
const perProcessRun = () =>
  new Promise((done) => {
    if (perProcess.length === 0) return done(0);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...perProcess],
      {
        stdio: 'inherit',
      },
    );
    child.on('close', (code) => done(code ?? 1));
  });
// `npm test` (both suites) runs them side by side: the end-to-end files mostly wait, the unit shards mostly compute.
// End-to-end shards run their files one after another and wait on hosts and applications: more of them than cores.
const statuses = await Promise.all([
  unitFiles.length > 0 ? runInShards(unitFiles, Number(process.env.FERRY_TEST_SHARDS ?? 3), 'unit') : 0,
  e2eFiles.length > 0 ? runInShards(e2eFiles, Number(process.env.FERRY_TEST_E2E_SHARDS ?? 4), 'e2e') : 0,
  perProcessRun(),
]);
process.exit(statuses.find((s) => s !== 0) ?? 0);
