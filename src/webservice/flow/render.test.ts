// The compiled renderers give what rendering each template in turn gives, per sink, and are built once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate } from '../flow-expr/template.ts';
import { projection, renderValue, renderer, template } from './render.ts';

const scope = { a: { id: 'acc_1', name: "Ann O'Neil", tags: ['x', 'y'], n: 3 }, nothing: null };

test('strings, objects and lists render as templates; undefined values drop out, null stays', () => {
  const shape = {
    id: '{{ a.id }}',
    label: 'user {{ a.name }} #{{ a.n }}',
    tags: '{{ a.tags }}',
    missing: '{{ a.nope }}',
    empty: '{{ nothing }}',
    list: ['{{ a.n + 1 }}', '{{ a.nope }}', 'const'],
    nested: { deep: '{{ a.id }}' },
    number: 7,
  };
  assert.deepEqual(renderValue(shape, scope, 'json'), {
    id: 'acc_1',
    label: "user Ann O'Neil #3",
    tags: ['x', 'y'],
    empty: null,
    list: [4, 'const'],
    nested: { deep: 'acc_1' },
    number: 7,
  });
});

test('each sink escapes as renderTemplate does', () => {
  for (const sink of ['path', 'query', 'header', 'json', 'form', 'xml', 'text'] as const) {
    for (const text of ['{{ a.name }}', 'x/{{ a.name }}/{{ a.n }}', 'plain', '{{ a.tags }}']) {
      assert.deepEqual(renderValue(text, scope, sink), renderTemplate(template(text), scope, sink), `${sink} ${text}`);
    }
  }
});

test('a renderer is built once per structure and sink', () => {
  const shape = { id: '{{ a.id }}' };
  assert.equal(renderer(shape, 'json'), renderer(shape, 'json'));
  assert.notEqual(renderer(shape, 'json'), renderer(shape, 'text'));
  assert.equal(renderer('{{ a.id }}', 'path'), renderer('{{ a.id }}', 'path'));
});

test('projection keeps the named attributes only, as the same object each time', () => {
  const shape = { id: '{{ a.id }}', name: '{{ a.name }}', broken: '{{ a.nope.deeper }}' };
  const keep = new Set(['id', 'name']);
  const p = projection(shape, keep);
  assert.equal(p, projection(shape, keep));
  assert.deepEqual(p, { id: '{{ a.id }}', name: '{{ a.name }}' });
  assert.equal(projection(shape, undefined), shape);
  assert.equal(projection('{{ a }}', keep), '{{ a }}');
});
