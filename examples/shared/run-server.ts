// The process around an example application's server: parse the options (usage on a mistake), start, print the
// ready line tests and `ferry demo` wait for, stop gracefully on SIGTERM/SIGINT. Shared by the example apps.

/** A started server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** How one example application starts. */
export interface ServerMain<O, S extends RunningServer> {
  /** Prefix of messages on stderr, e.g. "demo-app". */
  name: string;
  parse: (argv: string[]) => O;
  /** The error type `parse` throws for a mistake (an empty message: the person asked for help). */
  optionsError: new (
    ...args: never[]
  ) => Error;
  usage: string;
  start: (opts: O) => Promise<S>;
  /** Lines for stderr once started (seeding, endpoints). */
  announce?: (server: S, opts: O) => string[];
  /** The ready line's prefix; the URL follows it. */
  ready: string;
}

/** Runs the server process. */
export function runServer<O, S extends RunningServer>(m: ServerMain<O, S>): void {
  const say = (line: string) => process.stderr.write(`${m.name}: ${line}\n`);
  const main = async () => {
    let opts: O;
    try {
      opts = m.parse(process.argv.slice(2));
    } catch (e) {
      if (!(e instanceof m.optionsError)) throw e;
      if (e.message) say(e.message);
      process.stderr.write(`${m.usage}\n`);
      process.exit(e.message ? 2 : 0);
    }
    const server = await m.start(opts);
    for (const line of m.announce?.(server, opts) ?? []) say(line);
    process.stdout.write(`${m.ready}${server.url}\n`);
    const stop = (signal: string): void => {
      say(`${signal}, stopping`);
      server.close().then(
        () => process.exit(0),
        (e: unknown) => {
          say(`stop failed: ${String(e)}`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  };
  main().catch((e: unknown) => {
    say((e as Error)?.stack ?? String(e));
    process.exit(1);
  });
}
