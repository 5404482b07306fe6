// npm run bench:mappings — the seed's mapping set (examples/provisioning/app1-mappings.yaml: ToUpper(Word(…)),
// Redact, Switch([IsSoftDeleted]…) and eight direct mappings, with its scoping filter) evaluated for 100,000
// users read from a CSV file: parse → scope → evaluate every mapping → build the SCIM resource. No SCIM request.
// Prints users/s and peak resident memory; the last line is one JSON object. Target: at least 50,000 users/s.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTruthy, lookupAttribute } from '../src/provision/attribute-lookup.ts';
import { csvRecords } from '../src/provision/csv-source.ts';
import { parseMappingFile } from '../src/provision/load-mapping-file.ts';
import { evaluateMappingsSync } from '../src/provision/mapping-evaluation.ts';
import { createBody } from '../src/provision/scim-body.ts';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET = 50_000;
const EXAMPLE = fileURLToPath(new URL('../examples/provisioning/app1-mappings.yaml', import.meta.url));

const FIRST = ['Ada', 'Alan', 'Grace', 'Katherine', 'Margaret', 'Edsger', 'Barbara', 'Donald', 'José', 'Zoë'];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Johnson',
  'Hamilton',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Martínez',
  'Müller',
];
const DEPTS = ['Research', 'Engineering', 'Sales', 'Networking', 'Hardware', 'Contractors'];
const CITIES = ['London', 'Paris', 'Berlin', 'Sevilla', 'New York', 'Tokyo'];

/** A CSV export of `n` users with the example's columns (some quoted fields, some soft-deleted users). */
function generateCsv(n: number): string {
  const lines = [
    'userPrincipalName,givenName,surname,mail,department,city,companyName,telephoneNumber,jobTitle,employeeId,IsSoftDeleted',
  ];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const upn = `${first.toLowerCase()}.${last.toLowerCase()}${i}@contoso.com`;
    const title = i % 5 === 0 ? '"Director, Sales"' : 'Engineer';
    lines.push(
      [
        upn,
        first,
        last,
        upn,
        DEPTS[i % DEPTS.length],
        CITIES[i % CITIES.length],
        'Contoso',
        `+1 555 ${String(i).padStart(7, '0')}`,
        title,
        String(100000 + (i % 900000)),
        i % 50 === 0 ? 'True' : 'False',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The example mapping file with its target pointing nowhere (the benchmark sends nothing). */
function loadJob(dir: string) {
  const yaml = readFileSync(EXAMPLE, 'utf8').replace(
    /^target:\n[\s\S]*?\n\n/m,
    'target: { url: "http://127.0.0.1:9/scim", token: "unused" }\n\n',
  );
  return parseMappingFile(yaml, join(dir, 'app1-mappings.yaml'));
}

const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-mappings-'));
try {
  const file = join(dir, 'users.csv');
  writeFileSync(file, generateCsv(USERS));
  const job = loadJob(dir);
  const objectType = job.config.target.objectType;
  const softAttr = job.config.source.softDeletedAttribute;
  const now = new Date();
  process.stdout.write(
    `bench:mappings — ${USERS.toLocaleString('en')} users, ${job.mappings.length} mappings (${job.mappings.filter((m) => m.type === 'expression').length} expressions), ${ROUNDS} rounds\n`,
  );

  let best = { usersPerSec: 0, parseMs: 0, evalMs: 0, totalMs: 0 };
  let inScope = 0;
  let checksum = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const t0 = performance.now();
    const records = csvRecords(
      readFileSync(file, 'utf8'),
      { id: job.config.source.id, delimiter: job.config.source.delimiter },
      file,
    );
    const t1 = performance.now();
    inScope = 0;
    checksum = 0;
    for (const r of records) {
      if (!job.scoping.inScope(r.attributes)) continue;
      inScope++;
      const soft = isTruthy(lookupAttribute(r.attributes, softAttr));
      const evaluated = evaluateMappingsSync(job.mappings, { attributes: r.attributes, now }, true);
      const { body } = createBody(objectType, evaluated);
      checksum += soft ? 1 : Object.keys(body).length;
    }
    const t2 = performance.now();
    const totalMs = t2 - t0;
    const usersPerSec = Math.round((records.length * 1000) / totalMs);
    process.stdout.write(
      `round ${round}: parse ${(t1 - t0).toFixed(0)} ms, scope+evaluate ${(t2 - t1).toFixed(0)} ms, ${usersPerSec.toLocaleString('en')} users/s\n`,
    );
    if (usersPerSec > best.usersPerSec)
      best = { usersPerSec, parseMs: Math.round(t1 - t0), evalMs: Math.round(t2 - t1), totalMs: Math.round(totalMs) };
  }
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(
    `best: ${best.usersPerSec.toLocaleString('en')} users/s (target ${TARGET.toLocaleString('en')}), ${inScope.toLocaleString('en')} in scope, peak RSS ${peakRssMB} MB\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ benchmark: 'mappings', users: USERS, inScope, mappings: job.mappings.length, usersPerSec: best.usersPerSec, parseMs: best.parseMs, evaluateMs: best.evalMs, totalMs: best.totalMs, peakRssMB, target: TARGET, pass: best.usersPerSec >= TARGET, checksum })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
