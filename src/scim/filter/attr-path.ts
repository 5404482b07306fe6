// Turns one attribute-path word (`userName`, `name.familyName`, `urn:...:User:city`, `$ref`) into an AttrRef.
import type { ResourceSchema } from '../schema/resource-schema.ts';
import { splitAtLastColon, startsWithUrn } from '../schema/resource-schema.ts';
import type { AttrRef } from '../schema/types.ts';
import { at, type FailFn } from './lexer.ts';

// ATTRNAME of RFC 7644 §3.10 (ALPHA *(nameChar)), plus a leading '_' some applications use, plus `$ref`.
const ATTR_NAME = /^(?:\$ref|[A-Za-z_][A-Za-z0-9_-]*)$/i;

/** True when `name` is a well-formed attribute name. */
export function isAttrName(name: string): boolean {
  return ATTR_NAME.test(name);
}

/** A parsed attribute-path word; `urnOnly` when the word is a schema URN with nothing after it. */
export interface ParsedAttrWord {
  ref: AttrRef;
  urnOnly: boolean;
}

/**
 * Parses an attribute-path word. A `urn:` word is split by the schema (longest known schema id) or, without a
 * schema, at the last ':'. With a schema, names it knows are returned in their declared case.
 */
export function parseAttrWord(
  word: string,
  pos: number,
  schema: ResourceSchema | undefined,
  fail: FailFn,
  allowUrnOnly = false,
): ParsedAttrWord {
  let urn: string | undefined;
  let rest = word;
  if (startsWithUrn(word)) {
    const split = schema ? schema.splitUrn(word) : splitAtLastColon(word);
    urn = split.urn;
    rest = split.rest;
    if (rest === '') {
      if (allowUrnOnly && urn !== undefined) return { ref: { urn, name: '' }, urnOnly: true };
      throw fail(`'${word}' at ${at(pos)} names a schema but no attribute (expected 'urn:...:attributeName')`);
    }
  }
  const dot = rest.indexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? undefined : rest.slice(dot + 1);
  if (!isAttrName(name)) throw fail(`Invalid attribute name '${name}' at ${at(pos)}`);
  if (sub !== undefined && !isAttrName(sub)) {
    throw fail(`Invalid sub-attribute name '${sub}' in '${word}' at ${at(pos)}`);
  }
  const ref: AttrRef = urn === undefined ? { name } : { urn, name };
  if (sub !== undefined) ref.sub = sub;
  return { ref: canonical(ref, schema), urnOnly: false };
}

/** Declared-case names for a reference the schema knows; a URN is kept only when one was written. */
function canonical(ref: AttrRef, schema: ResourceSchema | undefined): AttrRef {
  const r = schema?.resolve(ref);
  if (!r) return ref;
  const out: AttrRef = { name: r.attr.name };
  if (ref.urn !== undefined) out.urn = r.schema.id;
  if (r.subAttr) out.sub = r.subAttr.name;
  return out;
}
