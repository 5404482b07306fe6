// Load-time checks of the flow language's newer constructs: branch scoping, regex literals, sub-flows, throw
// kinds and undo steps, each reported with its file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../config/config-error.ts';
import { parseProject } from './load-project.ts';

const project = (flows: string) => `name: T
services:
  app:
    http: { baseUrl: "http://127.0.0.1:1" }
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes: [ { name: id }, { name: login } ]
flows:
${flows}`;

function problems(flows: string): string {
  try {
    parseProject(project(flows), 'p.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
}

test('a variable assigned on every path of a branch is known after it; on some paths only, it is not', () => {
  assert.equal(
    problems(`  objectTypes:
    User:
      replace:
        - if: "object.attributes.login == 'a'"
          then: [ { assign: { x: 1 } } ]
          else: [ { assign: { x: 2 } } ]
        - switch: "object.attributes.login"
          cases: { a: [ { assign: { y: 1 } } ], b: [ { throw: "no b" } ] }
          default: [ { assign: { y: 2 } } ]
        - try: [ { call: GET /a, as: r } ]
          catch: [ { assign: { r: null } } ]
        - doWhile: "false"
          do: [ { assign: { z: 1 } } ]
        - log: "{{ x }} {{ y }} {{ r }} {{ z }}"
`),
    '',
  );
  const m = problems(`  objectTypes:
    User:
      replace:
        - if: "object.attributes.login == 'a'"
          then: [ { assign: { x: 1 } } ]
        - forEach: "[1]"
          as: i
          do: [ { assign: { w: 1 } } ]
        - log: "{{ x }} {{ w }} {{ i }}"
`);
  assert.match(m, /p\.yaml:19:\d+: .*unknown variable "x"/);
  assert.match(m, /unknown variable "w"/);
  assert.match(m, /unknown variable "i"/);
});

test('a literal regular expression is compiled at load time: a bad or catastrophic pattern is reported with its line', () => {
  const m = problems(`  objectTypes:
    User:
      replace:
        - if: "test(object.attributes.login, '(a+')"
          then: []
        - assign: { ok: "{{ test(object.attributes.login, '^[a-z]+$', 'i') }}" }
        - assign: { bad: "{{ match(object.attributes.login, '(a+)+$', 'i') }}" }
        - assign: { flags: "{{ test(object.attributes.login, 'a', 'g') }}" }
`);
  assert.match(m, /p\.yaml:14:\d+: .*test\(\): bad regular expression/);
  assert.match(m, /p\.yaml:17:\d+: .*match\(\): .*exponential time/);
  assert.match(m, /p\.yaml:18:\d+: .*only i, m, s and u/);
  assert.doesNotMatch(m, /:16:/);
});

test('sub-flows: unknown sub-flow or parameter, emit inside one, recursion, and their own scope', () => {
  const m = problems(`  subflows:
    a:
      parameters: [p]
      do:
        - run: b
        - emit: { anchor: "x", attributes: {} }
        - log: "{{ object.anchor }}"
    b:
      do: [ { run: a } ]
  objectTypes:
    User:
      replace:
        - run: nope
        - run: a
          with: { q: 1 }
`);
  assert.match(m, /p\.yaml:\d+:\d+: .*sub-flows may not run themselves: a → b → a/);
  assert.match(m, /emit belongs in the flows, not in a sub-flow/);
  assert.match(m, /unknown variable "object"/);
  assert.match(m, /p\.yaml:23:\d+: .*there is no sub-flow "nope"/);
  assert.match(m, /p\.yaml:25:\d+: .*has no parameter "q"/);
});

test('throw: a literal kind must be a kind; undo steps are checked in the scope after their step', () => {
  const m = problems(`  objectTypes:
    User:
      replace:
        - call: POST /a
          as: made
          undo: [ { call: "DELETE /a/{{ made.body.id }}" }, { log: "{{ nothere }}" } ]
        - throw: "x"
          kind: nonsense
`);
  assert.match(m, /p\.yaml:16:\d+: .*unknown variable "nothere"/);
  assert.doesNotMatch(m, /"made"/);
  assert.match(m, /p\.yaml:18:\d+: .*"nonsense" is not an error kind/);
});
