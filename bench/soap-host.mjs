// The host side of `npm run bench:soap`, in a process of its own so that its memory is measured alone: a
// web-services connector on the SAP ECC 7 template (examples/sap/sap-ecc-project.yaml) runs one full import of
// Users at start. Run with the timing hooks:
//   node --import ./bench/soap-timing.mjs bench/soap-host.mjs DATADIR SAP_URL USER PASSWORD
// and prints "RESULT {json}". Uses the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { fileURLToPath } from 'node:url';
import { parseHostConfig } from '../dist/config/load-config.js';
import { Host } from '../dist/host/host.js';
import { createLogger } from '../dist/host/logger.js';
import { HttpCaller } from '../dist/webservice/http-caller.js';

const [dataDir, sapUrl, user, password] = process.argv.slice(2);
const timing = globalThis.__ferrySoapTiming;
if (!timing) throw new Error('run with --import ./bench/soap-timing.mjs');

// The time spent waiting for the service: every HTTP exchange of the connector (send, the service's work, receive).
const wait = { calls: 0, ms: 0, maxInFlight: 0 };
let inFlight = 0;
const request = HttpCaller.prototype.request;
HttpCaller.prototype.request = async function timedRequest(...args) {
  const t0 = performance.now();
  inFlight++;
  wait.maxInFlight = Math.max(wait.maxInFlight, inFlight);
  try {
    return await request.apply(this, args);
  } finally {
    inFlight--;
    wait.ms += performance.now() - t0;
    wait.calls++;
  }
};

const project = fileURLToPath(new URL('../examples/sap/sap-ecc-project.yaml', import.meta.url));
const yaml = `
host:
  listen: { host: 127.0.0.1, port: 0 }
  dataDir: ${JSON.stringify(dataDir)}
  http: true
  log: { level: warn }
connectors:
  - name: SAPECC
    kind: web-services
    secretToken: bench-token-0123456789
    autosyncMinutes: 0
    exposure: ecma
    connectivity: { project: ${JSON.stringify(project)}, baseUrl: ${JSON.stringify(sapUrl)} }
    parameters: { user: ${JSON.stringify(user)}, password: ${JSON.stringify(password)} }
    objectTypes:
      - name: User
        anchor: userName
        attributes: [userName, firstName, lastName, middleName, email, telephoneNumber, jobTitle, department, company, city, expirationTime]
        deprovisioning: { disable: { flow: none }, delete: { flow: delete } }
`;
const config = parseHostConfig(yaml, 'bench-soap.yaml');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const host = await Host.start(config, { logger: createLogger('warn'), awaitInitialImport: true });
const startMs = Math.round(performance.now() - t0);
const status = host.connector('SAPECC').importStatus.last;
if (!status?.ok) {
  process.stderr.write(`import failed: ${status?.error}\n`);
  process.exit(1);
}
const cpu = process.cpuUsage(cpu0);
const peakRss = process.resourceUsage().maxRSS * 1024;
await host.stop(1000);
process.stdout.write(
  `RESULT ${JSON.stringify({
    importMs: status.durationMs,
    startMs,
    objects: status.objects,
    peakRss,
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    buildEnvelope: timing.buildEnvelope,
    parseSoapResponse: timing.parseSoapResponse,
    wait,
  })}\n`,
);
process.exit(0);
