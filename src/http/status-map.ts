// The table that says which export error kind an application's failure status means. Defaults cover the common
// REST conventions; a project adds rows per service (http.errors) or per call (a call's errors), first match wins.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../config/schema-helpers.ts';
import type { ExportErrorKind, StatusMapRow } from '../errors/failure-kinds.ts';
import { matchesStatus } from './status-pattern.ts';

/** The kinds a row of the table may name (the export error kinds an HTTP answer can mean). */
export const MAPPED_KINDS = [
  'invalidValue',
  'uniqueness',
  'notFound',
  'throttled',
  'unavailable',
  'unauthorized',
  'missingAttribute',
  'rejected',
] as const satisfies readonly ExportErrorKind[];

/** One row: a status (code or class), optionally a regular expression the body must match, and the kind. */
export const StatusMapEntrySchema = Type.Object(
  {
    status: Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.String({ pattern: '^[1-5]xx$' })], {
      description: 'A failure status such as 400, or a class such as "4xx".',
    }),
    match: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'A regular expression (case-insensitive) the response body must match, e.g. "already exists".',
      }),
    ),
    kind: StringEnum(MAPPED_KINDS, { description: 'The export error kind this answer means.' }),
  },
  { additionalProperties: false },
);

/** The table of a service or a call. */
export const StatusMapSchema = Type.Array(StatusMapEntrySchema, {
  description:
    'How failure answers map to export error kinds, before the defaults (400/422 invalidValue, 401/403 unauthorized, 404/410 notFound, 409 uniqueness, 429 throttled, 5xx unavailable); first match wins.',
});

/** One row of a status map. */
export type StatusMapEntry = Static<typeof StatusMapEntrySchema>;

const compiled = new Map<string, RegExp>();

function regexOf(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    compiled.set(source, re);
  }
  return re;
}

/** The kind the first matching row names, or undefined when no row matches. */
export function kindFromTable(
  rows: readonly StatusMapRow[],
  status: number,
  body: string,
): ExportErrorKind | undefined {
  for (const row of rows) {
    if (!matchesStatus(status, [row.status])) continue;
    if (row.match !== undefined && !regexOf(row.match).test(body)) continue;
    return row.kind;
  }
  return undefined;
}

/** Throws when a row's `match` is not a valid regular expression (checked when settings load). */
export function checkStatusMap(rows: readonly StatusMapRow[]): void {
  for (const row of rows) if (row.match !== undefined) regexOf(row.match);
}
