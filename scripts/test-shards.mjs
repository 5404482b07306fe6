// Runs test files in a few long-lived processes ("shards") instead of one process per file. Loading and compiling
// Ferry's modules through tsx costs about a second per process; the unit suite's hundred-odd files paid it a hundred
// times. Files are dealt to shards by their duration in the previous run (longest first, to the least loaded
// shard), kept in node_modules/.cache; a file with no history weighs its size.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const TIMES = join('node_modules', '.cache', 'ferry-tests', 'times.json');
const HERE = dirname(new URL(import.meta.url).pathname);
const ENTRY = join(HERE, 'test-shard-entry.mjs');
const REPORTER = join(HERE, 'test-times-reporter.mjs');

const readTimes = () => {
  try {
    return JSON.parse(readFileSync(TIMES, 'utf8'));
  } catch {
    return {};
  }
};

/** Deals files to `n` shards, longest first to the least loaded one. */
const deal = (files, n, times) => {
  const weight = (f) => times[resolve(f)] ?? statSync(f).size / 10; // ~10 bytes of test per ms when unknown
  const shards = Array.from({ length: Math.min(n, files.length) }, () => ({ files: [], load: 0 }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a))) {
    const s = shards.reduce((m, x) => (x.load < m.load ? x : m));
    s.files.push(f);
    s.load += weight(f);
  }
  return shards;
};

/** Per-file time and the totals, from test-times-reporter.mjs's lines. */
const readTimesReport = (text) => {
  const perFile = {};
  const totals = { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0 };
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    // Each file runs as one top-level suite named by its path (test-shard-entry.mjs).
    if (r.nesting === 0 && r.suite) perFile[resolve(r.name)] = r.ms;
    if (r.suite) continue;
    totals.tests++;
    totals[r.result]++;
  }
  return { perFile, totals };
};

const runShard = (files, i, dir) =>
  new Promise((done) => {
    const timesFile = join(dir, `shard-${i}.jsonl`);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${REPORTER}`,
        `--test-reporter-destination=${timesFile}`,
        ENTRY,
        ...files,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } },
    );
    const out = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => out.push(b));
    child.on('close', (code) => {
      // One shard's report at a time, whole, so that two shards' lines do not interleave.
      process.stdout.write(Buffer.concat(out));
      let report = '';
      try {
        report = readFileSync(timesFile, 'utf8');
      } catch {}
      done({ code, ...readTimesReport(report) });
    });
  });

/** Runs the files in `n` shards in parallel; resolves to the exit status. `label` names them in the summary. */
export async function runInShards(files, n, label = 'unit') {
  const started = Date.now();
  const times = readTimes();
  const dir = mkdtempSync(join(tmpdir(), `ferry-shards-${label}-`));
  const shards = deal(files, n, times);
  const results = await Promise.all(shards.map((s, i) => runShard(s.files, i, dir)));
  rmSync(dir, { recursive: true, force: true });
  const sum = (k) => results.reduce((m, r) => m + (r.totals[k] ?? 0), 0);
  const failed = results.some((r) => r.code !== 0);
  // Read again: another set of shards (npm test runs unit and e2e side by side) may have written meanwhile.
  const latest = readTimes();
  for (const r of results) Object.assign(latest, r.perFile);
  mkdirSync(dirname(TIMES), { recursive: true });
  writeFileSync(TIMES, JSON.stringify(latest));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n# ${label}: ${files.length} files in ${shards.length} processes: ${sum('tests')} tests, ${sum('pass')} passed, ` +
      `${sum('fail')} failed, ${sum('skipped')} skipped, in ${secs} s`,
  );
  if (failed && sum('fail') === 0) console.log('# a shard ended with an error outside any test (see above)');
  return failed ? 1 : 0;
}
