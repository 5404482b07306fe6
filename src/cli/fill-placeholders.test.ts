import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { fillPlaceholders, placeholderNames } from './fill-placeholders.ts';

const SNIPPET = `name: "{{connector}}"
url: "{{baseUrl}}/x"
parameters:
  user: "{{params.user}}"
  port: "{{params.port}}"
  optional: "{{params.optional}}"
flow: "{{ params.user }}"
`;

test('placeholders are found in order; flow templates with spaces are not placeholders', () => {
  assert.deepEqual(placeholderNames(SNIPPET), [
    'connector',
    'baseUrl',
    'params.user',
    'params.port',
    'params.optional',
  ]);
});

test('whole scalars keep their type, inner text is escaped, undefined drops the line', () => {
  const text = fillPlaceholders(SNIPPET, {
    connector: 'APP',
    baseUrl: 'http://h"x\\',
    'params.user': 'a "quoted" \\ name',
    'params.port': 8080,
    'params.optional': undefined,
  });
  assert.deepEqual(parse(text), {
    name: 'APP',
    url: 'http://h"x\\/x',
    parameters: { user: 'a "quoted" \\ name', port: 8080 },
    flow: '{{ params.user }}',
  });
});

test('a placeholder init does not know is an error naming it', () => {
  assert.throws(() => fillPlaceholders('a: "{{nope}}"', {}), /uses \{\{nope\}\}/);
});
