// Discovery from OpenAPI documents: Swagger 2.0, OpenAPI 3.0 and 3.1 fixtures, the demo application's own
// document, and broken documents that must fail with a message naming what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiscoveryError, type DiscoveredService } from './discovered-service.ts';
import { parseDocumentText } from './fetch-document.ts';
import { discoverOpenApi, type OpenApiOptions } from './openapi.ts';
import { RECURSIVE_MARK, TRUNCATED_MARK } from './schema-sketch.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const demoApp = fileURLToPath(new URL('../../../examples/demo-app/openapi.yaml', import.meta.url));

function discover(file: string, opts: OpenApiOptions = {}): DiscoveredService {
  return discoverOpenApi(parseDocumentText(readFileSync(file, 'utf8'), file), { source: file, ...opts });
}

function fails(doc: unknown, pattern: RegExp): void {
  assert.throws(
    () => discoverOpenApi(doc, { source: 'api.yaml' }),
    (e: unknown) => e instanceof DiscoveryError && pattern.test(e.message),
  );
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => v as Json;

test('Swagger 2.0: base URL from schemes/host/basePath, body and form parameters, definitions, global refs', () => {
  const s = discover(fixture('swagger2-petstore.yaml'));
  assert.equal(s.title, 'Pet Store');
  assert.equal(s.baseUrl, 'https://petstore.example.com/v2');
  assert.deepEqual(Object.keys(s.operations), [
    'addPet',
    'findPetsByStatus',
    'getPetById',
    'postPetByPetId',
    'deletePet',
    'uploadFile',
  ]);

  const add = s.operations.addPet;
  assert.equal(add.method, 'POST');
  assert.equal(add.path, '/pet');
  assert.deepEqual(add.parameters, [
    {
      name: 'pet',
      in: 'body',
      required: true,
      type: 'object',
      description: 'Pet object that needs to be added to the store',
    },
  ]);
  assert.equal(add.requestBody?.contentType, 'application/json');
  const pet = obj(add.requestBody?.schema);
  assert.equal(pet.title, 'Pet');
  assert.deepEqual(pet.required, ['name', 'photoUrls']);
  assert.deepEqual(obj(obj(pet.properties).category), {
    title: 'Category',
    type: 'object',
    properties: { id: { type: 'integer', format: 'int64' }, name: { type: 'string' } },
  });
  assert.equal(obj(obj(obj(pet.properties).tags).items).title, 'Tag');
  assert.deepEqual(Object.keys(add.responses ?? {}), ['200'], 'only 2xx and 404 are kept');
  assert.deepEqual(add.responses?.['200'].example, { id: 10, name: 'doggie', status: 'available' });

  const find = s.operations.findPetsByStatus;
  assert.equal(find.summary, 'Multiple status values can be provided with comma separated strings.');
  assert.deepEqual(find.parameters, [{ name: 'status', in: 'query', required: true, type: 'string[]' }]);
  assert.equal(obj(obj(find.responses?.['200'].schema).items).title, 'Pet');

  const get = s.operations.getPetById;
  assert.deepEqual(get.parameters, [
    { name: 'petId', in: 'path', required: true, type: 'integer', description: 'ID of the pet' },
  ]);
  assert.equal(get.responses?.['404'].description, 'Pet not found');
  assert.deepEqual(get.responses?.['404'].schema, {
    title: 'Error',
    type: 'object',
    properties: { message: { type: 'string' } },
  });

  const form = s.operations.postPetByPetId;
  assert.equal(form.summary, 'Updates a pet in the store with form data');
  assert.equal(form.requestBody?.contentType, 'application/x-www-form-urlencoded');
  assert.deepEqual(form.requestBody?.schema, {
    type: 'object',
    properties: { name: { type: 'string', description: 'Updated name of the pet' }, status: { type: 'string' } },
    required: ['status'],
  });
  assert.deepEqual(
    form.parameters.map((p) => `${p.name}:${p.in}:${p.required}`),
    ['petId:path:true', 'name:body:false', 'status:body:true'],
  );

  assert.deepEqual(
    s.operations.deletePet.parameters.map((p) => `${p.name}:${p.in}`),
    ['petId:path', 'api_key:header'],
  );
  assert.deepEqual(Object.keys(s.operations.deletePet.responses ?? {}), ['404']);
  assert.equal(s.operations.uploadFile.requestBody?.contentType, 'multipart/form-data');
  assert.deepEqual(s.warnings, []);
});

test('Swagger 2.0 without host: the host (and scheme) of the URL it was fetched from, or a warning', () => {
  const doc = {
    swagger: '2.0',
    info: { title: 't', version: '1' },
    basePath: '/api',
    paths: { '/x': { get: { responses: { 200: { description: 'ok' } } } } },
  };
  assert.equal(
    discoverOpenApi(doc, { documentUrl: 'http://127.0.0.1:8080/docs/swagger.json' }).baseUrl,
    'http://127.0.0.1:8080/api',
  );
  const fromFile = discoverOpenApi(doc, { source: 'swagger.json' });
  assert.equal(fromFile.baseUrl, undefined);
  assert.match(fromFile.warnings.join('\n'), /no "host".*--endpoint/);
  assert.deepEqual(Object.keys(fromFile.operations), ['getX']);
  // YAML reads an unquoted `swagger: 2.0` as a number.
  assert.equal(discoverOpenApi({ ...doc, swagger: 2, host: 'h.example' }).baseUrl, 'https://h.example/api');
});

test('OpenAPI 3.0: server variables, path-level and $ref parameters, request body refs, recursion, allOf, examples', () => {
  const s = discover(fixture('openapi30-directory.yaml'));
  assert.equal(s.baseUrl, 'https://acme.directory.example.com/api/v2');
  assert.deepEqual(Object.keys(s.operations), [
    'listUsers',
    'createUser',
    'getUser',
    'patchUsersByUserId2',
    'patchUsersByUserId',
    'getOrgUnit',
  ]);
  const warnings = s.warnings.join('\n');
  assert.match(warnings, /TRACE \/users\/\{userId\} skipped/);
  assert.match(warnings, /cookie parameter "session" skipped/);
  assert.match(warnings, /"patchUsersByUserId" is taken, named "patchUsersByUserId2"/);
  assert.match(warnings, /2 servers: the first/);

  const list = s.operations.listUsers;
  assert.deepEqual(list.parameters, [
    { name: 'limit', in: 'query', required: false, type: 'integer', description: 'Items per page' },
    { name: 'cursor', in: 'query', required: false, type: 'string' },
  ]);
  assert.deepEqual(
    list.responses?.['200'].example,
    { data: [{ id: 'u1', login: 'jdoe' }], next: null },
    'a named example through components/examples',
  );

  // Path-level parameters come first; an operation's parameter of the same name and place overrides one.
  assert.deepEqual(s.operations.getUser.parameters, [
    { name: 'userId', in: 'path', required: true, type: 'string', description: "The user's id" },
    { name: 'X-Request-Id', in: 'header', required: false, type: 'string', description: 'Correlation id' },
  ]);
  assert.deepEqual(
    s.operations.patchUsersByUserId2.parameters.map((p) => `${p.name}:${p.in}:${p.required}`),
    ['userId:path:true', 'X-Request-Id:header:true', 'body:body:true'],
  );
  assert.equal(s.operations.patchUsersByUserId2.requestBody?.contentType, 'application/merge-patch+json');
  assert.deepEqual(Object.keys(s.operations.getUser.responses ?? {}), ['200', '404']);
  assert.equal(s.operations.getUser.responses?.['404'].description, 'No such object');

  const create = s.operations.createUser;
  assert.equal(create.requestBody?.contentType, 'application/json', 'JSON preferred over XML');
  assert.deepEqual(create.requestBody?.example, { login: 'jdoe', password: 'S3cret!x' });
  assert.deepEqual(create.parameters, [
    { name: 'body', in: 'body', required: true, type: 'object', description: 'The new user' },
  ]);
  const newUser = obj(create.requestBody?.schema);
  assert.equal(newUser.title, 'NewUser');
  assert.deepEqual(
    Object.keys(obj(newUser.properties)),
    ['id', 'login', 'emails', 'manager', 'password'],
    'allOf merged into one object',
  );
  assert.deepEqual(newUser.required, ['id', 'login', 'password']);
  assert.deepEqual(obj(newUser.properties).manager, { type: 'object', [RECURSIVE_MARK]: 'User' });
  assert.deepEqual(Object.keys(create.responses ?? {}), ['201']);

  const unit = obj(s.operations.getOrgUnit.responses?.['200'].schema);
  assert.deepEqual(obj(obj(unit.properties).children).items, { type: 'object', [RECURSIVE_MARK]: 'OrgUnit' });
  assert.deepEqual(s.operations.getOrgUnit.parameters[1], {
    name: 'include',
    in: 'query',
    required: false,
    type: 'string[]',
  });
  assert.deepEqual(Object.keys(s.operations.getOrgUnit.responses ?? {}), ['200'], '"default" is not kept');
  assert.deepEqual(s.operations.patchUsersByUserId.requestBody, {
    contentType: 'text/plain',
    schema: { type: 'string' },
  });
});

test('schemas deeper than the limit are cut with a marker', () => {
  const s = discover(fixture('openapi30-directory.yaml'), { maxSchemaDepth: 1 });
  const page = obj(s.operations.listUsers.responses?.['200'].schema);
  const data = obj(obj(page.properties).data);
  assert.deepEqual(data.items, { title: 'User', type: 'object', [TRUNCATED_MARK]: true });
});

test('OpenAPI 3.1 (JSON): relative server resolved against the document URL, type lists, 2XX, odd ids', () => {
  const fetched = discover(fixture('openapi31-tickets.json'), {
    documentUrl: 'http://127.0.0.1:4000/specs/tickets.json',
  });
  assert.equal(fetched.baseUrl, 'http://127.0.0.1:4000/tickets-api/v1');
  assert.deepEqual(Object.keys(fetched.operations), ['get_ticket', 'deleteTicketsByTicketId']);
  assert.match(fetched.warnings.join('\n'), /operationId "get ticket" written as "get_ticket"/);
  const get = fetched.operations.get_ticket;
  assert.equal(get.path, '/tickets/{ticket~id}');
  assert.deepEqual(get.parameters, [
    { name: 'ticket~id', in: 'path', required: true, type: 'string' },
    { name: 'fields', in: 'query', required: false, type: 'string[]' },
  ]);
  const ticket = obj(get.responses?.['2XX'].schema);
  assert.equal(ticket.description, 'A ticket, with the 3.1 sibling description');
  assert.deepEqual(obj(ticket.properties).assignee, { type: ['string', 'null'], examples: ['jdoe'] });
  assert.equal(obj(ticket.properties).meta, true, 'boolean schemas are kept');
  assert.deepEqual(Object.keys(fetched.operations.deleteTicketsByTicketId.responses ?? {}), ['204', '404']);

  const fromFile = discover(fixture('openapi31-tickets.json'));
  assert.equal(fromFile.baseUrl, undefined);
  assert.match(fromFile.warnings.join('\n'), /server URL "\/tickets-api\/v1" is relative .*--endpoint/);
  assert.equal(
    discover(fixture('openapi31-tickets.json'), { baseUrl: 'https://t.example' }).baseUrl,
    'https://t.example',
  );
});

test("the demo application's OpenAPI document", () => {
  const s = discover(demoApp, { documentUrl: 'http://127.0.0.1:8080/openapi.yaml' });
  assert.equal(s.title, 'Acme HR Accounts API');
  assert.equal(s.baseUrl, 'http://127.0.0.1:8080');
  assert.deepEqual(s.warnings, []);
  const ids = Object.keys(s.operations);
  for (const id of [
    'listAccounts',
    'createAccount',
    'getAccount',
    'replaceAccount',
    'updateAccount',
    'deleteAccount',
    'setAccountActivation',
    'setAccountPassword',
    'listTeams',
    'addTeamMember',
    'removeTeamMember',
    'listChanges',
  ]) {
    assert.ok(ids.includes(id), id);
  }
  const list = s.operations.listAccounts;
  assert.deepEqual(
    list.parameters.map((p) => `${p.name}:${p.in}:${p.type}`),
    ['limit:query:integer', 'cursor:query:string', 'login:query:string', 'updated_since:query:string'],
  );
  const page = obj(list.responses?.['200'].schema);
  assert.equal(page.title, 'AccountPage');
  assert.equal(obj(obj(obj(page.properties).data).items).title, 'Account');
  const get = s.operations.getAccount;
  assert.equal(get.path, '/api/v1/accounts/{id}');
  assert.deepEqual(
    get.parameters.map((p) => `${p.name}:${p.in}:${p.required}`),
    ['id:path:true'],
  );
  assert.deepEqual(Object.keys(get.responses ?? {}), ['200', '404']);
  assert.deepEqual(Object.keys(s.operations.setAccountPassword.responses ?? {}), ['204', '404']);
  assert.deepEqual(s.operations.setAccountPassword.responses?.['204'], { description: 'Set' });
  assert.equal(s.operations.updateAccount.requestBody?.contentType, 'application/json');
  // Nothing of a document's components is left to resolve in a project file.
  assert.doesNotMatch(JSON.stringify(s), /\$ref/);
});

test('not OpenAPI, unsupported versions, no paths: clear errors', () => {
  fails('just text', /api\.yaml: not an OpenAPI document \(expected an object at the top, found "just text"\)/);
  fails([1, 2], /expected an object at the top, found a list/);
  fails({ info: { title: 'x' }, paths: {} }, /not an OpenAPI document \(no "openapi" or "swagger" field/);
  fails(
    { openapi: '4.0.0', paths: {} },
    /unsupported OpenAPI version "4\.0\.0" \(Ferry reads Swagger 2\.0 and OpenAPI 3\.0 and 3\.1\)/,
  );
  fails({ swagger: '1.2', paths: {} }, /unsupported Swagger version "1\.2"/);
  fails({ openapi: '3.0.1', info: {} }, /no "paths": the document describes no operations/);
  fails({ openapi: '3.1.0', webhooks: {} }, /no "paths".*webhooks/);
  fails({ openapi: '3.0.1', paths: [] }, /"paths" must be an object/);
  fails({ openapi: '3.0.1', paths: { '/x': { get: 'nope' } } }, /GET \/x must be an object/);
  fails(
    { openapi: '3.0.1', paths: { '/x': { get: { parameters: [{ in: 'query' }] } } } },
    /GET \/x parameters\[0\]: a parameter needs "name" and "in"/,
  );
});

test('references: external ones are refused by name, dangling and circular ones are errors', () => {
  assert.throws(
    () => discover(fixture('external-ref.yaml')),
    (e: unknown) =>
      e instanceof DiscoveryError &&
      /GET \/things responses\["200"\].*\$ref "common\.yaml#\/components\/schemas\/ThingPage" points outside this document/.test(
        e.message,
      ),
  );
  fails(
    {
      openapi: '3.0.0',
      paths: { '/x': { get: { parameters: [{ $ref: '#/components/parameters/Nope' }] } } },
      components: { parameters: {} },
    },
    /GET \/x parameters\[0\]: \$ref "#\/components\/parameters\/Nope" does not resolve \(no "Nope"\)/,
  );
  fails(
    {
      openapi: '3.0.0',
      paths: { '/x': { get: { parameters: [{ $ref: '#/components/parameters/A' }] } } },
      components: {
        parameters: { A: { $ref: '#/components/parameters/B' }, B: { $ref: '#/components/parameters/A' } },
      },
    },
    /\$ref "#\/components\/parameters\/A" is circular/,
  );
  // JSON pointer escapes: ~1 is a slash, ~0 a tilde.
  const s = discoverOpenApi({
    openapi: '3.0.0',
    paths: {
      '/a/b': { get: { operationId: 'ab', responses: { 200: { description: 'ok' } } } },
      '/c': { $ref: '#/paths/~1a~1b' },
    },
  });
  assert.deepEqual(Object.keys(s.operations), ['ab', 'ab2']);
  assert.equal(s.operations.ab2.path, '/c');
});

test('YAML and JSON syntax errors name the file and line', () => {
  assert.throws(
    () => parseDocumentText('openapi: 3.0.0\npaths:\n  /x: [unclosed\n', 'bad.yaml'),
    /bad\.yaml:\d+:\d+: not valid JSON or YAML/,
  );
  assert.throws(
    () => parseDocumentText('{ "openapi": "3.0.0", "paths": { ', 'bad.json'),
    /bad\.json:\d+:\d+: not valid JSON or YAML/,
  );
  assert.deepEqual(parseDocumentText('{"openapi":"3.1.0"}', 'ok.json'), { openapi: '3.1.0' });
});
