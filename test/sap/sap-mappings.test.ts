// Entra's documented mapping for SAP ECC (examples/sap/mappings.yaml) through Ferry's provisioning engine, over
// HTTPS SCIM into the SAPECC connector and on into the stand-in SAP service.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { verifyPassword } from '../../examples/sap/passwords.ts';
import { ProvisioningEngine } from '../../src/provision/engine.ts';
import { parseMappingFile } from '../../src/provision/load-mapping-file.ts';
import { TOKEN, type TestHost } from '../helpers/test-host.ts';
import { startSapHost, startStandIn, type StandIn } from './helpers.ts';

const MAPPINGS = fileURLToPath(new URL('../../examples/sap/mappings.yaml', import.meta.url));
const CSV = fileURLToPath(new URL('../../templates/sap-ecc/users.csv', import.meta.url));

let sap: StandIn;
let t: TestHost;
let dir: string;

/** The example mapping file, pointed at the test host (its URL, its certificate) with the CSV copied beside it. */
function job() {
  const doc = parseDocument(readFileSync(MAPPINGS, 'utf8'));
  doc.setIn(['target', 'url'], `${t.host.baseUrl}/ecma2host_SAPECC/scim`);
  doc.setIn(['target', 'tls', 'ca'], join(t.dataDir, 'tls', 'ferry-cert.pem'));
  doc.setIn(['state'], join(dir, 'state'));
  doc.setIn(['source', 'file'], 'users.csv');
  const file = join(dir, 'mappings.yaml');
  writeFileSync(file, doc.toString());
  return parseMappingFile(readFileSync(file, 'utf8'), file, { env: { FERRY_DEMO_TOKEN: TOKEN } });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sap-mappings-'));
  copyFileSync(CSV, join(dir, 'users.csv'));
  sap = await startStandIn();
  t = await startSapHost(sap, { tls: true });
});
after(async () => {
  await t?.stop();
  await sap?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('Entra\'s SAP mapping: userName ToUpper(Word(UPN, 1, "@")) and the password on create, expirationTime from IsSoftDeleted', async () => {
  const engine = new ProvisioningEngine(job());
  try {
    const first = await engine.runCycle();
    assert.equal(first.status, 'completed', JSON.stringify(first.failures));
    assert.equal(first.counts.created, 6, 'the soft-deleted user is not created');
    const ada = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'ADA.LOVELACE', RETURN: {} });
    assert.deepEqual(
      [
        ada.ADDRESS.FIRSTNAME,
        ada.ADDRESS.LASTNAME,
        ada.ADDRESS.E_MAIL,
        ada.ADDRESS.CITY,
        ada.ADDRESS.DEPARTMENT,
        ada.ADDRESS.FUNCTION,
        ada.ADDRESS.TEL1_NUMBR,
        ada.COMPANY.COMPANY,
        ada.LOGONDATA.GLTGB,
      ],
      [
        'Ada',
        'Lovelace',
        'ada.lovelace@contoso.com',
        'London',
        'Research',
        'Principal Engineer',
        '+44 20 7946 0001',
        'Contoso Ltd',
        '9999-12-31',
      ],
    );
    assert.ok(
      await verifyPassword('Pass@w0rd1', sap.row('ADA.LOVELACE')!.pwd_hash!),
      'Redact("Pass@w0rd1") arrived as the initial password',
    );
    assert.equal(sap.row('TIM.BL'), undefined);
    assert.equal(sap.row('K.JOHNSON')?.bname, 'K.JOHNSON');

    // Ada moves; Grace is soft-deleted: her expirationTime becomes 1990-01-01 and SAP keeps her (disable flow none).
    const csv = readFileSync(join(dir, 'users.csv'), 'utf8')
      .replace('Research,London,Contoso Ltd,+44 20 7946 0001', 'Research,Cambridge,Contoso Ltd,+44 20 7946 0001')
      .replace(/(grace\.hopper@contoso\.com,.*),False/, '$1,True');
    writeFileSync(join(dir, 'users.csv'), csv);
    const second = await engine.runCycle();
    assert.equal(second.status, 'completed', JSON.stringify(second.failures));
    assert.equal(second.counts.created, 0);
    assert.equal(second.counts.updated + second.counts.disabled, 2, JSON.stringify(second.counts));
    const ada2 = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'ADA.LOVELACE', RETURN: {} });
    assert.equal(ada2.ADDRESS.CITY, 'Cambridge');
    assert.equal(ada2.ADDRESS.FIRSTNAME, 'Ada');
    const grace = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'GRACE.HOPPER', RETURN: {} });
    assert.equal(grace.LOGONDATA.GLTGB, '1990-01-01');
    assert.equal(grace.ADDRESS.LASTNAME, 'Hopper');
    assert.ok(!t.logs().includes('Pass@w0rd1'), 'the password is in no host log');

    // Nothing changed: the next cycle touches no one (and SAP sees no write).
    await sap.resetCalls();
    const third = await engine.runCycle();
    assert.equal(third.counts.updated + third.counts.created + third.counts.disabled, 0, JSON.stringify(third.counts));
    const calls = await sap.calls();
    assert.equal((calls.BAPI_USER_CHANGE ?? 0) + (calls.BAPI_USER_CREATE1 ?? 0), 0, JSON.stringify(calls));
  } finally {
    await engine.close();
  }
});
