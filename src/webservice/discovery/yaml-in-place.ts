// Edits a YAML file in place. The change is made on the parsed Document (so comments and key order inside the
// edited part survive), but only the edited entries are rendered back into the text: every other byte of the
// file (comments, quoting, flow maps, indentation, blank lines) stays exactly as the person wrote it.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type ToStringOptions,
} from 'yaml';

/** A path of map keys from the top of the document. */
export type KeyPath = readonly string[];

/** Where one edited entry goes back into the original text. */
interface Region {
  /** The entry re-rendered: the key path of the pair copied from the new rendering. */
  prefix: KeyPath;
  start: number;
  end: number;
  /** True when the entry is new (inserted at `start`), false when it replaces start..end. */
  insert: boolean;
  /** Column of the entry's key in the original. */
  column: number;
}

/**
 * Runs `edit` on the parsed `text` and returns the new text, in which only the entries at `touched` (or, for an
 * entry inside a flow collection, the nearest block entry holding it) are rewritten. When the document cannot
 * be edited that way (a top level written in flow style), the whole document is rendered instead.
 */
export function editYamlInPlace(
  text: string,
  touched: readonly KeyPath[],
  edit: (doc: Document.Parsed) => void,
): string {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`cannot edit YAML with errors: ${doc.errors[0].message.split('\n')[0]}`);
  const options = renderOptions(doc, text);
  const planned = touched.map((p) => planRegion(doc, text, p));
  edit(doc);
  if (planned.some((r) => r === undefined)) return doc.toString(options);
  const regions = dedupe(planned as Region[]);
  for (const r of regions) unflowBelow(doc, r.prefix, touched);
  const rendered = doc.toString(options);
  const after = parseDocument(rendered);
  let out = text;
  // From the end of the file backwards, so earlier offsets stay valid; at one offset, the outer entry first so
  // the inner one (an entry of a map that ends there) lands before it.
  const ordered = [...regions].sort((a, b) => b.start - a.start || a.prefix.length - b.prefix.length);
  for (const r of ordered) {
    let piece = renderedPiece(after, rendered, r);
    if (piece === undefined) return rendered;
    if (!r.insert && text.slice(r.start, r.end).endsWith('\n') !== piece.endsWith('\n'))
      piece = piece.endsWith('\n') ? piece.slice(0, -1) : `${piece}\n`;
    // The last line of a file may have no line break: the new entry needs one before it.
    if (r.insert && r.start > 0 && text[r.start - 1] !== '\n') piece = `\n${piece}`;
    // A file with Windows line ends keeps them in the new lines too.
    if (text.includes('\r\n')) piece = piece.replace(/\r?\n/g, '\r\n');
    out = out.slice(0, r.start) + piece + out.slice(r.end);
  }
  // A safety net: the spliced text must mean what the edited document means, or the plain rendering is used.
  return sameMeaning(out, after) ? out : rendered;
}

function sameMeaning(text: string, expected: Document.Parsed): boolean {
  try {
    const check = parseDocument(text);
    return (
      check.errors.length === 0 &&
      JSON.stringify(check.toJS({ maxAliasCount: -1 })) === JSON.stringify(expected.toJS({ maxAliasCount: -1 }))
    );
  } catch {
    return false;
  }
}

/** Indentation as the file writes it, no folding of long lines (a folded line is a needless diff). */
function renderOptions(doc: Document.Parsed, text: string): ToStringOptions {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const visit = (node: unknown, keyCol: number | undefined): void => {
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const col = isScalar(pair.key) && pair.key.range ? columnAt(text, pair.key.range[0]) : undefined;
        if (indent === undefined && keyCol !== undefined && col !== undefined && col > keyCol) indent = col - keyCol;
        visit(pair.value, col);
      }
    } else if (isSeq(node) && !node.flow && node.range) {
      const col = columnAt(text, node.range[0]);
      if (indentSeq === undefined && keyCol !== undefined) indentSeq = col > keyCol;
      for (const item of node.items) visit(item, undefined);
    }
  };
  visit(doc.contents, undefined);
  return { indent: indent ?? 2, indentSeq: indentSeq ?? true, lineWidth: 0 };
}

/** Where the entry at `path` goes: the existing pair, or the end of the deepest existing block map. */
function planRegion(doc: Document.Parsed, text: string, path: KeyPath): Region | undefined {
  let node: unknown = doc.contents;
  let holder: Pair | undefined;
  for (let i = 0; i < path.length; i++) {
    if (!isMap(node) || node.flow) {
      // A flow collection or a scalar in the way: re-render the block entry that holds it.
      if (!holder) return undefined;
      return replaceRegion(text, holder, path.slice(0, i));
    }
    const pair = findPair(node, path[i]);
    if (!pair) {
      const first = node.items[0];
      const column = first && isScalar(first.key) && first.key.range ? columnAt(text, first.key.range[0]) : 0;
      const at = contentEnd(text, node);
      return { prefix: path.slice(0, i + 1), start: at, end: at, insert: true, column };
    }
    if (i === path.length - 1) return replaceRegion(text, pair, path);
    holder = pair;
    node = pair.value;
  }
  return undefined;
}

function replaceRegion(text: string, pair: Pair, prefix: KeyPath): Region | undefined {
  if (!isScalar(pair.key) || !pair.key.range) return undefined;
  const start = pair.key.range[0];
  return { prefix, start, end: pairEnd(text, pair), insert: false, column: columnAt(text, start) };
}

/** Drops regions inside another one (the outer rendering carries them) and repeated ones. */
function dedupe(regions: Region[]): Region[] {
  const kept: Region[] = [];
  for (const r of [...regions].sort((a, b) => a.prefix.length - b.prefix.length)) {
    if (!kept.some((o) => o.prefix.every((k, i) => r.prefix[i] === k))) kept.push(r);
  }
  return kept;
}

/** Re-rendered entries are written in block style along the edited paths, whatever they were before. */
function unflowBelow(doc: Document.Parsed, prefix: KeyPath, touched: readonly KeyPath[]): void {
  for (const path of touched) {
    if (!prefix.every((k, i) => path[i] === k)) continue;
    for (let i = prefix.length; i <= path.length; i++) {
      const node = doc.getIn(path.slice(0, i), true);
      if ((isMap(node) || isSeq(node)) && node.flow) {
        node.flow = false;
        // The comment after a flow collection would land after the whole block (outside the copied entry):
        // it moves to the top of the block instead, so it is not lost.
        if (node.comment) {
          node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${node.comment}` : node.comment;
          node.comment = undefined;
        }
      }
    }
  }
}

/** The text of the pair at `r.prefix` in the rendering, indented and terminated as the original needs. */
function renderedPiece(after: Document.Parsed, rendered: string, r: Region): string | undefined {
  const parent = r.prefix.length === 1 ? after.contents : after.getIn(r.prefix.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = findPair(parent, r.prefix[r.prefix.length - 1]);
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  const start = pair.key.range[0];
  let piece = rendered.slice(start, pairEnd(rendered, pair));
  const shift = r.column - columnAt(rendered, start);
  if (shift !== 0) {
    piece = piece
      .split('\n')
      .map((line, i) =>
        i === 0 || line === ''
          ? line
          : shift > 0
            ? ' '.repeat(shift) + line
            : line.slice(Math.min(-shift, line.length - line.trimStart().length)),
      )
      .join('\n');
  }
  return r.insert ? ' '.repeat(r.column) + (piece.endsWith('\n') ? piece : `${piece}\n`) : piece;
}

/** Like `findPair` for a key path segment: keys are compared as text (YAML may read `200` as a number). */
function findPair(map: { items: unknown[] }, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair;
  }
  return undefined;
}

/** Where a pair's content ends: after the line of its last value, before any comment lines that follow. */
function pairEnd(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  if (value?.range) return contentEnd(text, value);
  const key = pair.key as Node;
  return lineEnd(text, key.range ? key.range[1] : 0);
}

/**
 * The end of a node's own content: block collections end with their last item, so trailing comments (which the
 * parser counts as part of the collection, even at a lower indentation) stay where they are.
 */
function contentEnd(text: string, node: unknown): number {
  if (isMap(node) && !node.flow && node.items.length) return pairEnd(text, node.items[node.items.length - 1]);
  if (isSeq(node) && !node.flow && node.items.length) {
    const last = node.items[node.items.length - 1] as Node | null;
    if (last?.range) return contentEnd(text, last);
  }
  const range = (node as Node).range;
  return lineEnd(text, range ? range[1] : 0);
}

/** The offset after the end of the line `offset` is on (itself when at the start of a line). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function columnAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
