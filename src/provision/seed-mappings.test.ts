// The example of examples/provisioning (the seed's mapping set: ToUpper(Word(…)), Redact, Switch([IsSoftDeleted]…)
// and direct mappings) end to end against a real Ferry host, plus SelectUniqueValue asking the target.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestHost, TOKEN, type TestHost } from '../../test/helpers/test-host.ts';
import { ProvisioningEngine } from './engine.ts';
import { parseMappingFile } from './load-mapping-file.ts';
import { formatReport } from './report-format.ts';

const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const EXAMPLE = fileURLToPath(new URL('../../examples/provisioning/', import.meta.url));
let host: TestHost;
let dir: string;

before(async () => {
  host = await startTestHost();
  dir = mkdtempSync(join(tmpdir(), 'ferry-seed-'));
});
after(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The example mapping file, pointed at the test host, with a copy of its CSV in `dir`. */
function exampleJob() {
  const text = readFileSync(join(EXAMPLE, 'app1-mappings.yaml'), 'utf8');
  const target = `target:\n  url: ${host.host.baseUrl}/ecma2host_APP1/scim\n  token: "\${env:FERRY_DEMO_TOKEN}"\n\n`;
  const yaml = text.replace(/^target:\n[\s\S]*?\n\n/m, target);
  assert.notEqual(yaml, text);
  copyFileSync(join(EXAMPLE, 'users.csv'), join(dir, 'users.csv'));
  const file = join(dir, 'app1-mappings.yaml');
  writeFileSync(file, yaml);
  return parseMappingFile(yaml, file, { env: { FERRY_DEMO_TOKEN: TOKEN } });
}

const getUser = (id: string) => host.scim('APP1', `/Users/${encodeURIComponent(id)}`);

test('the example provisions the demo APP1 connector with the seed mappings; the password never reaches a log', async () => {
  const job = exampleJob();
  assert.equal(job.mappings.length, 11);
  const engine = new ProvisioningEngine(job, { stateDir: join(dir, 'state') });
  try {
    const c1 = await engine.runCycle();
    assert.equal(c1.status, 'completed', c1.message);
    assert.equal(c1.counts.created, 19);
    assert.equal(c1.counts.skipped, 1, 'the soft-deleted user is not created');
    const ada = await getUser('ADA.LOVELACE');
    assert.equal(ada.status, 200);
    assert.deepEqual(
      { ...ada.body[EXT] },
      {
        userName: 'ADA.LOVELACE',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada.lovelace@contoso.com',
        company: 'Contoso',
        department: 'Research',
        city: 'London',
        telephoneNumber: '+44 20 7946 0001',
        jobTitle: 'Principal Engineer',
        expirationTime: '9999-12-31',
        isActive: true,
      },
    );
    assert.equal((await getUser('DONALD.KNUTH')).body[EXT].jobTitle, 'Author, "The Art of Computer Programming"');
    assert.equal((await getUser('ZOE.MULLER')).body[EXT].firstName, 'Zoë');
    assert.equal((await getUser('DENNIS.RITCHIE')).status, 404);

    const [created] = await engine.log({ sourceId: 'ada.lovelace@contoso.com' });
    const password = created.modifiedProperties.find((m) => m.name.endsWith(':export_password'));
    assert.deepEqual(password, { name: `${EXT}:export_password`, oldValue: null, newValue: '[redacted]' });
    assert.ok(!formatReport(created).includes('Pass@w0rd1'));
    for (const f of readdirSync(join(dir, 'state')))
      assert.ok(!readFileSync(join(dir, 'state', f)).includes('Pass@w0rd1'), `${f} holds no password`);
    assert.ok(!host.logs().includes('Pass@w0rd1'), 'nor the host logs');

    // Soft-deleting a user: disabled, expirationTime from the Switch; onCreate mappings are not sent again.
    const csv = readFileSync(join(dir, 'users.csv'), 'utf8').replace(/(alan\.turing@contoso\.com,.*,)False/, '$1True');
    writeFileSync(join(dir, 'users.csv'), csv);
    const c2 = await engine.runCycle();
    assert.equal(c2.kind, 'incremental');
    assert.equal(c2.source.processed, 1);
    assert.equal(c2.counts.disabled, 1, c2.message);
    const [disabled] = await engine.log({ cycleId: c2.cycleId });
    assert.deepEqual(disabled.modifiedProperties, [
      { name: `${EXT}:expirationTime`, oldValue: '9999-12-31', newValue: '1990-01-01' },
      { name: 'active', oldValue: true, newValue: false },
    ]);
    const alan = await getUser('ALAN.TURING');
    assert.equal(alan.body.active, false);
    assert.equal(alan.body[EXT].expirationTime, '1990-01-01');

    // Restoring them: enabled again with the far expiration date.
    writeFileSync(join(dir, 'users.csv'), csv.replace(/(alan\.turing@contoso\.com,.*,)True/, '$1False'));
    const c3 = await engine.runCycle();
    assert.equal(c3.counts.updated, 1, c3.message);
    const back = await getUser('ALAN.TURING');
    assert.equal(back.body.active, true);
    assert.equal(back.body[EXT].expirationTime, '9999-12-31');

    // Provision on demand of the soft-deleted, never provisioned user: nothing to disable.
    const r = await engine.provisionOnDemand('dennis.ritchie@contoso.com');
    assert.equal(r.action, 'Skip');
    assert.match(r.steps[1].description, /soft-deleted/);
  } finally {
    await engine.close();
  }
});

test('SelectUniqueValue asks the target whether each candidate is taken', async () => {
  const pre = await host.scim('APP1', '/Users', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT], [EXT]: { userName: 'JDOE' } },
  });
  assert.equal(pre.status, 201, pre.text);
  const sub = mkdtempSync(join(dir, 'unique-'));
  writeFileSync(join(sub, 'users.csv'), 'id,givenName,surname,mail\r\n1,John,Doe,john.doe@contoso.com\r\n');
  const yaml = `target: { url: "${host.host.baseUrl}/ecma2host_APP1/scim", token: "\${env:T}" }
source: { kind: csv, file: users.csv, id: id }
mappings:
  - { type: direct, source: mail, target: "${EXT}:email", matchingPrecedence: 1 }
  - type: expression
    expression: 'SelectUniqueValue(ToUpper(Join("", Left([givenName], 1), [surname])), ToUpper(Join("", [givenName], [surname])))'
    target: "${EXT}:userName"
    apply: onCreate
`;
  const job = parseMappingFile(yaml, join(sub, 'm.yaml'), { env: { T: TOKEN } });
  const engine = new ProvisioningEngine(job, { stateDir: join(sub, 'state') });
  try {
    const r = await engine.provisionOnDemand('1');
    assert.equal(r.status, 'success', JSON.stringify(r.error));
    assert.equal(r.targetId, 'JOHNDOE');
    const requests = r.steps[3].details.requests as string[];
    assert.ok(
      requests.some((q) => q.includes('JDOE')),
      'the taken candidate was asked for',
    );
  } finally {
    await engine.close();
  }
});
