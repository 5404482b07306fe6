// Starts one of the example applications (examples/*/server.ts) as a child process for `ferry demo`, the tests and
// the benchmarks, and stops it. Secrets travel in the environment, never on the command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A running example application. */
export interface ExampleProcess {
  url: string;
  proc: ChildProcess;
  /** The last 64 kB the process wrote on stderr. */
  stderr(): string;
  /** SIGTERM, SIGKILL after 3 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** What to start. */
export interface ExampleProcessOptions {
  /** Repository path of the server, e.g. examples/demo-app/server.ts. */
  server: string;
  /** The start of the line the server prints when it listens (followed by its URL). */
  ready: string;
  /** A name for messages. */
  name: string;
  args: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Starts the application; resolves with its URL once it listens. */
export function startExampleProcess(o: ExampleProcessOptions): Promise<ExampleProcess> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(o.server, `file://${REPO}/`)), ...o.args],
    {
      cwd: REPO,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-65536)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const stop = async () => {
    if (alive()) proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (alive()) proc.kill('SIGKILL');
    await exited;
  };
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${o.name} did not start within ${timeoutMs / 1000} s: ${err.trim()}`));
    }, timeoutMs);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(o.ready));
      if (line) {
        clearTimeout(timer);
        resolve({ url: line.slice(o.ready.length).trim(), proc, stderr: () => err, stop });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${o.name} exited (${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
