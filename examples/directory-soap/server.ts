// The stand-in directory's process: `node --import tsx examples/directory-soap/server.ts --port 8787 --data DIR
// --user NAME --password SECRET [--seed N]`. Prints one ready line on stdout (tests and scripts wait for it) and
// stops gracefully on SIGTERM/SIGINT.
import { ENDPOINT_PATH, READY_PREFIX, startDirectory } from './app.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    if (e.message) process.stderr.write(`directory-soap: ${e.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(e.message ? 2 : 0);
  }
  const svc = await startDirectory(opts);
  if (svc.seeded) process.stderr.write(`directory-soap: seeded ${svc.seeded} people\n`);
  process.stderr.write(`directory-soap: SOAP 1.2 endpoint ${svc.url}${ENDPOINT_PATH}, WSDL ${svc.url}${ENDPOINT_PATH}?wsdl\n`);
  process.stdout.write(`${READY_PREFIX}${svc.url}\n`);
  const stop = (signal: string): void => {
    process.stderr.write(`directory-soap: ${signal}, stopping\n`);
    svc.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`directory-soap: stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`directory-soap: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
