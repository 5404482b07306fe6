// Positions in a parsed YAML document: from a setting path to the line and column a person should look at.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { formatPath, type ConfigProblem } from './config-error.ts';

/** A path inside a configuration value: keys and array indexes. */
export type SettingPath = readonly (string | number)[];

/** A parsed YAML file that can tell where each setting is written. */
export class YamlSource {
  /** The file name used in messages (as given by the caller). */
  readonly file: string;
  readonly #doc: Document.Parsed;
  readonly #lines: LineCounter;

  constructor(file: string, doc: Document.Parsed, lines: LineCounter) {
    this.file = file;
    this.#doc = doc;
    this.#lines = lines;
  }

  /**
   * The 1-based line and column of a setting: its key when it is a map entry, the item when it is an array
   * element. A path that is not written in the file (a default) resolves to its nearest written ancestor.
   */
  locate(path: SettingPath): { line: number; column: number } {
    let node: unknown = this.#doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.#doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    const pos = this.#lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** A problem located at `path`. */
  problem(path: SettingPath, message: string): ConfigProblem {
    return { file: this.file, ...this.locate(path), path: formatPath(path), message };
  }
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const range = (node as Node).range;
  return Array.isArray(range) ? range[0] : undefined;
}
