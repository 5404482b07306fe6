// Paging strategies as a project writes them. No defaults inside the union (Ajv ignores them there): optional
// settings are documented with their default and filled by the strategy.
import { Type, type Static } from '@sinclair/typebox';

const Param = (description: string) => Type.String({ minLength: 1, description });
const PageSize = Type.Integer({ minimum: 1, description: 'Items asked for per page.' });
const TotalFrom = Type.Optional(
  Type.String({
    description:
      'JSON path of the total item count in the body; when present, paging stops at it instead of on a short page.',
  }),
);

/** offset + limit (start 0), or a 1-based start index (SCIM startIndex/count). */
export const OffsetLimitPagingSchema = Type.Object(
  {
    type: Type.Literal('offsetLimit'),
    offsetParam: Param('Query parameter of the offset, e.g. offset or startIndex.'),
    limitParam: Param('Query parameter of the page size, e.g. limit or count.'),
    pageSize: PageSize,
    start: Type.Optional(
      Type.Union([Type.Literal(0), Type.Literal(1)], {
        description: 'Offset of the first item: 0 (default) or 1 (SCIM startIndex).',
      }),
    ),
    totalFrom: TotalFrom,
  },
  {
    additionalProperties: false,
    title: 'offsetLimit',
    description: 'Offset and limit; stops on a short or empty page.',
  },
);

/** Page number + page size. */
export const PageNumberPagingSchema = Type.Object(
  {
    type: Type.Literal('pageNumber'),
    pageParam: Param('Query parameter of the page number.'),
    sizeParam: Param('Query parameter of the page size.'),
    pageSize: PageSize,
    firstPage: Type.Optional(Type.Integer({ minimum: 0, description: 'Number of the first page (default 1).' })),
    totalFrom: TotalFrom,
  },
  {
    additionalProperties: false,
    title: 'pageNumber',
    description: 'Page number and size; stops on a short or empty page.',
  },
);

/** A cursor or continuation token read from the body. */
export const CursorPagingSchema = Type.Object(
  {
    type: Type.Literal('cursor'),
    param: Param('Query parameter that carries the cursor.'),
    from: Type.String({
      description: 'JSON path of the next cursor in the body; paging stops when it is missing, null or empty.',
    }),
    sizeParam: Type.Optional(Param('Query parameter of the page size.')),
    pageSize: Type.Optional(PageSize),
  },
  {
    additionalProperties: false,
    title: 'cursor',
    description: 'Cursor or token: the next page is asked for with the cursor of the last.',
  },
);

/** A next link in the body or the Link header. */
export const NextLinkPagingSchema = Type.Object(
  {
    type: Type.Literal('nextLink'),
    from: Type.String({
      description:
        'JSON path of the next page URL in the body, or "link-header" for the Link header (RFC 8288 rel="next").',
    }),
    sizeParam: Type.Optional(Param('Query parameter of the page size (first request only; the links carry it after).')),
    pageSize: Type.Optional(PageSize),
  },
  {
    additionalProperties: false,
    title: 'nextLink',
    description: 'Follows the next link until there is none; links to another origin are refused.',
  },
);

/** Keyset (seek) paging on the last value of a sorted field. */
export const KeysetPagingSchema = Type.Object(
  {
    type: Type.Literal('keyset'),
    param: Param('Query parameter that carries the last value, e.g. after.'),
    field: Type.String({
      minLength: 1,
      description: 'JSON path, inside an item, of the field the application sorts on (e.g. id).',
    }),
    pageSize: PageSize,
    sizeParam: Type.Optional(Param('Query parameter of the page size.')),
  },
  {
    additionalProperties: false,
    title: 'keyset',
    description: 'Asks for the items after the last one seen; stops on a short or empty page.',
  },
);

/** Every paging strategy. */
export const PagingSchema = Type.Union(
  [OffsetLimitPagingSchema, PageNumberPagingSchema, CursorPagingSchema, NextLinkPagingSchema, KeysetPagingSchema],
  {
    description: 'Paging: offsetLimit, pageNumber, cursor, nextLink or keyset.',
  },
);

/** A paging strategy's settings. */
export type PagingSettings = Static<typeof PagingSchema>;
/** offsetLimit settings. */
export type OffsetLimitPaging = Static<typeof OffsetLimitPagingSchema>;
/** pageNumber settings. */
export type PageNumberPaging = Static<typeof PageNumberPagingSchema>;
/** cursor settings. */
export type CursorPaging = Static<typeof CursorPagingSchema>;
/** nextLink settings. */
export type NextLinkPaging = Static<typeof NextLinkPagingSchema>;
/** keyset settings. */
export type KeysetPaging = Static<typeof KeysetPagingSchema>;
