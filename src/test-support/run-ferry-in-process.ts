// Runs the `ferry` command line in this process, for CLI tests: the same `main(argv)` the binary calls, without
// starting a process (about a second of module loading each) per case. Keep one spawned test per command family
// (run-ferry.ts) so the real binary stays tested.
import { AsyncLocalStorage } from 'node:async_hooks';
import { main } from '../cli/main.ts';
import type { FerryRun } from './run-ferry.ts';

/** Thrown in place of process.exit: the command stops where the real process would have died. */
class FerryExit extends Error {
  constructor(readonly code: number) {
    super(`ferry exited with ${code}`);
  }
}

/** One run's captured output; `code` is set once it has exited (later output is lost, as it would be). */
interface Run {
  stdout: string;
  stderr: string;
  code?: number;
}

// Only what a run's own code writes or exits is taken: the test runner writes its report to the same stdout.
const current = new AsyncLocalStorage<Run>();
const original = { exit: process.exit, out: process.stdout.write, err: process.stderr.write };
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const capture = (stream: 'stdout' | 'stderr', write: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      const run = current.getStore();
      if (!run) return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      if (run.code === undefined) run[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    } as typeof process.stdout.write;
  process.stdout.write = capture('stdout', original.out);
  process.stderr.write = capture('stderr', original.err);
  process.exit = ((code?: number | string | null) => {
    const run = current.getStore();
    if (!run) return original.exit.call(process, code);
    run.code ??= Number(code ?? process.exitCode ?? 0);
    throw new FerryExit(run.code);
  }) as typeof process.exit;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `ferry ARGS` in this process with `cwd` as the working folder and `env` added to the environment (FERRY_CA
 * and FERRY_URL removed unless given), capturing stdout, stderr and the exit status. Runs are serialised: they
 * borrow the working folder, the environment and process.exitCode. For one-shot commands only.
 */
export function runFerryInProcess(args: string[], cwd: string, env: Record<string, string> = {}): Promise<FerryRun> {
  const run = queue.then(() => runOnce(args, cwd, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[], cwd: string, env: Record<string, string>): Promise<FerryRun> {
  install();
  const saved = { cwd: process.cwd(), exitCode: process.exitCode, env: { ...process.env } };
  const run: Run = { stdout: '', stderr: '' };
  process.exitCode = undefined;
  for (const k of ['FERRY_CA', 'FERRY_URL']) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
  try {
    process.chdir(cwd);
    await current.run(run, () => main([process.execPath, 'ferry', ...args]));
  } catch (e) {
    // An error the command let escape ends the real process with status 1 and its message on stderr.
    if (run.code === undefined && !(e instanceof FerryExit)) {
      run.stderr += `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
      run.code = 1;
    }
  } finally {
    run.code ??= Number(process.exitCode ?? 0);
    process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
  }
  return { code: run.code, stdout: run.stdout, stderr: run.stderr };
}
