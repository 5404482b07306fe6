// The stand-in directory's process: `node --import tsx examples/directory-soap/server.ts --port 8787 --data DIR
// --user NAME --password SECRET [--seed N]`. Prints one ready line on stdout (tests and scripts wait for it) and
// stops gracefully on SIGTERM/SIGINT.
import { runServer } from '../shared/run-server.ts';
import { ENDPOINT_PATH, READY_PREFIX, startDirectory } from './app.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

runServer({
  name: 'directory-soap',
  parse: parseOptions,
  optionsError: OptionsError,
  usage: USAGE,
  start: startDirectory,
  ready: READY_PREFIX,
  announce: (svc) => [
    ...(svc.seeded ? [`seeded ${svc.seeded} people`] : []),
    `SOAP 1.2 endpoint ${svc.url}${ENDPOINT_PATH}, WSDL ${svc.url}${ENDPOINT_PATH}?wsdl`,
  ],
});
