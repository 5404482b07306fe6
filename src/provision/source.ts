// The source of a provisioning job: where users come from. CSV and JSON files today; an HR API or a directory
// can implement the same interface.
import { readFile } from 'node:fs/promises';
import type { ExprValue } from '../expr/types.ts';

/** A user as read from the source: its identifier and attributes (null when empty or absent). */
export interface SourceRecord {
  /** The value of the source's id attribute (unique, never empty). */
  readonly id: string;
  /** The attributes by name, as the source spells them. */
  readonly attributes: Readonly<Record<string, ExprValue>>;
}

/** A source of users. */
export interface UserSource {
  /** What the source is, for reports: `csv users.csv`. */
  readonly description: string;
  /** Every user of the source, in source order; throws a SourceError when the source cannot be read. */
  readAll(): Promise<SourceRecord[]>;
}

/** A source that cannot be read or holds invalid data (unreadable file, duplicate or empty id, bad syntax). */
export class SourceError extends Error {
  override readonly name: string = 'SourceError';
  constructor(message: string) {
    super(message);
  }
}

/** A source file's text; a SourceError naming the file when it cannot be read. */
export async function readSourceFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new SourceError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
