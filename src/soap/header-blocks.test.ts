import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerBlocksXml } from './header-blocks.ts';
import { SoapRequestError } from './soap-errors.ts';
import { parseXml } from './xml-parser.ts';

const NS = 'http://xmlns.oracle.com/apps/fnd/soaprovider/plsql/fnd_user_pkg/';

test('a structured header block: children in its namespace, lists repeated, values escaped', () => {
  const xml = headerBlocksXml([
    {
      name: 'SOAHeader',
      namespace: NS,
      value: {
        Responsibility: 'UMX',
        RespApplication: 'FND',
        NLSLanguage: 'AMERICAN',
        Org_Id: 204,
        Note: ['a<b', 'c&d'],
      },
    },
    { name: 'Plain', value: 'x "y"' },
  ]);
  const root = parseXml(`<r>${xml}</r>`, 'headers');
  const [soa, plain] = root.children;
  assert.equal(soa.local, 'SOAHeader');
  assert.equal(soa.ns, NS);
  assert.deepEqual(
    soa.children.map((c) => [c.ns, c.local, c.text]),
    [
      [NS, 'Responsibility', 'UMX'],
      [NS, 'RespApplication', 'FND'],
      [NS, 'NLSLanguage', 'AMERICAN'],
      [NS, 'Org_Id', '204'],
      [NS, 'Note', 'a<b'],
      [NS, 'Note', 'c&d'],
    ],
  );
  assert.deepEqual([plain.ns, plain.local, plain.text], ['', 'Plain', 'x "y"']);
});

test('an empty value is an empty element; undefined children are left out', () => {
  assert.equal(
    headerBlocksXml([{ name: 'A', namespace: 'urn:a', value: { B: undefined } }]),
    '<h0:A xmlns:h0="urn:a"/>',
  );
});

test('names that are not XML names, and lists at the top, are refused', () => {
  assert.throws(() => headerBlocksXml([{ name: 'a b' }]), SoapRequestError);
  assert.throws(() => headerBlocksXml([{ name: 'A', value: { '<x>': 1 } }]), /cannot be an XML element name/);
  assert.throws(() => headerBlocksXml([{ name: 'A', value: [1, 2] }]), /not a list/);
});
