// The OpenAPI 3.0 description of the whole API: served as /openapi.json and written to openapi.yaml by
// write-openapi.ts, both from this one object (a test checks the two agree, and that every route is described).
import { CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT } from './changes.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './paging.ts';
import {
  EMAIL_KINDS,
  MAX_DESCRIPTION,
  MAX_ITEMS,
  MAX_LOGIN,
  MAX_PASSWORD,
  MAX_TEXT,
  MIN_PASSWORD,
  PHONE_KINDS,
} from './validate.ts';

/** A JSON value (the document is plain data). */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const ok = (description: string, schema: Json): Json => ({ description, content: json(schema) });
const err = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
const body = (schema: Json, description?: string): Json => ({
  required: true,
  content: json(schema),
  ...(description ? { description } : {}),
});
const text = (description: string): Json => ({ type: 'string', nullable: true, maxLength: MAX_TEXT, description });
// Errors every authenticated endpoint can answer.
const common = { '401': err('Unauthorized'), '429': err('RateLimited'), '500': err('ServerError') };
const withBody = { '400': err('BadRequest'), '413': err('PayloadTooLarge'), '415': err('UnsupportedMediaType') };

const accountFields: Record<string, Json> = {
  login: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_LOGIN,
    description: "Sign-in name: letters, digits and . _ @ + ' - ; unique ignoring case.",
    example: 'jdoe',
  },
  first_name: text('Given name.'),
  last_name: text('Family name.'),
  display_name: text('Name shown in the app.'),
  department: text('Department.'),
  job_title: text('Job title.'),
  employee_no: text('Personnel number.'),
  city: text('Office city.'),
  company: text('Company.'),
  expires_on: { type: 'string', format: 'date', nullable: true, description: 'Last day the account may be used.' },
  manager_id: {
    type: 'string',
    nullable: true,
    pattern: '^acc_[0-9]{6,}$',
    description: 'Id of the account of the manager (must exist; not the account itself or one of its reports).',
  },
  emails: {
    type: 'array',
    maxItems: MAX_ITEMS,
    items: ref('Email'),
    description: 'E-mail addresses; a write replaces the whole list.',
  },
  phones: {
    type: 'array',
    maxItems: MAX_ITEMS,
    items: ref('Phone'),
    description: 'Phone numbers; a write replaces the whole list.',
  },
};

const accountReadOnly: Record<string, Json> = {
  id: {
    type: 'string',
    readOnly: true,
    pattern: '^acc_[0-9]{6,}$',
    description: 'Assigned by the app; stable, never reused.',
    example: 'acc_000123',
  },
  status: {
    type: 'string',
    enum: ['active', 'suspended'],
    readOnly: true,
    description: 'Changed only with POST /api/v1/accounts/{id}/activation.',
  },
  created_at: { type: 'string', format: 'date-time', readOnly: true },
  updated_at: { type: 'string', format: 'date-time', readOnly: true },
  version: { type: 'integer', minimum: 1, readOnly: true, description: 'Incremented on each change of the account.' },
};

const teamReadOnly: Record<string, Json> = {
  id: { type: 'string', readOnly: true, pattern: '^team_[0-9]{6,}$', example: 'team_000001' },
  member_count: { type: 'integer', minimum: 0, readOnly: true },
  created_at: { type: 'string', format: 'date-time', readOnly: true },
  updated_at: { type: 'string', format: 'date-time', readOnly: true },
  version: {
    type: 'integer',
    minimum: 1,
    readOnly: true,
    description: 'Incremented on each change of name or description (not of members).',
  },
};
const teamFields: Record<string, Json> = {
  name: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_LOGIN,
    description: 'Unique ignoring case.',
    example: 'Sales EMEA',
  },
  description: { type: 'string', nullable: true, maxLength: MAX_DESCRIPTION },
};

const page = (item: string): Json => ({
  type: 'object',
  required: ['data', 'paging'],
  properties: { data: { type: 'array', items: ref(item) }, paging: ref('Paging') },
});

/** The OpenAPI document. */
export const openApiDocument: { [k: string]: Json } = {
  openapi: '3.0.3',
  info: {
    title: 'Acme HR Accounts API',
    version: '1.0.0',
    description:
      'The accounts and teams of Acme HR (a demo line-of-business application for Ferry). Every /api request needs the ' +
      'X-Api-Key header. Lists are cursor paged: pass paging.next_cursor back as cursor until it is null.',
  },
  // Relative: the API is at the same origin as this document.
  servers: [{ url: '/' }],
  security: [{ ApiKey: [] }],
  tags: [
    { name: 'accounts', description: 'People who sign in to Acme HR.' },
    { name: 'teams', description: 'Groups of accounts.' },
    { name: 'changes', description: 'The feed of changes, for incremental synchronisation.' },
    { name: 'service', description: 'Health.' },
  ],
  paths: {
    '/api/v1/accounts': {
      get: {
        tags: ['accounts'],
        operationId: 'listAccounts',
        summary: 'List accounts in id order, one page at a time',
        parameters: [
          param('Limit'),
          param('Cursor'),
          {
            name: 'login',
            in: 'query',
            schema: { type: 'string' },
            description: 'Only the account with this login (any case).',
          },
          {
            name: 'updated_since',
            in: 'query',
            schema: { type: 'string', format: 'date-time' },
            description: 'Only accounts updated at or after this time.',
          },
        ],
        responses: { '200': ok('A page of accounts', ref('AccountPage')), '400': err('BadRequest'), ...common },
      },
      post: {
        tags: ['accounts'],
        operationId: 'createAccount',
        summary: 'Create an account',
        requestBody: body(ref('AccountCreate')),
        responses: {
          '201': {
            description: 'Created',
            headers: { Location: { description: 'Path of the new account', schema: { type: 'string' } } },
            content: json(ref('Account')),
          },
          ...withBody,
          '409': err('Conflict'),
          '422': err('PasswordPolicy'),
          ...common,
        },
      },
    },
    '/api/v1/accounts/{id}': {
      parameters: [param('AccountId')],
      get: {
        tags: ['accounts'],
        operationId: 'getAccount',
        summary: 'Read an account',
        responses: { '200': ok('The account', ref('Account')), '404': err('NotFound'), ...common },
      },
      put: {
        tags: ['accounts'],
        operationId: 'replaceAccount',
        summary: 'Replace all writable fields (absent ones are cleared)',
        requestBody: body(ref('AccountReplace')),
        responses: {
          '200': ok('The account', ref('Account')),
          ...withBody,
          '404': err('NotFound'),
          '409': err('Conflict'),
          ...common,
        },
      },
      patch: {
        tags: ['accounts'],
        operationId: 'updateAccount',
        summary: 'Change some fields (JSON merge patch: present fields replace, arrays whole, null clears)',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('AccountPatch') },
            'application/merge-patch+json': { schema: ref('AccountPatch') },
          },
        },
        responses: {
          '200': ok('The account', ref('Account')),
          ...withBody,
          '404': err('NotFound'),
          '409': err('Conflict'),
          ...common,
        },
      },
      delete: {
        tags: ['accounts'],
        operationId: 'deleteAccount',
        summary: "Delete an account (its reports' manager_id becomes null, its memberships end)",
        responses: { '204': { description: 'Deleted' }, '404': err('NotFound'), ...common },
      },
    },
    '/api/v1/accounts/{id}/activation': {
      parameters: [param('AccountId')],
      post: {
        tags: ['accounts'],
        operationId: 'setAccountActivation',
        summary: 'Activate (status active) or suspend (status suspended) an account',
        requestBody: body(ref('Activation')),
        responses: { '200': ok('The account', ref('Account')), ...withBody, '404': err('NotFound'), ...common },
      },
    },
    '/api/v1/accounts/{id}/password': {
      parameters: [param('AccountId')],
      put: {
        tags: ['accounts'],
        operationId: 'setAccountPassword',
        summary: 'Set the password (kept only as a hash, never returned)',
        requestBody: body(ref('Password')),
        responses: {
          '204': { description: 'Set' },
          ...withBody,
          '404': err('NotFound'),
          '422': err('PasswordPolicy'),
          ...common,
        },
      },
    },
    '/api/v1/accounts/{id}/password/verify': {
      parameters: [param('AccountId')],
      post: {
        tags: ['accounts'],
        operationId: 'verifyAccountPassword',
        summary: 'Check a password against the stored hash',
        requestBody: body(ref('PasswordCheck')),
        responses: {
          '200': ok('Whether it matches', ref('PasswordCheckResult')),
          ...withBody,
          '404': err('NotFound'),
          ...common,
        },
      },
    },
    '/api/v1/teams': {
      get: {
        tags: ['teams'],
        operationId: 'listTeams',
        summary: 'List teams in id order, one page at a time',
        parameters: [
          param('Limit'),
          param('Cursor'),
          {
            name: 'name',
            in: 'query',
            schema: { type: 'string' },
            description: 'Only the team with this name (any case).',
          },
        ],
        responses: { '200': ok('A page of teams', ref('TeamPage')), '400': err('BadRequest'), ...common },
      },
      post: {
        tags: ['teams'],
        operationId: 'createTeam',
        summary: 'Create a team',
        requestBody: body(ref('TeamCreate')),
        responses: {
          '201': {
            description: 'Created',
            headers: { Location: { description: 'Path of the new team', schema: { type: 'string' } } },
            content: json(ref('Team')),
          },
          ...withBody,
          '409': err('Conflict'),
          ...common,
        },
      },
    },
    '/api/v1/teams/{id}': {
      parameters: [param('TeamId')],
      get: {
        tags: ['teams'],
        operationId: 'getTeam',
        summary: 'Read a team',
        responses: { '200': ok('The team', ref('Team')), '404': err('NotFound'), ...common },
      },
      patch: {
        tags: ['teams'],
        operationId: 'updateTeam',
        summary: 'Change name and/or description',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('TeamPatch') },
            'application/merge-patch+json': { schema: ref('TeamPatch') },
          },
        },
        responses: {
          '200': ok('The team', ref('Team')),
          ...withBody,
          '404': err('NotFound'),
          '409': err('Conflict'),
          ...common,
        },
      },
      delete: {
        tags: ['teams'],
        operationId: 'deleteTeam',
        summary: 'Delete a team and its memberships',
        responses: { '204': { description: 'Deleted' }, '404': err('NotFound'), ...common },
      },
    },
    '/api/v1/teams/{id}/members': {
      parameters: [param('TeamId')],
      get: {
        tags: ['teams'],
        operationId: 'listTeamMembers',
        summary: 'List the members of a team in account id order, one page at a time',
        parameters: [param('Limit'), param('Cursor')],
        responses: {
          '200': ok('A page of members', ref('MemberPage')),
          '400': err('BadRequest'),
          '404': err('NotFound'),
          ...common,
        },
      },
      post: {
        tags: ['teams'],
        operationId: 'addTeamMember',
        summary: 'Add an account to a team (idempotent)',
        requestBody: body(ref('MemberAdd')),
        responses: {
          '201': ok('Added', ref('Member')),
          '200': ok('Already a member; nothing changed', ref('Member')),
          ...withBody,
          '404': err('NotFound'),
          ...common,
        },
      },
    },
    '/api/v1/teams/{id}/members/{account_id}': {
      parameters: [
        param('TeamId'),
        {
          name: 'account_id',
          in: 'path',
          required: true,
          schema: { type: 'string' },
          description: 'Id of the member account.',
        },
      ],
      delete: {
        tags: ['teams'],
        operationId: 'removeTeamMember',
        summary: 'Remove an account from a team (idempotent: 204 also when it was not a member)',
        responses: { '204': { description: 'Not a member (any more)' }, '404': err('NotFound'), ...common },
      },
    },
    '/api/v1/changes': {
      get: {
        tags: ['changes'],
        operationId: 'listChanges',
        summary: 'Changes after a sequence number, oldest first',
        parameters: [
          {
            name: 'since',
            in: 'query',
            schema: { type: 'integer', minimum: 0, default: 0 },
            description: 'Return changes with seq greater than this (the next_since of the previous call).',
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: CHANGES_MAX_LIMIT, default: CHANGES_DEFAULT_LIMIT },
          },
        ],
        responses: { '200': ok('Changes', ref('ChangePage')), '400': err('BadRequest'), ...common },
      },
    },
    '/api/v1/changes/latest': {
      get: {
        tags: ['changes'],
        operationId: 'getLatestChange',
        summary: 'The newest sequence number (take it before a full import, then read changes since it)',
        responses: { '200': ok('The newest sequence number', ref('LatestChange')), ...common },
      },
    },
    '/health': {
      get: {
        tags: ['service'],
        operationId: 'getHealth',
        summary: 'Liveness (no API key needed)',
        security: [],
        responses: {
          '200': ok('Up', {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string', enum: ['ok'] } },
          }),
        },
      },
    },
  },
  components: {
    securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
    parameters: {
      Limit: {
        name: 'limit',
        in: 'query',
        schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        description: 'Items per page.',
      },
      Cursor: {
        name: 'cursor',
        in: 'query',
        schema: { type: 'string' },
        description: 'Opaque; the paging.next_cursor of the previous page. Absent for the first page.',
      },
      AccountId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', pattern: '^acc_[0-9]{6,}$' },
        description: 'Account id.',
      },
      TeamId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', pattern: '^team_[0-9]{6,}$' },
        description: 'Team id.',
      },
    },
    schemas: {
      Email: {
        type: 'object',
        required: ['kind', 'address'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: [...EMAIL_KINDS] },
          address: { type: 'string', format: 'email', maxLength: 254 },
        },
      },
      Phone: {
        type: 'object',
        required: ['kind', 'number'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: [...PHONE_KINDS] },
          number: { type: 'string', maxLength: 32, example: '+1 555 0100' },
        },
      },
      Account: {
        type: 'object',
        required: [
          'id',
          'login',
          ...Object.keys(accountFields).filter((k) => k !== 'login'),
          'status',
          'created_at',
          'updated_at',
          'version',
        ],
        properties: {
          id: accountReadOnly.id,
          ...accountFields,
          ...Object.fromEntries(Object.entries(accountReadOnly).filter(([k]) => k !== 'id')),
        },
      },
      AccountCreate: {
        type: 'object',
        required: ['login'],
        additionalProperties: false,
        properties: {
          ...accountFields,
          password: {
            type: 'string',
            writeOnly: true,
            minLength: MIN_PASSWORD,
            maxLength: MAX_PASSWORD,
            description: `Initial password (at least ${MIN_PASSWORD} characters, else 422).`,
          },
        },
      },
      AccountReplace: { type: 'object', required: ['login'], additionalProperties: false, properties: accountFields },
      AccountPatch: { type: 'object', additionalProperties: false, properties: accountFields },
      Activation: {
        type: 'object',
        required: ['active'],
        additionalProperties: false,
        properties: { active: { type: 'boolean', description: 'true: status active; false: status suspended.' } },
      },
      Password: {
        type: 'object',
        required: ['password'],
        additionalProperties: false,
        properties: { password: { type: 'string', writeOnly: true, minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD } },
      },
      PasswordCheck: {
        type: 'object',
        required: ['password'],
        properties: { password: { type: 'string', writeOnly: true } },
      },
      PasswordCheckResult: { type: 'object', required: ['valid'], properties: { valid: { type: 'boolean' } } },
      Team: {
        type: 'object',
        required: ['id', 'name', 'description', 'member_count', 'created_at', 'updated_at', 'version'],
        properties: {
          id: teamReadOnly.id,
          ...teamFields,
          ...Object.fromEntries(Object.entries(teamReadOnly).filter(([k]) => k !== 'id')),
        },
      },
      TeamCreate: { type: 'object', required: ['name'], additionalProperties: false, properties: teamFields },
      TeamPatch: { type: 'object', additionalProperties: false, properties: teamFields },
      Member: {
        type: 'object',
        required: ['account_id', 'login'],
        properties: { account_id: { type: 'string', pattern: '^acc_[0-9]{6,}$' }, login: { type: 'string' } },
      },
      MemberAdd: {
        type: 'object',
        required: ['account_id'],
        additionalProperties: false,
        properties: { account_id: { type: 'string', pattern: '^acc_[0-9]{6,}$' } },
      },
      Paging: {
        type: 'object',
        required: ['next_cursor'],
        properties: {
          next_cursor: {
            type: 'string',
            nullable: true,
            description: 'Pass as cursor for the next page; null on the last page.',
          },
        },
      },
      AccountPage: page('Account'),
      TeamPage: page('Team'),
      MemberPage: page('Member'),
      Change: {
        type: 'object',
        required: ['seq', 'type', 'id', 'op', 'at'],
        properties: {
          seq: { type: 'integer', minimum: 1 },
          type: { type: 'string', enum: ['account', 'team', 'membership'] },
          id: { type: 'string', description: 'The account or team id (for a membership: the team).' },
          op: {
            type: 'string',
            enum: ['upsert', 'delete'],
            description: 'upsert: created or changed (membership: added); delete: deleted (membership: removed).',
          },
          account_id: { type: 'string', description: 'Memberships only: the member account.' },
          at: { type: 'string', format: 'date-time' },
        },
      },
      ChangePage: {
        type: 'object',
        required: ['data', 'next_since'],
        properties: {
          data: { type: 'array', items: ref('Change') },
          next_since: {
            type: 'integer',
            minimum: 0,
            description: 'The since of the next call (unchanged when there was nothing new).',
          },
        },
      },
      LatestChange: { type: 'object', required: ['seq'], properties: { seq: { type: 'integer', minimum: 0 } } },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: {
                type: 'string',
                description: 'Stable machine-readable code, e.g. duplicate_login.',
                example: 'duplicate_login',
              },
              message: { type: 'string' },
              field: { type: 'string', description: 'The field or parameter at fault, when there is one.' },
            },
          },
        },
      },
    },
    responses: {
      BadRequest: ok('Invalid request (validation, malformed JSON, bad parameter)', ref('Error')),
      Unauthorized: ok('Missing or wrong X-Api-Key', ref('Error')),
      NotFound: ok('No such object', ref('Error')),
      Conflict: ok('Login or team name already taken (ignoring case)', ref('Error')),
      PayloadTooLarge: ok('Body over 1 MB', ref('Error')),
      UnsupportedMediaType: ok('Body is not JSON', ref('Error')),
      PasswordPolicy: ok('Password fails the policy', ref('Error')),
      RateLimited: {
        description: 'Too many requests for this API key',
        headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
        content: json(ref('Error')),
      },
      ServerError: ok('Unexpected failure', ref('Error')),
    },
  },
};
