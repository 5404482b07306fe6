// The flow language's activities as a JSON Schema (TypeBox): the source of editor help and of the types the
// interpreter runs. Every activity is an object named by one key (call, assign, if, …).
import { EXPORT_ERROR_KINDS } from '../../errors/failure-kinds.ts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PagingSchema } from '../../http/paging/config.ts';
import { StatusMapSchema } from '../../http/status-map.ts';

const Tmpl = (description: string) => Type.String({ description });
const Expr = (description: string) =>
  Type.String({ minLength: 1, description: `${description} (an expression, e.g. object.attributes.login != null)` });
const TmplMap = (description: string) =>
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { description });
const Name = (description: string) => Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description });

/** Export error kinds a flow may raise (ECMA2 MAExportError kinds that matter). */
export const ERROR_KINDS = EXPORT_ERROR_KINDS;

/** The `undo` of a step: activities that reverse it, run when a later step fails the flow. */
const Undo = <L extends TSchema>(list: L) =>
  Type.Unsafe<Static<L>>({
    ...list,
    description:
      'Activities that undo this step (e.g. delete what it created). When a later step fails the flow, the undo lists of the steps that succeeded run newest first, with the variables as they were right after the step; then the error goes on.',
  });

/** Every activity kind, with `list` standing for a nested list of activities. */
function activityKinds<L extends TSchema>(list: L) {
  const Self = list;
  const call = Type.Object(
    {
      call: Type.String({
        minLength: 1,
        description: 'The operation: an operation id of the service\'s discovery, or "METHOD /path/{{ template }}".',
      }),
      service: Type.Optional(
        Type.String({ description: "The service (default: the project's only or first service)." }),
      ),
      path: Type.Optional(
        TmplMap('Path parameters of the operation ({name} in its path), URL-encoded as path segments.'),
      ),
      query: Type.Optional(TmplMap('Query parameters; a single {{ list }} repeats the parameter.')),
      headers: Type.Optional(TmplMap('Request headers (values may not contain line breaks).')),
      body: Type.Optional(
        Type.Unknown({
          description:
            'JSON body: a template object; a string that is one {{ expression }} keeps its type; undefined values are left out.',
        }),
      ),
      form: Type.Optional(TmplMap('Form body (application/x-www-form-urlencoded).')),
      args: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description:
            'SOAP operations: the input message as a structure of templates (element name → value, nested objects, lists for arrays); values are XML-escaped.',
        }),
      ),
      as: Type.Optional(Name('Variable that receives { status, headers, body } (for paged calls: the last page).')),
      notFound: Type.Optional(
        Type.Union([Type.Literal('error'), Type.Literal('null')], {
          description: '404: an error (default) or the variable set to null.',
        }),
      ),
      errors: Type.Optional(StatusMapSchema),
      paginate: Type.Optional(PagingSchema),
      records: Type.Optional(
        Type.String({ description: "With paginate: the body path of the page's records (e.g. data)." }),
      ),
      each: Type.Optional(
        Type.Object(
          { as: Name('Variable for each record.'), do: Self },
          {
            additionalProperties: false,
            description: 'With paginate: activities run for every record of every page, streaming.',
          },
        ),
      ),
      collect: Type.Optional(
        Type.Object(
          {
            as: Name('Variable for each record.'),
            value: Type.Unknown({ description: 'Template of the value gathered for each record (undefined: none).' }),
            into: Name('Variable that receives the list, once the call has read every page.'),
          },
          {
            additionalProperties: false,
            description:
              'With records: gathers one value per record of every page into a new list (e.g. the member ids of a group). Unlike append in a loop, which copies the list each time, this costs one step per record.',
          },
        ),
      ),
      idempotent: Type.Optional(
        Type.Boolean({ description: 'Override: may the call be retried after it was sent? (default: by method)' }),
      ),
      undo: Type.Optional(Undo(Self)),
    },
    { additionalProperties: false, description: 'Calls a REST operation of a service.' },
  );
  const run = Type.Object(
    {
      run: Name('The sub-flow to run (a name under flows.subflows).'),
      with: Type.Optional(
        Type.Record(Name('parameter'), Type.Unknown(), {
          description: 'Its parameters: name → template (a parameter not given is undefined).',
        }),
      ),
      as: Type.Optional(Name("Variable that receives the sub-flow's result.")),
      undo: Type.Optional(Undo(Self)),
    },
    {
      additionalProperties: false,
      description: 'Runs a named sub-flow with its own variables (params and its parameters), and keeps its result.',
    },
  );
  const assign = Type.Object(
    {
      assign: Type.Record(Name('variable'), Type.Unknown(), {
        description: 'Variables to set: name → template (or a structure of templates).',
      }),
    },
    { additionalProperties: false },
  );
  const ifA = Type.Object(
    { if: Expr('Condition'), then: Self, else: Type.Optional(Self) },
    { additionalProperties: false },
  );
  const switchA = Type.Object(
    {
      switch: Expr('Value to compare'),
      cases: Type.Record(Type.String(), Self, { description: 'Value (as text) → activities.' }),
      default: Type.Optional(Self),
    },
    { additionalProperties: false },
  );
  const forEach = Type.Object(
    {
      forEach: Expr('A list'),
      as: Name('Variable for each item.'),
      do: Self,
      concurrency: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 64,
          description:
            'Items run at once (default 1). Above 1, each item gets its own copy of the variables: what the body assigns stays inside it.',
        }),
      ),
    },
    { additionalProperties: false },
  );
  const whileA = Type.Object(
    {
      while: Expr('Condition checked before each round'),
      do: Self,
      max: Type.Optional(
        Type.Integer({ minimum: 1, description: 'Most rounds (default 100000): a guard against endless loops.' }),
      ),
    },
    { additionalProperties: false },
  );
  const doWhile = Type.Object(
    { doWhile: Expr('Condition checked after each round'), do: Self, max: Type.Optional(Type.Integer({ minimum: 1 })) },
    { additionalProperties: false },
  );
  const tryA = Type.Object(
    {
      try: Self,
      catch: Self,
      as: Type.Optional(Name('Variable receiving { kind, message, status } (default error).')),
    },
    { additionalProperties: false },
  );
  const throwA = Type.Object(
    {
      throw: Tmpl(
        'Message, or the name of a variable holding a caught error (throw: error) to re-raise it as it was (kind, status, Retry-After)',
      ),
      kind: Type.Optional(
        Type.String({
          pattern: `^(${ERROR_KINDS.join('|')})$|\\{\\{`,
          description: `Error kind (default rejected): one of ${ERROR_KINDS.join(', ')}, or a template computing one.`,
        }),
      ),
      retryAfter: Type.Optional(
        Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '\\{\\{' })], {
          description: 'Seconds the client should wait (throttled, unavailable): a number or a template.',
        }),
      ),
    },
    { additionalProperties: false },
  );
  const log = Type.Object(
    {
      log: Tmpl('Message'),
      level: Type.Optional(Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn')])),
    },
    { additionalProperties: false },
  );
  const emit = Type.Object(
    {
      emit: Type.Object(
        {
          anchor: Tmpl('Anchor of the imported object'),
          attributes: Type.Record(Type.String(), Type.Unknown(), { description: 'Attribute → template.' }),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false, description: 'Import flows: hands one object to the connector space.' },
  );
  const emitDelete = Type.Object(
    { emitDelete: Tmpl('Anchor of an object the application deleted (delta import).') },
    { additionalProperties: false },
  );
  const watermark = Type.Object(
    { watermark: Tmpl('The watermark the next delta import starts from.') },
    { additionalProperties: false },
  );
  const result = Type.Object(
    {
      result: Type.Object(
        {
          anchor: Type.Optional(Tmpl('Anchor of the exported object (required when the application assigns it).')),
          attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false, description: "Export flows: the object's export result (success)." },
  );
  return {
    call,
    run,
    assign,
    if: ifA,
    switch: switchA,
    forEach,
    while: whileA,
    doWhile,
    try: tryA,
    throw: throwA,
    log,
    emit,
    emitDelete,
    watermark,
    result,
  };
}

/** The name of each activity kind: the key that identifies it. */
export type ActivityKind = Extract<keyof ReturnType<typeof activityKinds>, string>;

/** Per kind, the schema of one activity whose nested lists are checked separately (precise errors). */
export const ACTIVITY_KINDS = activityKinds(Type.Array(Type.Unknown()));

/** The activities, recursively (for the project's JSON Schema and the interpreter's types). */
export const ActivityListSchema = Type.Recursive(
  (Self) =>
    Type.Array(Type.Union(Object.values(activityKinds(Self))), {
      description: 'Activities run in order.',
    }),
  { $id: 'ActivityList' },
);

/** A list of activities. */
export type ActivityList = Static<typeof ActivityListSchema>;
/** One activity. */
export type Activity = ActivityList[number];
