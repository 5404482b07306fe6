// The shipped SAP files agree with each other: the WSDL with the catalogue it is written from, the template's
// discovered operations with the WSDL, and the demo host configuration with the template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wsdlText } from '../../examples/sap/wsdl.ts';
import { parseHostConfig } from '../../src/config/load-config.ts';
import { parseWsdl } from '../../src/soap/wsdl.ts';
import { loadProject } from '../../src/webservice/project/load-project.ts';
import { SAP_CONFIG_FILE, SAP_WSDL_FILE } from './helpers.ts';

const PROJECT = fileURLToPath(new URL('../../templates/sap-ecc/project.yaml', import.meta.url));

test('sap-user.wsdl is what write-wsdl.ts writes from bapi-types.ts (run it after changing the catalogue)', () => {
  assert.equal(readFileSync(SAP_WSDL_FILE, 'utf8'), wsdlText());
});

test("the template loads, and its operations are the WSDL's SOAP 1.1 port as discovered (rediscovery changes nothing)", () => {
  const { project } = loadProject(PROJECT);
  const svc = project.services.sap;
  assert.equal(svc.kind, 'soap');
  const port = parseWsdl(readFileSync(SAP_WSDL_FILE, 'utf8'), 'sap-user.wsdl').services[0].ports.find(
    (p) => p.soapVersion === '1.1',
  )!;
  assert.deepEqual(Object.keys(svc.discovery.operations).sort(), port.operations.map((o) => o.name).sort());
  for (const op of port.operations) {
    const mine = svc.discovery.operations[op.name];
    assert.equal(mine.method, 'POST');
    assert.equal(mine.path, new URL(op.soap.address!).pathname);
    assert.deepEqual(mine.soap, op.soap, op.name);
  }
  const user = project.schema.objectTypes[0];
  assert.equal(user.anchor, 'userName');
  assert.deepEqual(
    user.attributes.map((a) => a.name),
    [
      'userName',
      'firstName',
      'lastName',
      'middleName',
      'email',
      'telephoneNumber',
      'jobTitle',
      'department',
      'company',
      'city',
      'expirationTime',
      'export_password',
    ],
  );
  assert.equal(user.attributes.find((a) => a.name === 'expirationTime')!.type, 'dateTime');
  assert.equal(user.attributes.find((a) => a.name === 'export_password')!.writeOnly, true);
  assert.deepEqual(Object.keys(project.flows.objectTypes.User).sort(), [
    'add',
    'delete',
    'fullImport',
    'get',
    'replace',
  ]);
});

test('the demo host configuration: SAPECC, ECMA style, disable flow none, delete flow delete, parameters from the environment', () => {
  const c = parseHostConfig(readFileSync(SAP_CONFIG_FILE, 'utf8'), SAP_CONFIG_FILE, {
    FERRY_DEMO_TOKEN: 'demo-token-0123456789',
    FERRY_ADMIN_TOKEN: 'admin-token-0123456789',
    FERRY_DEMO_SAP_URL: 'http://127.0.0.1:8000',
    FERRY_DEMO_SAP_USER: 'FERRY_SVC',
    FERRY_DEMO_SAP_PASSWORD: 'secret-0123',
  });
  const [sap] = c.connectors;
  assert.equal(c.connectors.length, 1);
  assert.deepEqual(
    [sap.name, sap.kind, sap.exposure, sap.secretToken],
    ['SAPECC', 'web-services', 'ecma', 'demo-token-0123456789'],
  );
  assert.deepEqual(sap.parameters, { user: 'FERRY_SVC', password: 'secret-0123' });
  const [user] = sap.objectTypes;
  assert.equal(user.anchor, 'userName');
  assert.equal(user.deprovisioning.disable.flow, 'none');
  assert.equal(user.deprovisioning.delete.flow, 'delete');
  assert.ok(user.attributes.includes('export_password'));
});
