import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostConfigJsonSchema } from '../../src/config/host-config-json-schema.ts';
import { type JsonSchema, connectorValidator, pointerOf } from './schema.ts';

const check = connectorValidator(hostConfigJsonSchema() as JsonSchema);
const valid = { name: 'HR', kind: 'memory', secretToken: '${env:T}', objectTypes: [{ name: 'User', anchor: 'id' }] };

test("the host's paths become pointers within the connector", () => {
  assert.equal(pointerOf('connectors[3].objectTypes[1].anchor'), '/objectTypes/1/anchor');
  assert.equal(pointerOf('connectors[0].capabilities.exportType'), '/capabilities/exportType');
  assert.equal(pointerOf('connectors[0]'), '');
});

test('a connector as written in ferry.yaml has no problem: defaulted keys may be left out', () => {
  assert.deepEqual([...check(valid)], []);
});

test('each problem is reported at the pointer of its value, in words', () => {
  const problems = check({
    ...valid,
    autosyncMinutes: -5,
    capabilities: { exportType: 'Sometimes' },
    objectTypes: [{ name: 'User' }],
  });
  assert.match(problems.get('/autosyncMinutes')!.join(), /-5 is less than 0/);
  assert.ok(problems.get('/capabilities/exportType'), 'an enum value outside the list');
  assert.match(problems.get('/objectTypes/0')!.join(), /required property "anchor"/);
  assert.equal(problems.has(''), false, 'no noise about the parents of a problem');
});
