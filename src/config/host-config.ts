// The host configuration (ferry.yaml): one TypeBox schema, the source of both the TypeScript types and the
// JSON Schema that validates the file and gives editors their help.
import { Type, type Static } from '@sinclair/typebox';
import { LoaderDefault, Scalar, StringEnum } from './schema-helpers.ts';

/** Allowed connector names (they appear in URLs: `/ecma2host_{name}/scim`). */
export const CONNECTOR_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** Minimum length of a secret token (connector bearer token, admin token), checked once references are resolved. */
export const MIN_TOKEN_LENGTH = 12;

/** Where the host listens. */
export const ListenSchema = Type.Object(
  {
    host: Type.String({
      minLength: 1,
      default: '0.0.0.0',
      description:
        'Address to bind (0.0.0.0 = every interface; plain HTTP binds 127.0.0.1 unless allowNonLoopbackHttp).',
    }),
    port: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 8585,
      description: "TCP port (8585 is what Entra's provisioning agent expects; 0 = any free port).",
    }),
  },
  { additionalProperties: false, default: {}, description: 'Address and port of the SCIM listener.' },
);

const PemTlsSchema = Type.Object(
  {
    cert: Type.String({
      minLength: 1,
      description: 'PEM certificate file (with its chain), relative to the config file.',
    }),
    key: Type.String({ minLength: 1, description: 'PEM private key file, relative to the config file.' }),
    passphrase: Type.Optional(
      Type.String({ description: 'Passphrase of an encrypted key, e.g. "${env:TLS_KEY_PASS}".' }),
    ),
  },
  { additionalProperties: false, title: '{ cert, key } (PEM files)' },
);

const PfxTlsSchema = Type.Object(
  {
    pfx: Type.String({
      minLength: 1,
      description: 'PKCS#12 (.pfx/.p12) file with certificate and key, relative to the config file.',
    }),
    passphrase: Type.Optional(Type.String({ description: 'Passphrase of the PFX file, e.g. "${env:PFX_PASS}".' })),
  },
  { additionalProperties: false, title: '{ pfx, passphrase } (PKCS#12 file)' },
);

/** The server certificate: a PEM pair or a PFX file; absent = a self-signed certificate generated in dataDir/tls. */
export const TlsSchema = Type.Union([PemTlsSchema, PfxTlsSchema], {
  description:
    'Server certificate: { cert, key } (PEM) or { pfx, passphrase }. Absent: a self-signed certificate is generated in dataDir/tls.',
});

const LogSchema = Type.Object(
  {
    level: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const, {
      default: 'info',
      description: 'Host log level.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'Host (JSON) log settings.' },
);

const ProvisioningLogSchema = Type.Object(
  {
    retentionDays: Type.Integer({
      minimum: 1,
      default: 30,
      description: 'Days the provisioning log keeps its entries.',
    }),
    logReads: Type.Boolean({
      // Off: Entra's own provisioning logs do not record its matching queries, and a record per read cost about
      // a tenth of a read's CPU and a database write per request (docs/performance.md).
      default: false,
      description:
        'Also record SCIM reads (GET, matching queries), not only changes. Off by default: Entra does not log its queries.',
    }),
  },
  { additionalProperties: false, default: {}, description: 'Provisioning log settings.' },
);

/** Where the host keeps its state: SQLite in dataDir (default), or PostgreSQL shared by several hosts. */
const StoreSchema = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('sqlite', { description: 'One SQLite file in dataDir (the default).' }) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('postgres', { description: 'PostgreSQL: several hosts serve the same connectors at once.' }),
        url: Type.String({
          minLength: 1,
          description:
            'Connection URL, postgres://user:password@host:port/database; a secret, usually "${env:FERRY_DATABASE_URL}".',
        }),
        schema: Type.Optional(
          Type.String({
            pattern: '^[a-z_][a-z0-9_]{0,62}$',
            description: "Schema holding Ferry's tables, created and migrated on start (default ferry).",
          }),
        ),
        poolSize: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 200,
            description: 'Connections per host for statements (default 10; per-object locks use a pool of their own).',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Where the host keeps connector spaces, the provisioning log and import state; absent: SQLite.' },
);

/** The `host` section. */
export const HostSectionSchema = Type.Object(
  {
    listen: ListenSchema,
    tls: Type.Optional(TlsSchema),
    http: Type.Boolean({
      default: false,
      description:
        'Serve plain HTTP instead of HTTPS (explicit choice only; binds 127.0.0.1 unless allowNonLoopbackHttp).',
    }),
    allowNonLoopbackHttp: Type.Boolean({
      default: false,
      description: 'Let plain HTTP listen on a non-loopback address (not recommended).',
    }),
    dataDir: Type.String({
      minLength: 1,
      default: './data',
      description: 'Data folder (connector spaces, generated certificate, logs), relative to the config file.',
    }),
    hostName: LoaderDefault(
      Type.String({
        minLength: 1,
        description:
          "Host name put in the generated certificate's subject alternative names (default: this machine's host name).",
      }),
    ),
    bodyLimitBytes: Type.Integer({
      minimum: 1024,
      default: 1048576,
      description: 'Largest accepted request body in bytes (larger: 413).',
    }),
    adminToken: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Bearer token of the /admin API (at least 12 characters once resolved), usually "${env:FERRY_ADMIN_TOKEN}"; absent = no admin API.',
      }),
    ),
    adminReadOnlyToken: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'A second admin token that may look but not change (console and /admin GET routes; at least 12 characters once resolved), usually "${env:FERRY_READONLY_TOKEN}".',
      }),
    ),
    metricsToken: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Bearer token that /metrics asks for (at least 12 characters once resolved), usually "${env:FERRY_METRICS_TOKEN}"; absent = /metrics is open.',
      }),
    ),
    log: LogSchema,
    provisioningLog: ProvisioningLogSchema,
    store: Type.Optional(StoreSchema),
  },
  { additionalProperties: false, default: {}, description: 'Settings of the host itself.' },
);

const ConnectivitySchema = Type.Object(
  {
    project: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Web service project file or folder, relative to the config file (required for kind web-services).',
      }),
    ),
    baseUrl: Type.Optional(
      Type.String({ minLength: 1, description: "Base URL (http or https) that overrides the project's." }),
    ),
    host: Type.Optional(Type.String({ minLength: 1, description: "Host that overrides the project's." })),
    port: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 65535, description: "Port that overrides the project's." }),
    ),
  },
  { additionalProperties: false, default: {}, description: 'Which web service project, and overrides of its address.' },
);

const CapabilitiesSchema = Type.Object(
  {
    exportType: StringEnum(['ObjectReplace', 'AttributeUpdate'] as const, {
      default: 'ObjectReplace',
      description:
        'ObjectReplace: the replace flow receives every selected attribute; AttributeUpdate: only the changes.',
    }),
    objectConfirmation: StringEnum(['reread', 'trust'] as const, {
      default: 'reread',
      description: 'After an export, read the object back (reread) or trust what was exported.',
    }),
    import: Type.Boolean({ default: true, description: 'Full import enabled.' }),
    deltaImport: Type.Boolean({ default: false, description: 'Delta import enabled.' }),
    export: Type.Boolean({ default: true, description: 'Export enabled.' }),
    exportPasswordInFirstPass: Type.Boolean({
      default: true,
      description: 'The initial password travels with the create.',
    }),
    objectRename: Type.Boolean({ default: false, description: 'The anchor may change.' }),
    dnStyle: StringEnum(['generic'] as const, { default: 'generic', description: 'DN style (generic only).' }),
  },
  { additionalProperties: false, default: {}, description: 'What the connector does (the ECMA capability set).' },
);

const PartitionSchema = Type.Object(
  { name: Type.String({ minLength: 1, description: 'Partition name.' }) },
  { additionalProperties: false, description: 'A partition of the connector space.' },
);

const RunProfileSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Run profile name.' }),
    type: StringEnum(['export', 'fullImport', 'deltaImport'] as const, { description: 'What the run profile runs.' }),
  },
  { additionalProperties: false, description: 'A run profile.' },
);

const DeprovisioningSchema = Type.Object(
  {
    disable: Type.Object(
      {
        flow: StringEnum(['none', 'delete', 'set'] as const, {
          default: 'none',
          description: 'What PATCH active=false does: nothing, delete the object, or set an attribute.',
        }),
        attribute: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'Boolean attribute that receives `active` (required when flow is set).',
          }),
        ),
        invert: Type.Boolean({
          default: false,
          description: 'Write the opposite of `active` (for attributes such as "disabled" or "locked").',
        }),
      },
      { additionalProperties: false, default: {}, description: 'Disable flow.' },
    ),
    delete: Type.Object(
      {
        flow: StringEnum(['none', 'delete'] as const, {
          default: 'delete',
          description: 'What DELETE does: nothing, or delete the object.',
        }),
      },
      { additionalProperties: false, default: {}, description: 'Delete flow.' },
    ),
  },
  { additionalProperties: false, default: {}, description: 'What disable and delete do in the application.' },
);

/** An extension schema of the connector's own, for attributes the standard schemas lack (a Group description). */
const CustomSchemaSchema = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        pattern: '^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\\s]+$',
        description:
          'Schema URN (default: urn:ietf:params:scim:schemas:extension:{connector}:2.0:{resource}); attributes are written {id}:{name}.',
      }),
    ),
    name: Type.Optional(
      Type.String({ minLength: 1, description: 'Schema name shown in /Schemas (default: {connector}{resource}).' }),
    ),
    attributes: Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_$-]*$' }), Type.String({ minLength: 1 }), {
      minProperties: 1,
      description:
        'SCIM attribute name → connector attribute; listed in /Schemas, usable in filters, PATCH paths and bodies.',
    }),
  },
  {
    additionalProperties: false,
    description: 'A custom extension schema of this object type (SCIM or both exposure).',
  },
);

/** One object type a connector exposes over SCIM. */
export const ObjectTypeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "The connector's object type." }),
    resource: LoaderDefault(
      Type.String({
        pattern: '^[A-Za-z][A-Za-z0-9_]*$',
        description: 'SCIM resource type name (default: name). User → /Users, Group → /Groups, others → /{resource}s.',
      }),
    ),
    anchor: Type.String({ minLength: 1, description: 'The attribute that identifies an object for its whole life.' }),
    dn: LoaderDefault(
      Type.String({ minLength: 1, description: 'DN template (default: CN={anchor},OBJECT={NAME IN CAPITALS}).' }),
    ),
    attributes: Type.Array(Type.String({ minLength: 1 }), {
      uniqueItems: true,
      default: [],
      description: 'Selected attributes (only these are exposed in /Schemas).',
    }),
    index: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description:
          'Attributes the connector space indexes, so that filters on them (matching) never scan. Default: the anchor, unique attributes, and the targets of userName, externalId, displayName and e-mail mappings. Fewer indexed attributes make large imports faster.',
      }),
    ),
    mapping: Type.Record(Type.String(), Type.String({ minLength: 1 }), {
      default: {},
      description:
        'SCIM-style exposure: SCIM path (e.g. name.givenName, emails[type eq "work"].value) → connector attribute.',
    }),
    customSchema: Type.Optional(CustomSchemaSchema),
    deprovisioning: DeprovisioningSchema,
  },
  { additionalProperties: false, description: 'An object type of the connector.' },
);

/** One attribute of a memory (demo) application object type; lines up with the connector contract's ConnectorAttribute. */
export const MemoryAttributeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Attribute name.' }),
    type: StringEnum(['string', 'integer', 'boolean', 'dateTime', 'reference', 'binary'] as const, {
      default: 'string',
      description: 'Attribute type.',
    }),
    multiValued: Type.Boolean({ default: false, description: 'Holds a list of values.' }),
    required: Type.Boolean({ default: false, description: 'Must be present on create.' }),
    readOnly: Type.Boolean({ default: false, description: 'Imported but never exported.' }),
    writeOnly: Type.Boolean({
      default: false,
      description: 'Exported but never imported or stored (e.g. export_password).',
    }),
    unique: Type.Boolean({ default: false, description: 'The application enforces unique values.' }),
    caseExact: Type.Boolean({ default: false, description: 'Values compare case-sensitively.' }),
    referenceTo: Type.Optional(
      Type.String({ minLength: 1, description: 'For references: the object type referenced.' }),
    ),
    description: Type.Optional(Type.String({ description: 'What the attribute holds.' })),
  },
  { additionalProperties: false, description: 'An attribute of the demo application.' },
);

const MemoryObjectTypeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Object type name.' }),
    anchor: Type.String({ minLength: 1, description: 'Anchor attribute.' }),
    generateAnchor: Type.Boolean({ default: false, description: 'The application assigns the anchor on add.' }),
    attributes: Type.Array(MemoryAttributeSchema, {
      minItems: 1,
      description: 'The attributes the application holds.',
    }),
  },
  { additionalProperties: false, description: 'An object type of the demo application.' },
);

/** Options of a connector of kind `memory` (an in-tree demo application). */
export const MemoryConnectorOptionsSchema = Type.Object(
  {
    file: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'JSON file, relative to dataDir, where the demo application keeps its objects (absent: in memory only).',
      }),
    ),
    generate: Type.Optional(
      Type.Object(
        {
          objectType: Type.String({ minLength: 1, description: 'Object type to generate.' }),
          count: Type.Integer({ minimum: 0, description: 'How many synthetic objects.' }),
        },
        { additionalProperties: false, description: 'Synthetic objects created on first start (benchmarks).' },
      ),
    ),
    latencyMs: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'Delay added to every call (simulates a slow application).',
    }),
    objectTypes: Type.Array(MemoryObjectTypeSchema, {
      minItems: 1,
      description: 'The object types of the demo application.',
    }),
  },
  { additionalProperties: false, description: 'Options of kind memory (required when kind is memory).' },
);

/** One connector. */
export const ConnectorSchema = Type.Object(
  {
    name: Type.String({
      pattern: CONNECTOR_NAME_PATTERN,
      description: 'Unique, case-sensitive name: the SCIM URL is /ecma2host_{name}/scim.',
    }),
    kind: StringEnum(['memory', 'web-services'] as const, { description: 'Connector kind.' }),
    secretToken: Type.String({
      minLength: 1,
      description:
        'Bearer token of this connector (at least 12 characters once resolved), usually "${env:NAME}" or "${file:PATH}".',
    }),
    previousSecretTokens: Type.Optional(
      Type.Array(
        Type.Object(
          {
            token: Type.String({ minLength: 1, description: 'The earlier token (a literal or a secret reference).' }),
            validUntil: Type.String({
              format: 'date-time',
              description: 'When the earlier token stops working (ISO 8601).',
            }),
          },
          { additionalProperties: false, description: 'A token still accepted during a rotation.' },
        ),
        {
          description:
            "Earlier bearer tokens still accepted until their validUntil (a token rotation's overlap); written by token rotation.",
        },
      ),
    ),
    autosyncMinutes: Type.Integer({
      minimum: 0,
      default: 120,
      description: 'Minutes between periodic full imports (0 disables the timer).',
    }),
    exposure: StringEnum(['ecma', 'scim', 'both'] as const, {
      default: 'ecma',
      description:
        'ecma: every selected attribute in the ECMA2Host extension; scim: attributes mapped onto the standard schemas; both.',
    }),
    connectivity: ConnectivitySchema,
    capabilities: CapabilitiesSchema,
    parameters: Type.Record(Type.String(), Scalar(), {
      default: {},
      description: 'Global parameters of the project; secrets written "${env:NAME}" or "${file:PATH}".',
    }),
    partitions: Type.Array(PartitionSchema, {
      minItems: 1,
      default: [{ name: 'default' }],
      description: 'Partitions (default: one named default).',
    }),
    runProfiles: Type.Array(RunProfileSchema, {
      minItems: 1,
      default: [
        { name: 'Export', type: 'export' },
        { name: 'Full Import', type: 'fullImport' },
        { name: 'Delta Import', type: 'deltaImport' },
      ],
      description: 'Run profiles (default: Export, Full Import, Delta Import).',
    }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100000, default: 500, description: 'Import page size.' }),
    deletionThreshold: Type.Object(
      {
        count: Type.Integer({
          minimum: 0,
          default: 500,
          description: 'A full import that would remove more objects than this (of one type) removes none.',
        }),
        percent: Type.Number({
          minimum: 0,
          maximum: 100,
          default: 10,
          description: 'Nor one that would remove more than this share of the space (of one type)...',
        }),
        minimum: Type.Integer({
          minimum: 0,
          default: 10,
          description: '...unless it removes at most this many (small spaces are not held for a few removals).',
        }),
      },
      {
        additionalProperties: false,
        default: {},
        description:
          'Accidental-deletion protection: a full import over the threshold keeps every object and waits for an operator (ferry import NAME --allow-deletes).',
      },
    ),
    objectTypes: Type.Array(ObjectTypeSchema, {
      minItems: 1,
      description: 'The object types exposed over SCIM (at least one).',
    }),
    memory: Type.Optional(MemoryConnectorOptionsSchema),
  },
  { additionalProperties: false, description: 'A connector: one SCIM service onto one application.' },
);

/** The whole host configuration file. */
export const HostConfigSchema = Type.Object(
  {
    host: HostSectionSchema,
    connectors: Type.Array(ConnectorSchema, {
      minItems: 1,
      description: 'The connectors this host runs (names unique).',
    }),
  },
  {
    additionalProperties: false,
    title: 'Ferry host configuration',
    description: 'Configuration of a Ferry SCIM connector host (ferry.yaml).',
  },
);

/** The loaded host configuration (defaults applied, secrets resolved, paths absolute). */
export type HostConfig = Static<typeof HostConfigSchema>;
/** The TLS settings: a PEM pair or a PFX file. */
export type TlsConfig = Static<typeof TlsSchema>;
/** One connector. */
export type ConnectorConfig = Static<typeof ConnectorSchema>;
/** One object type of a connector. */
export type ObjectTypeConfig = Static<typeof ObjectTypeSchema>;
/** Options of a memory connector. */
export type MemoryConnectorOptions = Static<typeof MemoryConnectorOptionsSchema>;
/** One attribute of a memory connector's object type. */
export type MemoryAttributeConfig = Static<typeof MemoryAttributeSchema>;
