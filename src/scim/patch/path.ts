// PATCH paths (RFC 7644 §3.5.2): attrPath, or valuePath with an optional '.subAttr', URN-qualified or not.
import { scimError } from '../../errors/catalogue.ts';
import { parseAttrWord, isAttrName } from '../filter/attr-path.ts';
import type { Filter } from '../filter/ast.ts';
import { at, tokenize, type FailFn } from '../filter/lexer.ts';
import { FilterParser, MAX_FILTER_BYTES } from '../filter/parser.ts';
import { findSubAttribute, type ResourceSchema } from '../schema/resource-schema.ts';
import type { AttributeDef, SchemaDef } from '../schema/types.ts';

/** A resolved PATCH path. Without `attr` it names a whole schema (an extension URN alone). */
export interface PatchPath {
  /** The path as the client wrote it, for messages. */
  text: string;
  schema: SchemaDef;
  /** True when values live under the schema URN key (an extension). */
  extension: boolean;
  attr?: AttributeDef;
  /** The value selection filter of `attr[filter]`; its names are sub-attributes of `attr`. */
  filter?: Filter;
  /** The sub-attribute of `attr.sub` or `attr[filter].sub`. */
  subAttr?: AttributeDef;
}

/** Parses and resolves a PATCH path; anything malformed or unknown is scimError.invalidPath. */
export function parsePatchPath(text: string, schema: ResourceSchema): PatchPath {
  const fail: FailFn = scimError.invalidPath;
  if (typeof text !== 'string' || text.trim() === '') throw fail('PATCH path is empty');
  if (text.length > MAX_FILTER_BYTES) throw fail(`PATCH path is longer than ${MAX_FILTER_BYTES} characters`);
  const parser = new FilterParser(tokenize(text, fail, 'path'), schema, fail, 'path');
  const first = parser.next();
  if (first.kind !== 'word') throw fail(`PATCH path '${text}' must start with an attribute name (${at(first.pos)})`);
  const { ref, urnOnly } = parseAttrWord(first.text, first.pos, schema, fail, true);

  if (urnOnly) {
    const named = schema.schemaById(ref.urn ?? '');
    if (!named) throw fail(`Unknown schema '${first.text}' in PATCH path`);
    parser.expectEnd();
    return { text, schema: named, extension: schema.isExtension(named.id) };
  }

  const resolved = schema.resolve(ref);
  if (!resolved) {
    if (ref.urn !== undefined && !schema.schemaById(ref.urn))
      throw fail(`Unknown schema '${ref.urn}' in PATCH path '${text}'`);
    const what = ref.sub !== undefined ? `attribute '${ref.name}.${ref.sub}'` : `attribute '${ref.name}'`;
    throw fail(`Unknown ${what} in PATCH path '${text}'`);
  }
  const out: PatchPath = { text, schema: resolved.schema, extension: resolved.extension, attr: resolved.attr };
  if (resolved.subAttr) out.subAttr = resolved.subAttr;

  const open = parser.peek();
  if (open.kind === '[') {
    if (ref.sub !== undefined)
      throw fail(`A value filter cannot follow sub-attribute '${first.text}' (${at(open.pos)}) in PATCH path`);
    if (!resolved.attr.multiValued) {
      throw fail(
        `'${resolved.attr.name}' is single-valued; a value filter '[...]' needs a multi-valued attribute (${at(open.pos)})`,
      );
    }
    parser.next();
    out.filter = parser.parseValueFilter(open, resolved.attr);
    const dotted = parser.peek();
    if (dotted.kind === 'word' && dotted.text.startsWith('.')) {
      parser.next();
      const subName = dotted.text.slice(1);
      if (!isAttrName(subName)) throw fail(`Invalid sub-attribute '${dotted.text}' at ${at(dotted.pos)} in PATCH path`);
      const sub = resolved.attr.type === 'complex' ? findSubAttribute(resolved.attr, subName) : undefined;
      if (!sub)
        throw fail(`'${resolved.attr.name}' has no sub-attribute '${subName}' (${at(dotted.pos)} in PATCH path)`);
      out.subAttr = sub;
    }
  }
  parser.expectEnd();
  return out;
}
