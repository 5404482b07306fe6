// The mapping file of a provisioning job (YAML): where users come from, which SCIM endpoint receives them, and
// Entra's attribute mappings, scoping filters, target object actions and accidental-deletion threshold.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../config/schema-helpers.ts';

/** Entra's scoping filter operators, spelled as its portal shows them. */
export const SCOPING_OPERATORS = [
  'EQUALS',
  'NOT EQUALS',
  'IS TRUE',
  'IS FALSE',
  'IS NULL',
  'IS NOT NULL',
  'REGEX MATCH',
  'NOT REGEX MATCH',
  'Includes',
  'ENDS_WITH',
  'Greater_Than',
  'Greater_Than_OR_EQUALS',
  '&',
  '!&',
] as const;

/** One scoping operator. */
export type ScopingOperator = (typeof SCOPING_OPERATORS)[number];

/** Operators that take no value (the attribute alone decides). */
export const UNARY_OPERATORS: ReadonlySet<ScopingOperator> = new Set(['IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL']);

const TlsSchema = Type.Object(
  {
    ca: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'PEM file of the CA (or self-signed certificate) to trust, relative to the mapping file.',
      }),
    ),
    insecure: Type.Boolean({ default: false, description: 'Accept any certificate (tests and demos only).' }),
  },
  { additionalProperties: false, default: {}, description: 'TLS settings for an https target.' },
);

const TargetSchema = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      description:
        'SCIM base URL, e.g. https://localhost:8585/ecma2host_APP1/scim (a Ferry connector) or any SCIM 2.0 endpoint.',
    }),
    token: Type.String({ minLength: 1, description: 'Bearer token, usually "${env:NAME}" or "${file:PATH}".' }),
    objectType: Type.String({ minLength: 1, default: 'User', description: 'SCIM resource type provisioned (User).' }),
    endpoint: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Resource endpoint relative to url (default: the object type plus "s", e.g. /Users).',
      }),
    ),
    timeoutSeconds: Type.Number({
      exclusiveMinimum: 0,
      default: 30,
      description: 'Time limit of one SCIM request (a Bulk request gets it once for each of its operations).',
    }),
    concurrency: Type.Integer({
      minimum: 1,
      maximum: 64,
      default: 4,
      description: 'Users processed at the same time during a cycle.',
    }),
    batchSize: Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 50,
      description:
        'Users whose requests a cycle sends together, when the target supports it (its ServiceProviderConfig): matching as one "or" filter, creates, updates and deletes as one SCIM Bulk request; each of the concurrency lanes holds this many users. 1 sends one request per operation, as Entra does.',
    }),
    tls: TlsSchema,
  },
  { additionalProperties: false, description: 'The SCIM endpoint that receives the users.' },
);

const SourceSchema = Type.Object(
  {
    kind: StringEnum(['csv', 'json'] as const, {
      description: 'csv: a CSV file with a header row (RFC 4180); json: an array of objects (or {"value": [...]}).',
    }),
    file: Type.String({ minLength: 1, description: 'The file, relative to the mapping file.' }),
    id: Type.String({
      minLength: 1,
      description: 'The column or key that identifies a user (unique, never empty), e.g. userPrincipalName.',
    }),
    delimiter: Type.String({ minLength: 1, maxLength: 1, default: ',', description: 'CSV field separator.' }),
    softDeletedAttribute: Type.String({
      minLength: 1,
      default: 'IsSoftDeleted',
      description: 'A user whose attribute is true is soft-deleted: disabled in the target.',
    }),
    accountEnabledAttribute: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'A user whose attribute is false is disabled in the target (e.g. accountEnabled).',
      }),
    ),
  },
  { additionalProperties: false, description: 'Where the users come from.' },
);

const MappingSchema = Type.Object(
  {
    type: StringEnum(['direct', 'constant', 'expression'] as const, {
      description: 'Mapping type: direct (a source attribute), constant, or expression.',
    }),
    source: Type.Optional(Type.String({ minLength: 1, description: 'Source attribute (type direct).' })),
    value: Type.Optional(Type.String({ description: 'Constant value (type constant).' })),
    expression: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 10000,
        description: 'Expression (type expression), e.g. ToUpper(Word([userPrincipalName], 1, "@"), ).',
      }),
    ),
    target: Type.String({
      minLength: 1,
      description:
        'Target attribute: an ECMA extension name (urn:…:ECMA2Host:2.0:User:city) or a SCIM path (emails[type eq "work"].value).',
    }),
    default: Type.Optional(
      Type.String({ description: 'Default value if null: sent when the value is null, on creation only.' }),
    ),
    matchingPrecedence: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Match objects using this attribute; matching attributes are tried in increasing precedence.',
      }),
    ),
    apply: StringEnum(['always', 'onCreate'] as const, {
      default: 'always',
      description: 'Apply this mapping: always, or only during object creation.',
    }),
    flowNullValues: Type.Boolean({
      default: false,
      description: 'A null source value clears the target attribute on update (Entra\'s "Flow null values").',
    }),
  },
  { additionalProperties: false, description: 'One attribute mapping.' },
);

const ClauseSchema = Type.Object(
  {
    attribute: Type.String({ minLength: 1, description: 'Source attribute evaluated.' }),
    operator: StringEnum(SCOPING_OPERATORS, { description: 'Entra scoping operator.' }),
    value: Type.Optional(
      Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
        description: 'The value compared with (not for IS TRUE, IS FALSE, IS NULL, IS NOT NULL).',
      }),
    ),
  },
  { additionalProperties: false, description: 'One clause: clauses of a filter are AND-ed.' },
);

const ScopingFilterSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, description: 'Scoping filter title.' }),
    clauses: Type.Array(ClauseSchema, { minItems: 1, description: 'Clauses, all of which must be true.' }),
  },
  { additionalProperties: false, description: 'A scoping filter: filters are OR-ed.' },
);

const ActionsSchema = Type.Object(
  {
    create: Type.Boolean({ default: true, description: 'Create users that have no match in the target.' }),
    update: Type.Boolean({ default: true, description: 'Update matched users (this includes disabling them).' }),
    delete: Type.Boolean({ default: true, description: 'Delete users gone from the source.' }),
  },
  { additionalProperties: false, default: {}, description: 'Target object actions.' },
);

const DeletionsSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Prevent accidental deletions.' }),
    threshold: Type.Integer({
      minimum: 1,
      default: 500,
      description: 'A cycle that would disable or delete more users than this stops before acting.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'Accidental deletions prevention.' },
);

const EscrowSchema = Type.Object(
  {
    initialDelaySeconds: Type.Number({
      minimum: 0,
      default: 300,
      description: 'Wait before the first retry of a failed user.',
    }),
    maxDelaySeconds: Type.Number({
      minimum: 0,
      default: 86400,
      description: 'Longest wait between retries (the wait doubles after each failure).',
    }),
  },
  { additionalProperties: false, default: {}, description: "Retries of failed users (Entra's escrow)." },
);

/** The mapping file. */
export const MappingFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    target: TargetSchema,
    source: SourceSchema,
    mappings: Type.Array(MappingSchema, { minItems: 1, description: 'Attribute mappings.' }),
    scoping: Type.Array(ScopingFilterSchema, {
      default: [],
      description: 'Scoping filters (none: every user is in scope).',
    }),
    actions: ActionsSchema,
    skipOutOfScopeDeletions: Type.Boolean({
      default: false,
      description: 'Leave users that go out of scope as they are instead of disabling them.',
    }),
    accidentalDeletions: DeletionsSchema,
    escrow: EscrowSchema,
    state: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'State folder (SQLite file), relative to the mapping file; default .ferry-state/<file name>.',
      }),
    ),
  },
  { additionalProperties: false, description: 'A Ferry provisioning job: source, target, mappings.' },
);

/** A mapping file as validated (defaults applied, secrets resolved, paths absolute). */
export type MappingFile = Static<typeof MappingFileSchema>;
/** One attribute mapping as written. */
export type MappingConfig = Static<typeof MappingSchema>;
/** One scoping filter as written. */
export type ScopingFilterConfig = Static<typeof ScopingFilterSchema>;
/** One scoping clause as written. */
export type ScopingClauseConfig = Static<typeof ClauseSchema>;
/** The source section. */
export type SourceConfig = Static<typeof SourceSchema>;
