// A bench server in a process of its own, so that its memory is measured alone: it prints "READY <baseUrl>" when
// it serves, and "RSS <peak bytes>" when it receives SIGTERM (bench-host.mjs, export-host.mjs, the reference).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A started bench server. */
export interface BenchProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Stops it (SIGTERM) and returns its peak resident memory in bytes. */
  stop(): Promise<number>;
}

/** Starts `node [nodeArgs] script args` and waits for its READY line. */
export async function startBenchProcess(
  script: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {},
): Promise<BenchProcess> {
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), new URL(script, import.meta.url).pathname, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: opts.env ?? process.env,
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = String((await lines.next()).value ?? '');
  if (!first.startsWith('READY ')) {
    child.kill('SIGKILL');
    throw new Error(`${script} did not start: ${first}`);
  }
  return {
    baseUrl: first.slice(6),
    child,
    stop: async () => {
      child.kill('SIGTERM');
      let rss = 0;
      for (;;) {
        const { value, done } = await lines.next();
        if (done) break;
        if (String(value).startsWith('RSS ')) rss = Number(String(value).slice(4));
      }
      return rss;
    },
  };
}

/**
 * Fills a connector space in a process of its own (bench-host.mjs load): a full import of `users` generated users
 * (user1@example.com …). `env` may point the host at PostgreSQL (BENCH_PG_URL, BENCH_PG_SCHEMA).
 */
export async function loadBenchSpace(
  dataDir: string,
  users: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ms: number; objects: number }> {
  const child = spawn(
    process.execPath,
    [new URL('./bench-host.mjs', import.meta.url).pathname, dataDir, 'load', String(users)],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const m = /LOADED (\d+) (\d+)/.exec(out);
  if (code !== 0 || !m) throw new Error(`loading the connector space failed: ${out}`);
  return { ms: Number(m[1]), objects: Number(m[2]) };
}
