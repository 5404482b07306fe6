// Starts bench/tcp-proxy.mjs (a round-robin TCP proxy in its own process) and steers it over IPC, so that the
// proxy's CPU is neither the load generator's nor a host's.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A running proxy process. */
export interface TcpProxy {
  url: string;
  child: ChildProcess;
  /** Replaces the upstreams new connections go to (base URLs). */
  setTargets(urls: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Forks the proxy on a free loopback port; no upstream until setTargets. */
export async function startTcpProxy(): Promise<TcpProxy> {
  const child = fork(new URL('./tcp-proxy.mjs', import.meta.url).pathname, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [first] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${first.port}`,
    child,
    setTargets: async (urls) => {
      const targets = urls.map((u) => {
        const { hostname, port } = new URL(u);
        return { host: hostname, port: Number(port) };
      });
      child.send({ targets });
      await once(child, 'message');
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
