// npm run bench:read-pipeline — the CPU a read costs the host without HTTP: a connector space of BENCH_USERS users
// (default 100,000), then BENCH_READS (default 200,000) of Entra's matching queries given straight to the host's fast
// read path on fake request objects (bench/read-pipeline-loop.mjs). bench:scim measures reads over real sockets
// against a reference server; this isolates the host's own part of a read, steady to a few percent, for working
// on it (docs/performance.md). The last line is one JSON object (usPerRead: the better of two rounds).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadBenchSpace } from './bench-process.ts';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const READS = Number(process.env.BENCH_READS ?? 200_000);

const dataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
try {
  console.log(`Read pipeline benchmark: ${USERS} users, ${READS} reads a round, no sockets`);
  const load = await loadBenchSpace(dataDir, USERS);
  console.log(`load : ${load.objects} users in ${load.ms} ms`);
  const host = new URL('./bench-host.mjs', import.meta.url).pathname;
  const run = spawnSync(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
      host,
      dataDir,
      'pipeline',
      String(USERS),
      String(READS),
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const rounds = [...run.stdout.matchAll(/^PIPELINE (\S+)$/gm)].map((m) => Number(m[1]));
  if (run.status !== 0 || rounds.length === 0) throw new Error(`the bench host failed: ${run.stdout}`);
  console.log(`CPU a read (user + system): ${rounds.join(' µs, ')} µs`);
  console.log(JSON.stringify({ users: USERS, reads: READS, usPerRead: Math.min(...rounds), rounds }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
