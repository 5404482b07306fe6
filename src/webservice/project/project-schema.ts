// The web service project file (the open replacement of the .wsconfig ZIP): services with their discovery,
// the schema of the application's objects, the operation flows, and the parameters the project needs.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../config/schema-helpers.ts';
import { ActivityListSchema } from './activity-schema.ts';
import { HttpServiceSchema } from './http-settings.ts';
import { SoapOperationSchema, SoapServiceSettingsSchema } from '../../soap/soap-schema.ts';

const AttributeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Attribute name (as exposed to the host).' }),
    type: StringEnum(['string', 'integer', 'boolean', 'dateTime', 'reference', 'binary'] as const, {
      default: 'string',
      description: 'Attribute type.',
    }),
    multiValued: Type.Boolean({ default: false, description: 'Holds a list of values.' }),
    required: Type.Boolean({ default: false, description: 'Must be present on create.' }),
    readOnly: Type.Boolean({
      default: false,
      description: 'Imported but never exported (e.g. an id the application assigns).',
    }),
    writeOnly: Type.Boolean({
      default: false,
      description: 'Exported but never imported or stored (e.g. export_password).',
    }),
    unique: Type.Boolean({ default: false, description: 'The application refuses duplicates.' }),
    caseExact: Type.Boolean({ default: false, description: 'Values compare case-sensitively.' }),
    referenceTo: Type.Optional(
      Type.String({ minLength: 1, description: 'For references: the object type referenced.' }),
    ),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ObjectTypeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Object type (User, Group, …).' }),
    anchor: Type.String({ minLength: 1, description: 'The attribute that identifies an object for its whole life.' }),
    attributes: Type.Array(AttributeSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const ParameterSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'Parameter name, used as params.NAME in flows.',
    }),
    type: StringEnum(['string', 'secret', 'number', 'boolean'] as const, {
      default: 'string',
      description: 'secret: never printed or logged.',
    }),
    required: Type.Boolean({ default: false }),
    default: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const OperationParameterSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    in: StringEnum(['path', 'query', 'header', 'body'] as const),
    required: Type.Boolean({ default: false }),
    type: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** One discovered REST operation. */
export const OperationSchema = Type.Object(
  {
    method: StringEnum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const),
    path: Type.String({ pattern: '^/', description: 'Path relative to the base URL, with {name} path parameters.' }),
    summary: Type.Optional(Type.String()),
    parameters: Type.Array(OperationParameterSchema, { default: [] }),
    requestBody: Type.Optional(
      Type.Object(
        { contentType: Type.String(), schema: Type.Optional(Type.Unknown()), example: Type.Optional(Type.Unknown()) },
        { additionalProperties: false },
      ),
    ),
    responses: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            description: Type.Optional(Type.String()),
            schema: Type.Optional(Type.Unknown()),
            example: Type.Optional(Type.Unknown()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    soap: Type.Optional(SoapOperationSchema),
  },
  { additionalProperties: false },
);

const ServiceSchema = Type.Object(
  {
    kind: StringEnum(['rest', 'soap'] as const, {
      default: 'rest',
      description: 'rest or soap (operations then carry their SOAP details, and calls take args).',
    }),
    http: HttpServiceSchema,
    soap: Type.Optional(SoapServiceSettingsSchema),
    discovery: Type.Object(
      {
        source: Type.Optional(
          Type.String({
            description: 'Where the operations were discovered from (an OpenAPI file or URL), for rediscovery.',
          }),
        ),
        discoveredAt: Type.Optional(Type.String()),
        operations: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' }), OperationSchema, {
          default: {},
          description: 'operationId → operation.',
        }),
      },
      { additionalProperties: false, default: { operations: {} } },
    ),
  },
  { additionalProperties: false },
);

function projectSchema<L extends TSchema>(list: L) {
  const FlowsOfTypeSchema = Type.Object(
    {
      fullImport: Type.Optional(list),
      deltaImport: Type.Optional(list),
      get: Type.Optional(list),
      lookup: Type.Optional(list),
      add: Type.Optional(list),
      replace: Type.Optional(list),
      update: Type.Optional(list),
      delete: Type.Optional(list),
      setPassword: Type.Optional(list),
    },
    { additionalProperties: false, description: 'Operation flows of one object type.' },
  );

  return Type.Object(
    {
      name: Type.String({ minLength: 1 }),
      description: Type.Optional(Type.String()),
      version: Type.Integer({ minimum: 1, default: 1 }),
      parameters: Type.Array(ParameterSchema, {
        default: [],
        description: 'Global parameters the project needs; the connector configuration supplies them.',
      }),
      services: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' }), ServiceSchema, { minProperties: 1 }),
      schema: Type.Object(
        { objectTypes: Type.Array(ObjectTypeSchema, { minItems: 1 }) },
        { additionalProperties: false },
      ),
      flows: Type.Object(
        {
          testConnection: Type.Optional(list),
          subflows: Type.Optional(
            Type.Record(
              Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
              Type.Object(
                {
                  description: Type.Optional(Type.String()),
                  parameters: Type.Optional(
                    Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), {
                      uniqueItems: true,
                      description: 'The variables a run gives it (with:); it also sees params, and nothing else.',
                    }),
                  ),
                  do: list,
                  result: Type.Optional(
                    Type.Unknown({
                      description: "Template of the sub-flow's result, evaluated after do (a run's as receives it).",
                    }),
                  ),
                },
                { additionalProperties: false },
              ),
              {
                description:
                  'Named sub-flows any flow can run (run: NAME): shared steps with parameters and a result. They may call, assign, branch, loop, throw and log; emit and result stay in the flows.',
              },
            ),
          ),
          objectTypes: Type.Record(Type.String(), FlowsOfTypeSchema, { default: {} }),
        },
        { additionalProperties: false },
      ),
    },
    // x-… keys hold shared YAML anchors (&name) that flows reuse (*name); the loader ignores them.
    { additionalProperties: false, patternProperties: { '^x-': {} }, $id: 'FerryProject' },
  );
}

/** The whole project file (editor help, types). */
export const ProjectSchema = projectSchema(ActivityListSchema);
/** The project file as loaded: activity lists are checked one activity at a time afterwards (precise errors). */
export const ProjectLoadSchema = projectSchema(Type.Array(Type.Unknown()));

/** A web service project. */
export type Project = Static<typeof ProjectSchema>;
/** One discovered operation. */
export type Operation = Static<typeof OperationSchema>;
/** The flows of one object type. */
export type TypeFlows = Project['flows']['objectTypes'][string];
/** The names of the flows of an object type. */
export type FlowName = keyof TypeFlows;
