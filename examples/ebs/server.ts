// The stand-in's process: `node --import tsx examples/ebs/server.ts --port 8010 --data DIR --user NAME --password
// SECRET [--seed N]`. Prints one ready line on stdout (tests and `ferry demo ebs` wait for it) and stops
// gracefully on SIGTERM/SIGINT.
import { runServer } from '../shared/run-server.ts';
import { READY_PREFIX, startEbs } from './app.ts';
import { endpointPath, PACKAGES } from './isg-types.ts';
import { OptionsError, USAGE, parseOptions } from './options.ts';

runServer({
  name: 'ebs-standin',
  parse: parseOptions,
  optionsError: OptionsError,
  usage: USAGE,
  start: startEbs,
  ready: READY_PREFIX,
  announce: (svc) => [
    ...(svc.seeded ? [`seeded SYSADMIN and ${svc.seeded - 1} users`] : []),
    ...PACKAGES.map((p) => `${p.name.toUpperCase()}: ${svc.url}${endpointPath(p.name)} (WSDL: ?wsdl)`),
  ],
});
