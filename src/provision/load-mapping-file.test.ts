import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../config/config-error.ts';
import type { CompiledExpression } from '../expr/types.ts';
import { parseMappingFile } from './load-mapping-file.ts';

const env = { TOKEN: 'secret-token-123456' };
const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const base = `target:
  url: http://localhost:8585/ecma2host_APP1/scim
  token: "\${env:TOKEN}"
source: { kind: csv, file: users.csv, id: userPrincipalName }
mappings:
  - { type: direct, source: userPrincipalName, target: "${EXT}:userName", matchingPrecedence: 1 }
`;

/** The problems of a file, as "line: message". */
function problems(text: string, compile?: (t: string) => CompiledExpression): string[] {
  try {
    parseMappingFile(text, 'm.yaml', { env, compile });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
    throw e;
  }
  return [];
}

test('a minimal file loads with defaults, absolute paths and the secret resolved', () => {
  const job = parseMappingFile(base, '/jobs/m.yaml', { env });
  assert.equal(job.config.target.token, 'secret-token-123456');
  assert.equal(job.config.target.objectType, 'User');
  assert.equal(job.config.source.file, '/jobs/users.csv');
  assert.equal(job.stateDir, '/jobs/.ferry-state/m');
  assert.deepEqual(job.config.actions, { create: true, update: true, delete: true });
  assert.equal(job.config.accidentalDeletions.threshold, 500);
  assert.equal(job.matching.length, 1);
  assert.equal(job.mappings[0].apply, 'always');
});

test('YAML and schema problems carry their line', () => {
  assert.deepEqual(problems(`${base}  - { type: direct, source: city, target: city, aply: always }\n`), [
    '7: mappings[1].aply: unknown property, did you mean "apply"? (allowed: type, source, value, expression, target, default, matchingPrecedence, apply, flowNullValues)',
  ]);
  assert.deepEqual(problems(`${base}  - { type: copy, source: city, target: city }\n`), [
    '7: mappings[1].type: must be one of: direct, constant, expression',
  ]);
  assert.deepEqual(problems(`${base}  - { type: direct, source: city, target: city, apply: sometimes }\n`), [
    '7: mappings[1].apply: must be one of: always, onCreate',
  ]);
  assert.match(
    problems(
      `${base}scoping:\n  - title: x\n    clauses:\n      - { attribute: a, operator: CONTAINS, value: b }\n`,
    )[0],
    /^10: scoping\[0\]\.clauses\[0\]\.operator: must be one of: EQUALS, NOT EQUALS/,
  );
  assert.deepEqual(problems(base.replace('${env:TOKEN}', '${env:NOPE}')), [
    '3: target.token: environment variable NOPE is not set',
  ]);
  assert.deepEqual(problems(`${base}mappings: []\n`), ['7: duplicate key "mappings"']);
});

test('mapping fields must fit the mapping type', () => {
  assert.deepEqual(problems(`${base}  - { type: direct, target: city }\n`), [
    '7: mappings[1]: missing required property "source" (type direct)',
  ]);
  assert.deepEqual(problems(`${base}  - { type: constant, value: x, source: city, target: city }\n`), [
    '7: mappings[1].source: only allowed when type is direct',
  ]);
  assert.deepEqual(problems(`${base}  - { type: expression, target: city }\n`), [
    '7: mappings[1]: missing required property "expression" (type expression)',
  ]);
});

test('target attributes, duplicates and matching attributes are checked', () => {
  assert.deepEqual(problems(`${base}  - { type: direct, source: mail, target: 'emails[type co "work"].value' }\n`), [
    '7: mappings[1].target: "emails[type co "work"].value": only a filter of the form [type eq "work"] is supported',
  ]);
  assert.deepEqual(problems(`${base}  - { type: direct, source: x, target: "${EXT}:USERNAME" }\n`), [
    '7: mappings[1].target: target attribute already mapped by mappings[0]',
  ]);
  assert.deepEqual(problems(`${base}  - { type: direct, source: mail, target: email, matchingPrecedence: 1 }\n`), [
    '7: mappings[1].matchingPrecedence: precedence 1 already used by mappings[0]',
  ]);
  assert.deepEqual(problems(base.replace(', matchingPrecedence: 1', '')), [
    '5: mappings: no matching attribute: give at least one mapping a matchingPrecedence (Entra needs one to match users)',
  ]);
});

test('scoping clauses: regex, integer values and missing values are reported at the clause', () => {
  const scoping = (clause: string) => problems(`${base}scoping:\n  - title: t\n    clauses:\n      - ${clause}\n`);
  assert.deepEqual(scoping(`{ attribute: upn, operator: REGEX MATCH, value: "(open" }`), [
    '10: scoping[0].clauses[0].value: invalid regular expression: /(open/: Unterminated group',
  ]);
  assert.deepEqual(scoping(`{ attribute: id, operator: Greater_Than, value: ten }`), [
    '10: scoping[0].clauses[0].value: Greater_Than compares integers: "ten" is not an integer',
  ]);
  assert.deepEqual(scoping(`{ attribute: id, operator: EQUALS }`), [
    '10: scoping[0].clauses[0].operator: operator EQUALS needs a value',
  ]);
  assert.deepEqual(scoping(`{ attribute: flag, operator: IS TRUE }`), []);
});

test("an expression that does not compile is reported at its line with the compiler's message", () => {
  const failing = (text: string): CompiledExpression => {
    throw new Error(`at 7: expected ")" (found end of expression) in ${text.length} characters`);
  };
  assert.deepEqual(
    problems(`${base}  - type: expression\n    expression: 'ToUpper([x]'\n    target: city\n`, failing),
    ['8: mappings[1].expression: invalid expression: at 7: expected ")" (found end of expression) in 11 characters'],
  );
});

test('target URL and escrow settings', () => {
  assert.deepEqual(problems(base.replace('http://localhost:8585/ecma2host_APP1/scim', 'ftp://x')), [
    '2: target.url: must be an http or https URL',
  ]);
  assert.deepEqual(problems(`${base}escrow: { initialDelaySeconds: 60, maxDelaySeconds: 10 }\n`), [
    '7: escrow.maxDelaySeconds: must be at least initialDelaySeconds',
  ]);
  assert.match(
    problems(base.replace('  token:', '  tls: { ca: nope.pem }\n  token:'))[0],
    /^3: target\.tls\.ca: cannot read nope\.pem \(ENOENT\)/,
  );
});
