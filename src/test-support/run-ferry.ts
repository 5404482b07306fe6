// Runs the real `ferry` command in a child process, for CLI tests.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ferry.mjs', import.meta.url));

/** What a finished `ferry` run printed and its exit status. */
export interface FerryRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a child `ferry`: this process's, without the switches that would pick a host or a CA. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const k of ['FERRY_CA', 'FERRY_URL']) if (!(k in extra)) delete env[k];
  return env;
}

/** Runs `ferry ARGS` to completion in `cwd`. */
export function runFerry(args: string[], cwd: string, env: Record<string, string> = {}): Promise<FerryRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: childEnv(env), timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Starts a long-running `ferry ARGS` (serve), waits until its stderr matches `ready` (or it exits), stops it
 * with SIGTERM and returns what it printed.
 */
export function runFerryUntil(
  args: string[],
  cwd: string,
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<FerryRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (ready.test(stderr)) child.kill('SIGTERM');
    });
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
