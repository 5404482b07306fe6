// The host side of `npm run bench:soap`, in a process of its own so that its memory is measured alone: a
// web-services connector on the SAP ECC 7 template (templates/sap-ecc/project.yaml) runs one full import of
// Users at start. Run with the timing hooks:
//   node --import ./bench/soap-timing.mjs bench/soap-host.mjs DATADIR SAP_URL USER PASSWORD
// and prints "RESULT {json}". Uses the compiled host (dist/, built by `npm run build`), as `npm start` does.
import { fileURLToPath } from 'node:url';
import { HttpCaller } from '../dist/webservice/http-caller.js';
import { benchConfigYaml, runImportHost } from './host-support.mjs';

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

const project = fileURLToPath(new URL('../templates/sap-ecc/project.yaml', import.meta.url));
const yaml = benchConfigYaml(
  dataDir,
  `  - name: SAPECC
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
`,
);
const r = await runImportHost(yaml, 'bench-soap.yaml', 'SAPECC');
process.stdout.write(
  `RESULT ${JSON.stringify({
    importMs: r.status.durationMs,
    startMs: r.startMs,
    objects: r.status.objects,
    peakRss: r.peakRss,
    cpuUserMs: r.cpuUserMs,
    cpuSystemMs: r.cpuSystemMs,
    buildEnvelope: timing.buildEnvelope,
    parseSoapResponse: timing.parseSoapResponse,
    wait,
  })}\n`,
);
process.exit(0);
