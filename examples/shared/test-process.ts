// Test support shared by the example applications: starts an example's server.ts as a real child process on
// port 0 with a temporary data folder (unless given one) and waits for its ready line. Unlike `ferry demo`'s
// starter (src/cli/example-process.ts), it keeps the whole stderr (tests read logs from it) and reports the
// exit code.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** An example process started by a test. */
export interface TestProcess {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** What to start. */
export interface TestProcessOptions {
  /** The server file (absolute path). */
  server: string;
  /** A name for messages, e.g. "demo app". */
  name: string;
  /** Prefix of the temporary data folder. */
  tempPrefix: string;
  /** The start of the ready line (the URL follows it). */
  ready: string;
  /** Arguments after --port 0 --data DIR. */
  args: string[];
  dataDir?: string;
  timeoutMs?: number;
}

/** Starts the process; `cleanup` receives what must run when the test is over. */
export async function startTestProcess(
  cleanup: (fn: () => unknown) => void,
  o: TestProcessOptions,
): Promise<TestProcess> {
  let dataDir = o.dataDir;
  if (!dataDir) {
    const dir = mkdtempSync(join(tmpdir(), o.tempPrefix));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    dataDir = dir;
  }
  const proc = spawn(process.execPath, ['--import', 'tsx', o.server, '--port', '0', '--data', dataDir, ...o.args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  cleanup(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${o.name} not ready in time; stderr: ${err}`)),
      o.timeoutMs ?? 30_000,
    );
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(o.ready));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice(o.ready.length).trim());
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${o.name} exited with ${code}; stderr: ${err}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    stderr: () => err,
    stop: (signal = 'SIGTERM') => {
      proc.kill(signal);
      return exited;
    },
  };
}
