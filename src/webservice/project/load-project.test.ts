// Project files: a valid one loads; each kind of mistake is reported with its line and what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../config/config-error.ts';
import { parseProject } from './load-project.ts';

const base = (flows: string, extra = '') => `name: Test
parameters:
  - { name: apiKey, type: secret, required: true }
services:
  app:
    http:
      baseUrl: http://127.0.0.1:1
      auth: { type: apiKey, in: header, name: X-Api-Key, value: "{{ params.apiKey }}" }
    discovery:
      operations:
        getUser: { method: GET, path: "/users/{id}" }
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes:
        - { name: id, readOnly: true }
        - { name: login, required: true }
${extra}flows:
  objectTypes:
    User:
${flows}`;

const good = `      add:
        - call: POST /users
          body: { login: "{{ object.attributes.login }}" }
          as: created
        - result: { anchor: "{{ created.body.id }}" }
      get:
        - call: getUser
          path: { id: "{{ anchor }}" }
          as: r
        - emit: { anchor: "{{ r.body.id }}", attributes: { id: "{{ r.body.id }}", login: "{{ r.body.login }}" } }
`;

function problems(text: string): string {
  try {
    parseProject(text, 'p.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
}

test('a valid project loads with defaults', () => {
  const { project } = parseProject(base(good), 'p.yaml');
  assert.equal(project.schema.objectTypes[0].attributes[1].required, true);
  assert.equal(project.services.app.discovery.operations.getUser.method, 'GET');
});

test('unknown activity, unknown field, missing field: with line numbers', () => {
  const m = problems(
    base(`      add:
        - cal: POST /users
        - call: POST /users
          bodyy: {}
        - if: "true"
`),
  );
  assert.match(m, /p\.yaml:23:11: .*unknown activity \(keys: cal\)/);
  assert.match(m, /p\.yaml:25:11: .*bodyy: unknown field of a call activity/);
  assert.match(m, /p\.yaml:26:11: .*needs "then"/);
});

test('expressions: unknown variable, function, attribute, parameter, syntax; operation and path parameter', () => {
  const m = problems(
    base(`      update:
        - call: getUser
          as: u
        - call: PATCH /users/{{ object.anchr }}
          body: { a: "{{ lowr(object.attributes.login) }}", b: "{{ object.attributes.nope }}", c: "{{ params.key }}", d: "{{ 1 + }}" }
        - call: deleteUser
        - if: "u.status == 200 &&"
          then: []
`),
  );
  assert.match(m, /:23:11: .*the operation's path needs "id"/);
  assert.match(m, /object\.anchr: no such field/);
  assert.match(m, /unknown function lowr/);
  assert.match(m, /object\.attributes\.nope: no such attribute/);
  assert.match(m, /params\.key: no such parameter/);
  assert.match(m, /template "\{\{ 1 \+ \}\}"/);
  assert.match(m, /unknown operation "deleteUser"/);
  assert.match(m, /:28:11: .*expression "u.status == 200 &&"/);
});

test('collect: needs records; its value sees the record; its list is a variable for what follows', () => {
  assert.equal(
    problems(
      base(`      get:
        - call: GET /users
          records: data
          collect: { as: u, value: "{{ u.login }}", into: logins }
        - emit: { anchor: "{{ anchor }}", attributes: { id: "{{ anchor }}", login: "{{ first(logins) }}" } }
`),
    ),
    '',
  );
  const m = problems(
    base(`      get:
        - call: GET /users
          collect: { as: u, value: "{{ v.login }}", into: logins }
        - emit: { anchor: "{{ anchor }}", attributes: { id: "{{ anchor }}", login: "{{ first(login) }}" } }
`),
  );
  assert.match(m, /"collect" needs "records"/);
  assert.match(m, /\bv\b.*(unknown|no such)|(unknown|no such).*\bv\b/);
  assert.match(m, /\blogin\b.*(unknown|no such)|(unknown|no such).*\blogin\b/);
});

test('activities only where they mean something; an app-assigned anchor needs a result', () => {
  const m = problems(
    base(`      add:
        - call: POST /users
        - emit: { anchor: x, attributes: {} }
      fullImport:
        - result: { anchor: x }
`),
  );
  assert.match(m, /emit belongs in import flows/);
  assert.match(m, /result belongs in export flows/);
  assert.match(m, /the add flow must give a result/);
});

test('schema cross checks: flows of an unknown type, anchor not an attribute', () => {
  const m = problems(
    base(`      fullImport: []
    Ghost:
      fullImport: []
`).replace('anchor: id', 'anchor: uid'),
  );
  assert.match(m, /the anchor "uid" is not one of the type's attributes/);
  assert.match(m, /"Ghost" is not an object type of the schema/);
});
