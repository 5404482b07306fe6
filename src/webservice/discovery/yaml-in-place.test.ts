// In-place YAML edits: only the edited entries change; indentation, comments (also those the parser counts
// as part of the edited block), flow maps and the rest of the file stay byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { editYamlInPlace } from './yaml-in-place.ts';

test('replacing a nested entry keeps the file indentation and every other byte', () => {
  const text = `# head
a:   # odd spacing kept
    b:
        keep: { x: 1,   y: "two" }
        edit:
            old: 1
    # comment after the edited block, at a lower indentation
# section comment
c: [1,2,3]
`;
  const out = editYamlInPlace(text, [['a', 'b', 'edit']], (doc) => {
    doc.setIn(['a', 'b', 'edit'], doc.createNode({ new: [{ k: 'v' }], n: 2 }));
  });
  assert.equal(
    out,
    `# head
a:   # odd spacing kept
    b:
        keep: { x: 1,   y: "two" }
        edit:
            new:
                - k: v
            n: 2
    # comment after the edited block, at a lower indentation
# section comment
c: [1,2,3]
`,
  );
});

test('a new entry goes after the last one of its map, before trailing comments; a file without a final newline', () => {
  const text = `top:
  first: 1
  last:
    deep: x   # same-line comment
# about "next"
next: 1
tail:
  a: 1`;
  const out = editYamlInPlace(
    text,
    [
      ['top', 'added'],
      ['tail', 'b'],
    ],
    (doc) => {
      doc.setIn(['top', 'added'], doc.createNode({ k: 'v' }));
      doc.setIn(['tail', 'b'], 2);
    },
  );
  assert.equal(
    out,
    `top:
  first: 1
  last:
    deep: x   # same-line comment
  added:
    k: v
# about "next"
next: 1
tail:
  a: 1
  b: 2
`,
  );
});

test('an entry inside a flow map: the nearest block entry is rewritten in block style, its siblings untouched', () => {
  const text = `services:
  one: { http: { baseUrl: "http://a" } }   # flow
  two:
    http: { baseUrl: "http://b" }
`;
  const out = editYamlInPlace(text, [['services', 'one', 'discovery']], (doc) => {
    doc.setIn(['services', 'one', 'discovery'], doc.createNode({ operations: { a: { method: 'GET' } } }));
  });
  assert.equal(
    out,
    `services:
  one:
    # flow
    http: { baseUrl: "http://a" }
    discovery:
      operations:
        a:
          method: GET
  two:
    http: { baseUrl: "http://b" }
`,
  );
  assert.deepEqual(parse(out).services.one.discovery.operations.a, { method: 'GET' });
});

test('two new entries at the same place (an inner map that ends where its parent ends) keep their order', () => {
  const text = `s:
  svc:
    http:
      timeouts: { requestMs: 5 }
other: 1
`;
  const out = editYamlInPlace(
    text,
    [
      ['s', 'svc', 'discovery'],
      ['s', 'svc', 'http', 'baseUrl'],
    ],
    (doc) => {
      doc.setIn(['s', 'svc', 'http', 'baseUrl'], 'http://x');
      doc.setIn(['s', 'svc', 'discovery'], doc.createNode({ operations: {} }));
    },
  );
  assert.equal(
    out,
    `s:
  svc:
    http:
      timeouts: { requestMs: 5 }
      baseUrl: http://x
    discovery:
      operations: {}
other: 1
`,
  );
});

test('a document written in flow style (JSON) is rendered whole', () => {
  const out = editYamlInPlace('{"a": {"b": 1}}\n', [['a', 'c']], (doc) => doc.setIn(['a', 'c'], 2));
  assert.deepEqual(parse(out), { a: { b: 1, c: 2 } });
});

test('a value left empty (`key:`) is replaced', () => {
  const text = 'svc:\n  discovery:\n  http: 1\n';
  const out = editYamlInPlace(text, [['svc', 'discovery']], (doc) =>
    doc.setIn(['svc', 'discovery'], doc.createNode({ operations: {} })),
  );
  assert.equal(out, 'svc:\n  discovery:\n    operations: {}\n  http: 1\n');
});

test('Windows line ends are kept, in the new lines too', () => {
  const text = 'a:\r\n  b: 1\r\nc: 2\r\n';
  const out = editYamlInPlace(text, [['a', 'd']], (doc) => doc.setIn(['a', 'd'], doc.createNode({ e: [1, 2] })));
  assert.equal(out, 'a:\r\n  b: 1\r\n  d:\r\n    e:\r\n      - 1\r\n      - 2\r\nc: 2\r\n');
});
